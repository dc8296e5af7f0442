import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { KindredError } from '@kindred/errors'
import { createSessionValidity, getAccount, type SessionValidity } from '@kindred/identity'

declare module 'fastify' {
  interface FastifyInstance {
    /** Which access tokens still stand; call `forget(accountId)` after ending an account's sessions. */
    sessionValidity: SessionValidity
  }
  interface FastifyRequest {
    /**
     * The id of the account signed in with this request's hub access token, or a 401: the token must be
     * valid and issued after the account last ended its sessions (password change, ban, erasure).
     */
    currentAccountId(): Promise<string>
    /** Like currentAccountId, for routes of the network staff only: 403 for any other account. */
    currentStaffId(): Promise<string>
  }
}

async function currentAccount(app: FastifyInstance): Promise<void> {
  const validity = createSessionValidity(app.database.db)
  app.decorate('sessionValidity', validity)
  app.decorateRequest('currentAccountId', async function (this: FastifyRequest) {
    const claims = await this.verifyAccessToken()
    if (!(await validity.isCurrent(claims.sub, claims.iat))) {
      throw new KindredError('KINDRED_UNAUTHORIZED', 'Invalid or expired token')
    }
    return claims.sub
  })
  app.decorateRequest('currentStaffId', async function (this: FastifyRequest) {
    const accountId = await this.currentAccountId()
    const account = await getAccount(app.database.db, accountId)
    if (!account.roles.includes('staff')) throw new KindredError('KINDRED_FORBIDDEN', 'This is for network staff only')
    return accountId
  })
}

export default fp(currentAccount, { name: 'kindred-current-account', dependencies: ['kindred-database', 'kindred-tokens'] })

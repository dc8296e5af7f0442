import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { KindredError } from '@kindred/errors'
import { getAccount } from '@kindred/identity'
import { changesNothing } from './read-only.ts'
import { subjectId } from './tokens.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The id of the account signed in with this request's hub access token, or a 401: the token must be
     * valid, issued after the account last ended its sessions (password change, ban, erasure), and not
     * revoked by signing out.
     */
    currentAccountId(): Promise<string>
    /** Like currentAccountId, with the session (`sid`) and `iat` of the hub access token that signed the account in. */
    currentSignIn(): Promise<{ accountId: string; sessionId: string; issuedAt: number }>
    /** Like currentAccountId, for routes of the network staff only: 403 for any other account. */
    currentStaffId(): Promise<string>
    /** The account `currentAccountId` established, if it was called. */
    kindredAccountId: string | null
  }
}

async function currentAccount(app: FastifyInstance): Promise<void> {
  app.decorateRequest('kindredAccountId', null)
  // A change an account makes is heard by every hub through NOTIFY, a few milliseconds after it commits;
  // the hub that made it forgets what it kept of the account before answering, so the account's next
  // request reads its own change whatever the notification's delay.
  // A callback hook: it runs on every response, and an async one would cost a promise each time.
  app.addHook('onSend', (request, _reply, payload, done) => {
    if (request.kindredAccountId !== null && !changesNothing(request)) {
      app.profiles.forget(request.kindredAccountId)
      app.membershipLinks.forget(request.kindredAccountId)
    }
    done(null, payload)
  })
  app.decorateRequest('currentSignIn', async function (this: FastifyRequest) {
    const claims = await this.verifyAccessToken()
    const accountId = subjectId(claims)
    // Tokens from before sessions were named in them have no `sid`: the token stands for its session.
    const sessionId = typeof claims.sid === 'string' ? claims.sid : claims.jti
    if (!(await app.sessionValidity.isCurrent(accountId, claims.iat, [claims.jti, sessionId]))) {
      throw new KindredError('KINDRED_UNAUTHORIZED', 'Invalid or expired token')
    }
    this.kindredAccountId = accountId
    return { accountId, sessionId, issuedAt: claims.iat }
  })
  app.decorateRequest('currentAccountId', async function (this: FastifyRequest) {
    return (await this.currentSignIn()).accountId
  })
  app.decorateRequest('currentStaffId', async function (this: FastifyRequest) {
    const accountId = await this.currentAccountId()
    const account = await getAccount(app.database.db, accountId)
    if (!account.roles.includes('staff')) throw new KindredError('KINDRED_FORBIDDEN', 'This is for network staff only')
    return accountId
  })
}

export default fp(currentAccount, { name: 'kindred-current-account', dependencies: ['kindred-database', 'kindred-tokens', 'kindred-caches'] })

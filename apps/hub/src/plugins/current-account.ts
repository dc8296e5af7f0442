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
    /** The account `currentAccountId` established, if it was called, or the site's signed-in visitor. */
    kindredAccountId: string | null
    /** The staff account the `networkStaff` hook let through. */
    staffId(): string
    kindredStaffId: string | null
  }
  interface FastifyInstance {
    /**
     * The onRequest hook of the network staff's routes (the `/v1/admin` scope's, and a staff route's own
     * elsewhere): the account signed in with the hub token, as `currentAccountId` (401 otherwise), must hold
     * the `staff` role (403 for any other), before the request is parsed or validated.
     */
    networkStaff: (request: FastifyRequest) => Promise<void>
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
  app.decorateRequest('kindredStaffId', null)
  app.decorateRequest('staffId', function (this: FastifyRequest) {
    if (this.kindredStaffId === null) throw new Error('staffId() on a route without the networkStaff hook')
    return this.kindredStaffId
  })
  app.decorate('networkStaff', async (request: FastifyRequest) => {
    const accountId = await request.currentAccountId()
    const account = await getAccount(app.database.db, accountId)
    if (!account.roles.includes('staff')) throw new KindredError('KINDRED_FORBIDDEN', 'This is for network staff only')
    request.kindredStaffId = accountId
  })
}

export default fp(currentAccount, {
  name: 'kindred-current-account',
  dependencies: ['kindred-database', 'kindred-tokens', 'kindred-caches'],
})

import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { authenticate, requestRegistration, rotateSession, sessionLifetimeSeconds, startSession } from '@kindred/identity'
import { strictObject, type TypeBoxApp } from '../typebox.ts'
import { limitedSignIn } from './login-limits.ts'
import { email, password, refreshToken } from './schemas.ts'
import { signOut } from './sign-out.ts'
import { tokenPair } from './token-pair.ts'

const registerBody = strictObject({ email, password, displayName: Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' }) })
const loginBody = strictObject({ email, password })
const refreshBody = strictObject({ refreshToken })
const registered = strictObject(
  { status: Type.Literal('checkYourMail') },
  { description: 'The same answer whether or not the address already has an account: the mail sent to it differs' },
)

const byAddress = (request: FastifyRequest): string => request.ip

export default async function authRoutes(app: TypeBoxApp): Promise<void> {
  const signIn = limitedSignIn(app)

  app.post(
    '/v1/auth/register',
    {
      preHandler: app.rateLimits(app.limit('registerPerAddress', byAddress)),
      schema: {
        operationId: 'registerAccount',
        security: [],
        summary:
          'Create an account and mail a link to confirm its address (24 hours, once), or, if the address has an account, tell its owner by mail instead; 202 either way. Sign in with POST /v1/auth/login: joining, proposing and supporting wait for the address to be confirmed',
        tags: ['auth'],
        body: registerBody,
        response: { 202: registered },
      },
    },
    async (request, reply) => {
      // No tokens: they would tell that the account is new, which the answer must not.
      await requestRegistration(app.database.db, request.body)
      return reply.code(202).send({ status: 'checkYourMail' as const })
    },
  )

  app.post(
    '/v1/auth/login',
    {
      // Every attempt per address, against spraying many accounts; the failures per account are counted by
      // limitedSignIn, which needs to know how each attempt ended.
      preHandler: app.rateLimits(app.limit('loginPerAddress', byAddress)),
      schema: {
        operationId: 'login',
        security: [],
        summary: 'Sign in',
        tags: ['auth'],
        body: loginBody,
        response: { 200: Type.Ref('TokenPair') },
      },
    },
    async (request) => {
      const signedIn = await signIn(request, request.body.email, () => authenticate(app.database.db, request.body))
      return tokenPair(app, signedIn.id, await startSession(app.database.db, signedIn.id, sessionLifetimeSeconds))
    },
  )

  app.post(
    '/v1/auth/refresh',
    {
      preHandler: app.rateLimits(app.limit('refreshPerAddress', byAddress)),
      schema: {
        operationId: 'refreshSession',
        security: [],
        summary: 'Exchange a refresh token for a new pair; a refresh token presented twice ends its session',
        tags: ['auth'],
        body: refreshBody,
        response: { 200: Type.Ref('TokenPair') },
      },
    },
    async (request) => {
      const { accountId, grant } = await rotateSession(app.database.db, request.body.refreshToken)
      return tokenPair(app, accountId, grant)
    },
  )

  app.post(
    '/v1/auth/logout',
    {
      schema: {
        operationId: 'logout',
        // The access token is optional: a client may sign out after it has expired.
        security: [{ bearer: [] }, {}],
        summary: 'End the session of a refresh token; the access token sent with it, if any, is refused from now on',
        tags: ['auth'],
        body: refreshBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await signOut(app, request, request.body.refreshToken)
      return reply.code(204).send(null)
    },
  )
}

import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import { changePassword, getAccount, sessionLifetimeSeconds, startSession } from '@kindred/identity'
import { accountView, password } from '../auth/schemas.ts'
import { tokenPair } from '../auth/token-pair.ts'

const passwordChangeBody = Type.Object({ currentPassword: Type.String({ maxLength: 256 }), newPassword: password }, { additionalProperties: false })
const fifteenMinutes = 15 * 60_000

export default async function meRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    '/v1/me',
    {
      schema: {
        summary: 'The signed-in account and its network roles',
        tags: ['me'],
        security: [{ bearer: [] }],
        response: { 200: Type.Object({ account: Type.Ref('Account') }, { additionalProperties: false }) },
      },
    },
    async (request) => {
      const account = await getAccount(app.database.db, await request.currentAccountId())
      return { account: accountView(account) }
    },
  )

  app.post<{ Body: Static<typeof passwordChangeBody> }>(
    '/v1/me/password',
    {
      preHandler: app.rateLimits({
        max: 10,
        timeWindow: fifteenMinutes,
        keyGenerator: (request) => `password-change:ip:${request.ip}`,
      }),
      schema: {
        summary: 'Change the password; every session of the account ends, and this client gets a new one',
        tags: ['me'],
        security: [{ bearer: [] }],
        body: passwordChangeBody,
        response: { 200: Type.Ref('TokenPair') },
      },
    },
    async (request) => {
      const accountId = await request.currentAccountId()
      await changePassword(app.database.db, accountId, request.body)
      app.sessionValidity.forget(accountId)
      return tokenPair(app, accountId, await startSession(app.database.db, accountId, sessionLifetimeSeconds))
    },
  )
}

import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import {
  changePassword,
  disclosureNatures,
  maxDisclosures,
  replaceDisclosures,
  sessionLifetimeSeconds,
  startSession,
} from '@kindred/identity'
import { accountView, password } from '../auth/schemas.ts'
import { tokenPair } from '../auth/token-pair.ts'
import { passwordCheckLimits } from './password-check-limits.ts'
import personalDataRoutes from './personal-data.ts'

const passwordChangeBody = Type.Object({ currentPassword: Type.String({ maxLength: 256 }), newPassword: password }, { additionalProperties: false })

const disclosure = Type.Object(
  {
    organisation: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    nature: Type.Union(disclosureNatures.map((nature) => Type.Literal(nature))),
    since: Type.Union([Type.String({ format: 'date' }), Type.Null()], { default: null }),
  },
  { additionalProperties: false },
)
const disclosures = Type.Array(disclosure, { maxItems: maxDisclosures })
const disclosuresBody = Type.Object({ disclosures }, { additionalProperties: false })
const memberships = Type.Array(
  Type.Object(
    {
      community: Type.Object(
        { slug: Type.String(), name: Type.String(), status: Type.Union([Type.Literal('live'), Type.Literal('archived'), Type.Literal('provisioning'), Type.Literal('provisioning_failed')]) },
        { additionalProperties: false },
      ),
      joinedAt: Type.String({ format: 'date-time' }),
    },
    { additionalProperties: false },
  ),
)

export default async function meRoutes(app: FastifyInstance): Promise<void> {
  await app.register(personalDataRoutes)

  app.get(
    '/v1/me',
    {
      schema: {
        operationId: 'getMe',
        summary: 'The signed-in account, its network roles, its industry-relationship disclosures and its memberships',
        tags: ['me'],
        security: [{ bearer: [] }],
        response: { 200: Type.Object({ account: Type.Ref('Account'), disclosures, memberships }, { additionalProperties: false }) },
      },
    },
    async (request) => {
      const profile = await app.profiles.find(await request.currentAccountId())
      return { account: accountView(profile.account), disclosures: profile.disclosures, memberships: profile.memberships }
    },
  )

  app.put<{ Body: Static<typeof disclosuresBody> }>(
    '/v1/me/disclosures',
    {
      schema: {
        operationId: 'replaceMyDisclosures',
        summary:
          'Replace the industry relationships this account declares; every community it is in shows them next to its posts, without its identity',
        tags: ['me'],
        security: [{ bearer: [] }],
        body: disclosuresBody,
        response: { 200: Type.Object({ disclosures }, { additionalProperties: false }) },
      },
    },
    async (request) => {
      const accountId = await request.currentAccountId()
      return { disclosures: await replaceDisclosures(app.database.db, accountId, request.body.disclosures) }
    },
  )

  app.post<{ Body: Static<typeof passwordChangeBody> }>(
    '/v1/me/password',
    {
      preHandler: passwordCheckLimits(app),
      schema: {
        operationId: 'changeMyPassword',
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

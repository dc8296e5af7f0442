import { Type } from 'typebox'
import {
  changePassword,
  disclosureNatures,
  maxDisclosures,
  replaceDisclosures,
  sessionLifetimeSeconds,
  startSession,
} from '@kindred/identity'
import { literalUnion, strictObject, type TypeBoxApp } from '../typebox.ts'
import { accountView, interfaceLanguage, password } from '../auth/schemas.ts'
import { tokenPair } from '../auth/token-pair.ts'
import { passwordCheckLimits } from './password-check-limits.ts'
import myEmailRoutes from './email.ts'
import personalDataRoutes from './personal-data.ts'
import proposalNewsRoutes from './proposal-news.ts'

const passwordChangeBody = strictObject({ currentPassword: Type.String({ maxLength: 256 }), newPassword: password })

const disclosure = strictObject({
  organisation: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  nature: literalUnion(disclosureNatures),
  since: Type.Union([Type.String({ format: 'date' }), Type.Null()], { default: null }),
})
const disclosures = Type.Array(disclosure, { maxItems: maxDisclosures })
const disclosuresBody = strictObject({ disclosures })
const memberships = Type.Array(
  strictObject({
    community: strictObject({
      slug: Type.String(),
      name: Type.String(),
      status: Type.Union([
        Type.Literal('live'),
        Type.Literal('archived'),
        Type.Literal('provisioning'),
        Type.Literal('provisioning_failed'),
      ]),
    }),
    joinedAt: Type.String({ format: 'date-time' }),
  }),
)

export default async function meRoutes(app: TypeBoxApp): Promise<void> {
  await app.register(personalDataRoutes)
  await app.register(myEmailRoutes)
  await app.register(proposalNewsRoutes)

  app.get(
    '/v1/me',
    {
      schema: {
        operationId: 'getMe',
        summary:
          'The signed-in account, whether its address is confirmed, its network roles, its industry-relationship disclosures and its memberships',
        tags: ['me'],
        security: [{ bearer: [] }],
        response: {
          200: strictObject({
            account: Type.Ref('Account'),
            emailVerified: Type.Boolean({ description: 'Until the address is confirmed, the account may not join, propose or support' }),
            language: interfaceLanguage,
            disclosures,
            memberships,
          }),
        },
      },
    },
    async (request) => {
      const profile = await app.profiles.find(await request.currentAccountId())
      return {
        account: accountView(profile.account),
        emailVerified: profile.emailVerified,
        language: profile.language,
        disclosures: profile.disclosures,
        memberships: profile.memberships,
      }
    },
  )

  app.put(
    '/v1/me/disclosures',
    {
      schema: {
        operationId: 'replaceMyDisclosures',
        summary:
          'Replace the industry relationships this account declares; every community it is in shows them next to its posts, without its identity',
        tags: ['me'],
        security: [{ bearer: [] }],
        body: disclosuresBody,
        response: { 200: strictObject({ disclosures }) },
      },
    },
    async (request) => {
      const accountId = await request.currentAccountId()
      return { disclosures: await replaceDisclosures(app.database.db, accountId, request.body.disclosures) }
    },
  )

  app.post(
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

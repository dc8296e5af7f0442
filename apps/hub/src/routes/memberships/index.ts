import { Type } from 'typebox'
import { joinCommunity, leaveCommunity, membershipStatus, privacySettings, updatePrivacy } from '@kindred/membership'
import { strictObject, type TypeBoxApp } from '../typebox.ts'
import { member, memberView, privacySettings as privacySchema, pseudonym, slugParams } from './schemas.ts'

const joinBody = strictObject({
  pseudonym,
  acceptCharterVersion: Type.Integer({ minimum: 1, description: 'The version of GET /v1/charter that the member accepts' }),
})
const privacyBody = strictObject(
  {
    profileVisibility: Type.Optional(Type.Union([Type.Literal('members'), Type.Literal('moderators')])),
    listedInDirectory: Type.Optional(Type.Boolean()),
    contact: Type.Optional(
      strictObject({ researchers: Type.Optional(Type.Boolean()), industry: Type.Optional(Type.Boolean()) }, { minProperties: 1 }),
    ),
    countedInStatistics: Type.Optional(Type.Boolean()),
  },
  { minProperties: 1 },
)
const membershipResponse = strictObject({ member, privacy: privacySchema })
const signedIn = { tags: ['memberships'], security: [{ bearer: [] }] }

/** Joining and leaving communities, and the member's privacy choices in each, with a hub access token. */
export default async function membershipRoutes(app: TypeBoxApp): Promise<void> {
  const deps = { hub: app.database.db, placements: app.placements }

  app.post(
    '/v1/communities/:slug/join',
    {
      preHandler: app.rateLimits(app.limit('joinPerAddress', (request) => request.ip)),
      schema: {
        ...signedIn,
        operationId: 'joinCommunity',
        summary:
          'Join a live community under a pseudonym, accepting the charter in force; pending until a moderator approves where the community requires it',
        params: slugParams,
        body: joinBody,
        response: { 201: strictObject({ member }) },
      },
    },
    async (request, reply) => {
      const accountId = await request.currentAccountId()
      const joined = await joinCommunity(deps, { accountId, slug: request.params.slug, ...request.body })
      if (joined.approval === 'pending') await app.announceNotice(request.params.slug)
      return reply.code(201).send({ member: memberView(joined) })
    },
  )

  app.delete(
    '/v1/communities/:slug/membership',
    {
      schema: {
        ...signedIn,
        operationId: 'leaveCommunity',
        summary: 'Leave a community; posts stay under the pseudonym',
        params: slugParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const accountId = await request.currentAccountId()
      await leaveCommunity(deps, { accountId, slug: request.params.slug })
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/v1/communities/:slug/membership',
    {
      schema: {
        ...signedIn,
        operationId: 'getMembership',
        summary:
          "The account's membership of a community, with its privacy choices and where its request to join stands (pending, approved, declined)",
        params: slugParams,
        response: { 200: membershipResponse },
      },
    },
    async (request) => {
      const accountId = await request.currentAccountId()
      const current = await membershipStatus(deps, { accountId, slug: request.params.slug })
      return { member: memberView(current.member), privacy: await privacySettings(current) }
    },
  )

  app.patch(
    '/v1/communities/:slug/membership/privacy',
    {
      schema: {
        ...signedIn,
        operationId: 'updatePrivacy',
        summary: 'Change some privacy choices in one community; the others stay as they are',
        params: slugParams,
        body: privacyBody,
        response: { 200: strictObject({ privacy: privacySchema }) },
      },
    },
    async (request) => {
      const accountId = await request.currentAccountId()
      return { privacy: await updatePrivacy(deps, { accountId, slug: request.params.slug }, request.body) }
    },
  )
}

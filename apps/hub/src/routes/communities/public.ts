import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import { communityCard, listDirectory } from '@kindred/tenancy'
import { cardView, communityCard as cardSchema, directoryEntry, limit, nextCursor, slug, slugParams } from './schemas.ts'

const directoryQuery = Type.Object(
  {
    limit,
    after: Type.Optional(slug),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Part of the community’s name, any case' })),
    language: Type.Optional(Type.String({ pattern: '^[a-z]{2}$', description: 'Only communities writing in this ISO 639-1 language' })),
  },
  { additionalProperties: false },
)

/** The public directory of live communities and each community's public card. */
export default async function publicCommunityRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: Static<typeof directoryQuery> }>(
    '/v1/communities',
    {
      schema: {
        operationId: 'listCommunities',
        security: [],
        summary: 'The directory of live communities, by slug, a page at a time',
        tags: ['communities'],
        querystring: directoryQuery,
        response: { 200: Type.Object({ communities: Type.Array(directoryEntry), next: nextCursor }, { additionalProperties: false }) },
      },
    },
    async (request) => listDirectory(app.database.db, request.query),
  )

  app.get<{ Params: Static<typeof slugParams> }>(
    '/v1/communities/:slug',
    {
      schema: {
        operationId: 'getCommunity',
        security: [],
        summary: 'A live or archived community’s public card',
        tags: ['communities'],
        params: slugParams,
        response: { 200: cardSchema },
      },
    },
    async (request) => cardView(await communityCard(app.database.db, request.params.slug)),
  )
}

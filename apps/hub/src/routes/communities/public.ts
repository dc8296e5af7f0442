import { Type } from 'typebox'
import { communityCard, listDirectory } from '@kindred/tenancy'
import { strictObject, type TypeBoxApp } from '../typebox.ts'
import { pagedQuery, cursorOrAfter } from '../pagination.ts'
import {
  cardView,
  communityCard as cardSchema,
  directoryAfter,
  directoryCursor,
  directoryEntry,
  limit,
  nextCursor,
  slugParams,
} from './schemas.ts'

const directoryQuery = pagedQuery({
  cursor: Type.Optional(directoryCursor),
  limit,
  after: Type.Optional(directoryAfter),
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description:
        'Part of the community’s name, its disease’s, its ORPHA code (ORPHA:337 or 337) or another name of its disease, in any case, accents or none',
    }),
  ),
  language: Type.Optional(Type.String({ pattern: '^[a-z]{2}$', description: 'Only communities writing in this ISO 639-1 language' })),
})

/** The public directory of live communities and each community's public card. */
export default async function publicCommunityRoutes(app: TypeBoxApp): Promise<void> {
  app.get(
    '/v1/communities',
    {
      schema: {
        operationId: 'listCommunities',
        security: [],
        summary: 'The directory of live communities, by slug, a page at a time',
        tags: ['communities'],
        querystring: directoryQuery,
        response: { 200: strictObject({ communities: Type.Array(directoryEntry), next: nextCursor }) },
      },
    },
    async (request, reply) => {
      const { limit: size, q, language } = request.query
      const after = cursorOrAfter(reply, request.query)
      const filters = { ...(q === undefined ? {} : { q }), ...(language === undefined ? {} : { language }) }
      const page = await listDirectory(app.database.db, { limit: size, ...filters, ...(after === undefined ? {} : { after }) })
      return { communities: page.items, next: page.next }
    },
  )

  app.get(
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

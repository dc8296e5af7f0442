import { Type } from 'typebox'
import { searchPosts } from '@kindred/forum'
import { strictObject, type TypeBoxApp } from '../typebox.ts'
import { pagedQuery } from '../pagination.ts'
import { markAuthors } from './author-marks.ts'
import { cursor, limit, members, next, searchHit, slugParams, visibleText } from './schemas.ts'

const searchQuery = pagedQuery({
  q: Type.String({
    minLength: 1,
    maxLength: 200,
    pattern: visibleText,
    description: 'Words, "a phrase", or, -without (web search syntax)',
  }),
  cursor: Type.Optional(cursor),
  limit,
})

/** Full-text search over the community's threads and replies. */
export default async function searchRoutes(app: TypeBoxApp): Promise<void> {
  app.get(
    '/v1/c/:slug/search',
    {
      schema: {
        ...members,
        operationId: 'searchForum',
        summary:
          "Search threads and replies in the community's languages, best match first; 400 KINDRED_SEARCH_QUERY_EMPTY for a query with no word to look for",
        params: slugParams,
        querystring: searchQuery,
        response: { 200: strictObject({ results: Type.Array(searchHit), next }) },
      },
    },
    async (request) => {
      const page = await searchPosts(request.community(), request.query)
      return { results: await markAuthors(app.database.db, page.items), next: page.next }
    },
  )
}

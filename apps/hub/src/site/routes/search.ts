import { Type } from 'typebox'
import { isKindredError } from '@kindred/errors'
import { searchPosts } from '@kindred/forum'
import { strictObject, type TypeBoxApp } from '../../routes/typebox.ts'
import { markAuthors } from '../../routes/c/author-marks.ts'
import type { FormState } from '../form.ts'
import { membersOnly } from '../member.ts'
import { searchPage, type SearchView } from '../pages/search.ts'
import { pageResponse } from '../schemas.ts'
import { cursorQuery, slugParams } from './forum-schemas.ts'

/** The longest query searched, as the API's search takes it. */
const maxQueryLength = 200
// Bounded above the limit, so a query too long is explained on the page, not a bare 400; a NUL no text holds.
const queryText = Type.String({ maxLength: maxQueryLength * 4, pattern: '^[^\\u0000]*$' })
const searchQuery = strictObject({ q: Type.Optional(queryText), cursor: Type.Optional(cursorQuery) })
const resultsPerPage = 20
const page = { 200: pageResponse, '4xx': pageResponse }

/** Searching a community's threads and replies, with the same package call as the API's search. */
export default async function searchPageRoutes(app: TypeBoxApp): Promise<void> {
  app.addHook('preHandler', membersOnly(app))

  app.get(
    '/c/:slug/search',
    { schema: { hide: true, params: slugParams, querystring: searchQuery, response: page } },
    async (request, reply) => {
      const community = request.community()
      const context = request.page()
      const { t } = context
      const q = request.query.q ?? ''
      const form: FormState<'q'> = { values: { q }, errors: {} }
      const view: SearchView = { slug: community.slug, communityName: community.community.name, form, results: null }
      const refused = (message: string) => {
        form.errors.q = message
        return reply.code(400).send(searchPage(context, view))
      }
      // No query yet: the form alone.
      if (request.query.q === undefined) return searchPage(context, view)
      if (!/\S/u.test(q)) return refused(t('search.error.empty'))
      if (q.length > maxQueryLength) return refused(t('search.error.tooLong', { max: maxQueryLength }))
      try {
        const found = await searchPosts(community, {
          q,
          limit: resultsPerPage,
          ...(request.query.cursor === undefined ? {} : { cursor: request.query.cursor }),
        })
        view.results = { q, items: await markAuthors(app.database.db, found.items), next: found.next }
      } catch (error) {
        if (isKindredError(error) && error.code === 'KINDRED_SEARCH_QUERY_EMPTY') return refused(t('search.error.noWords'))
        throw error
      }
      return searchPage(context, view)
    },
  )
}

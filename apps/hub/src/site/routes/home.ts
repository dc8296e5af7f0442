import { Type } from 'typebox'
import { communityCard, listDirectory } from '@kindred/tenancy'
import { strictObject, type TypeBoxApp } from '../../routes/typebox.ts'
import { communityPage } from '../pages/community.ts'
import { homePage } from '../pages/home.ts'
import { pageResponse } from '../schemas.ts'

const homeQuery = strictObject({ q: Type.Optional(Type.String({ maxLength: 200 })) })
const communityParams = strictObject({ slug: Type.String({ maxLength: 64, pattern: '^[a-z0-9-]+$' }) })

/** The front page, with the directory's search, and each community's public page. */
export default async function homeRoutes(app: TypeBoxApp): Promise<void> {
  app.get('/', { schema: { hide: true, querystring: homeQuery, response: { 200: pageResponse } } }, async (request) => {
    const query = request.query.q?.trim() ?? ''
    const page = await listDirectory(app.database.db, { limit: 50, ...(query === '' ? {} : { q: query }) })
    return homePage(request.page(), { query, communities: page.items })
  })

  app.get('/c/:slug', { schema: { hide: true, params: communityParams, response: { 200: pageResponse } } }, async (request) =>
    communityPage(request.page(), await communityCard(app.database.db, request.params.slug)),
  )
}

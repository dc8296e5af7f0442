import { Type } from 'typebox'
import { listDirectory } from '@kindred/tenancy'
import { strictObject, type TypeBoxApp } from '../../routes/typebox.ts'
import { homePage } from '../pages/home.ts'
import { pageResponse } from '../schemas.ts'

const homeQuery = strictObject({ q: Type.Optional(Type.String({ maxLength: 200 })) })

/** The front page, with the directory's search. */
export default async function homeRoutes(app: TypeBoxApp): Promise<void> {
  app.get('/', { schema: { hide: true, querystring: homeQuery, response: { 200: pageResponse } } }, async (request) => {
    const query = request.query.q?.trim() ?? ''
    const page = await listDirectory(app.database.db, { limit: 50, ...(query === '' ? {} : { q: query }) })
    return homePage(request.page(), { query, communities: page.items })
  })
}

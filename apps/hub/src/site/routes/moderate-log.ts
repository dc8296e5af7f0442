import { moderationLog } from '@kindred/moderation'
import type { TypeBoxApp } from '../../routes/typebox.ts'
import { logPage } from '../pages/moderate-log.ts'
import { doneQuery, frameOf, moderateParams, page } from './moderate-schemas.ts'

const entriesPerPage = 50

/** The moderation log, newest first, a page at a time. */
export default async function moderateLogRoutes(app: TypeBoxApp): Promise<void> {
  app.get(
    '/c/:slug/moderate/log',
    { schema: { hide: true, params: moderateParams, querystring: doneQuery, response: page } },
    async (request) => {
      const community = request.community()
      const { cursor } = request.query
      const entries = await moderationLog(community, { limit: entriesPerPage, ...(cursor === undefined ? {} : { cursor }) })
      return logPage(request.page(), { frame: frameOf(community), entries })
    },
  )
}

import { moderationLog } from '@kindred/moderation'
import type { TypeBoxApp } from '../../typebox.ts'
import { slugParams } from '../schemas.ts'
import { logPage, moderators, pageQuery } from './schemas.ts'

/** The community's moderation log, for its moderators and owners. */
export default async function moderationLogRoutes(app: TypeBoxApp): Promise<void> {
  app.get(
    '/v1/c/:slug/moderation-log',
    {
      schema: {
        ...moderators,
        operationId: 'listModerationLog',
        summary: 'Every moderation action, newest first: who, what, on which post, thread, member or report, why and when (moderators)',
        params: slugParams,
        querystring: pageQuery,
        response: { 200: logPage },
      },
    },
    async (request) => {
      const page = await moderationLog(request.community(), request.query)
      return { entries: page.items, next: page.next }
    },
  )
}

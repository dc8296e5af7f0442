import type { FastifyInstance } from 'fastify'
import type { Static } from 'typebox'
import { moderationLog } from '@kindred/moderation'
import { slugParams } from '../schemas.ts'
import { logPage, moderators, pageQuery } from './schemas.ts'

/** The community's moderation log, for its moderators and owners. */
export default async function moderationLogRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: Static<typeof slugParams>; Querystring: Static<typeof pageQuery> }>(
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

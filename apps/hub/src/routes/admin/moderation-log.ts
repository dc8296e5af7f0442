import { KindredError } from '@kindred/errors'
import { findCommunityForMembers } from '@kindred/membership'
import { moderationLogForStaff } from '@kindred/moderation'
import type { TypeBoxApp } from '../typebox.ts'
import { logPage, pageQuery } from '../c/moderation/schemas.ts'
import { slugParams } from '../communities/schemas.ts'

/** Network staff read any community's moderation log (live or archived), from the hub. */
export default async function adminModerationLogRoutes(app: TypeBoxApp): Promise<void> {
  app.get(
    '/v1/admin/communities/:slug/moderation-log',
    {
      schema: {
        tags: ['admin', 'moderation'],
        security: [{ bearer: [] }],
        operationId: 'listModerationLogForStaff',
        summary: "A community's moderation log, newest first; staff only",
        params: slugParams,
        querystring: pageQuery,
        response: { 200: logPage },
      },
    },
    async (request) => {
      const community = await findCommunityForMembers(app.database.db, request.params.slug)
      if (community === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such community')
      const page = await moderationLogForStaff(app.placements.tenantDb(community), request.query)
      return { entries: page.items, next: page.next }
    },
  )
}

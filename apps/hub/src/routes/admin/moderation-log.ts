import { KindredError } from '@kindred/errors'
import { findCommunityForMembers } from '@kindred/membership'
import { Type } from 'typebox'
import { moderationAcrossCommunities, moderationLogForStaff } from '@kindred/moderation'
import { strictObject, type TypeBoxApp } from '../typebox.ts'
import { logEntry, logPage, pageQuery } from '../c/moderation/schemas.ts'
import { next } from '../c/schemas.ts'
import { slugParams } from '../communities/schemas.ts'

const networkEntry = strictObject({
  ...logEntry.properties,
  community: strictObject({ slug: Type.String(), name: Type.String() }),
})

/** Network staff read any community's moderation log (live or archived), and the latest across all of them, from the hub. */
export default async function adminModerationLogRoutes(app: TypeBoxApp): Promise<void> {
  app.get(
    '/v1/admin/moderation-log',
    {
      schema: {
        tags: ['admin', 'moderation'],
        security: [{ bearer: [] }],
        operationId: 'listModerationAcrossCommunities',
        summary: 'The latest moderation in every community (live or archived), newest first, with the community; staff only',
        querystring: pageQuery,
        response: {
          200: strictObject({ entries: Type.Array(networkEntry), next }),
        },
      },
    },
    async (request) => {
      const page = await moderationAcrossCommunities({ hub: app.database.db, placements: app.placements }, request.query)
      return { entries: page.items, next: page.next }
    },
  )

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

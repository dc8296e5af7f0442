import { Type } from 'typebox'
import { archiveCommunity, listCommunitiesForStaff, requestMove, restoreCommunity, retryProvisioning } from '@kindred/tenancy'
import { strictObject, type TypeBoxApp } from '../typebox.ts'
import { cursorOrAfter, pagedQuery } from '../pagination.ts'
import { communityStatus, limit, nextCursor, slugParams, staffAfter, staffCommunity, staffCursor, staffView } from './schemas.ts'

const staffQuery = pagedQuery({
  status: Type.Optional(communityStatus),
  needsOwner: Type.Optional(Type.Boolean({ description: 'true: only communities waiting for staff to appoint an owner' })),
  cursor: Type.Optional(staffCursor),
  limit,
  after: Type.Optional(staffAfter),
})
const reason = Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S', description: 'Recorded in the community’s history' })
const archiveBody = strictObject({ reason })
const restoreBody = Type.Union([strictObject({ reason: Type.Optional(reason) }), Type.Null()])
const noBody = Type.Union([strictObject({}), Type.Null()])
const moveBody = strictObject({
  placement: Type.String({ pattern: '^[a-z][a-z0-9-]{0,31}$', description: 'The placement to move the community to (KINDRED_PLACEMENTS)' }),
})
const communityResponse = strictObject({ community: staffCommunity })
const staffOnly = { tags: ['admin', 'communities'], security: [{ bearer: [] }] }

/** Network staff's view of every community, and archiving, restoring, retrying provisioning and moving. */
export default async function adminCommunityRoutes(app: TypeBoxApp): Promise<void> {
  app.get(
    '/v1/admin/communities',
    {
      schema: {
        ...staffOnly,
        operationId: 'listCommunitiesForStaff',
        summary:
          'Every community whatever its status, newest first, with provisioning errors and whether it waits for an owner; staff only',
        querystring: staffQuery,
        response: { 200: strictObject({ communities: Type.Array(staffCommunity), next: nextCursor }) },
      },
    },
    async (request, reply) => {
      const { status, needsOwner, limit: size } = request.query
      const after = cursorOrAfter(reply, request.query)
      const filters = { ...(status === undefined ? {} : { status }), ...(needsOwner === undefined ? {} : { needsOwner }) }
      const page = await listCommunitiesForStaff(app.database.db, { limit: size, ...filters, ...(after === undefined ? {} : { after }) })
      return { communities: page.communities.map(staffView), next: page.next }
    },
  )

  app.post(
    '/v1/admin/communities/:slug/archive',
    {
      schema: {
        ...staffOnly,
        operationId: 'archiveCommunity',
        summary: 'Archive a live community: read-only and out of the directory; staff only',
        params: slugParams,
        body: archiveBody,
        response: { 200: communityResponse },
      },
    },
    async (request) => {
      const actorId = request.staffId()
      const community = await archiveCommunity(app.database.db, { slug: request.params.slug, actorId, reason: request.body.reason })
      // Read-only at once in this process; other hubs follow within their cache's few seconds.
      app.communities.forget(request.params.slug)
      return { community: staffView(community) }
    },
  )

  app.post(
    '/v1/admin/communities/:slug/restore',
    {
      schema: {
        ...staffOnly,
        operationId: 'restoreCommunity',
        summary: 'Bring an archived community back: live and in the directory; staff only',
        params: slugParams,
        body: restoreBody,
        response: { 200: communityResponse },
      },
    },
    async (request) => {
      const actorId = request.staffId()
      const restoreReason = request.body?.reason
      const action = { slug: request.params.slug, actorId, ...(restoreReason === undefined ? {} : { reason: restoreReason }) }
      const community = await restoreCommunity(app.database.db, action)
      app.communities.forget(request.params.slug)
      return { community: staffView(community) }
    },
  )

  app.post(
    '/v1/admin/communities/:slug/provisioning/retry',
    {
      schema: {
        ...staffOnly,
        operationId: 'retryProvisioning',
        summary: 'Provision again a community whose provisioning failed; the job is queued. Staff only',
        params: slugParams,
        body: noBody,
        response: { 202: communityResponse },
      },
    },
    async (request, reply) => {
      const actorId = request.staffId()
      const community = await retryProvisioning(app.database.db, { slug: request.params.slug, actorId })
      return reply.code(202).send({ community: staffView(community) })
    },
  )

  app.post(
    '/v1/admin/communities/:slug/move',
    {
      schema: {
        ...staffOnly,
        operationId: 'moveCommunity',
        summary:
          'Move a live or archived community to another placement while its members use it; the job is queued (writes pause for about a second at the switch). Staff only',
        params: slugParams,
        body: moveBody,
        response: { 202: communityResponse },
      },
    },
    async (request, reply) => {
      const move = { slug: request.params.slug, placement: request.body.placement, actorId: request.staffId() }
      const community = await requestMove(app.database.db, app.placements, move)
      return reply.code(202).send({ community: staffView(community) })
    },
  )
}

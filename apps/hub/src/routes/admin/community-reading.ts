import { Type } from 'typebox'
import { findAccountByPseudonym, findCommunityForMembers } from '@kindred/membership'
import { readReportedPost, reportedPostsForStaff } from '@kindred/moderation'
import { KindredError } from '@kindred/errors'
import { dateTime, strictObject, type TypeBoxApp } from '../typebox.ts'
import { moderatedContent, moderatedThread } from '../c/moderation/schemas.ts'
import { id } from '../c/schemas.ts'
import { slug, slugParams } from '../communities/schemas.ts'

const reason = Type.String({
  minLength: 1,
  maxLength: 2000,
  pattern: '\\S',
  description: 'Why staff look: kept with the staff member and the time (and, for a post, in the community’s moderation log)',
})
const postParams = strictObject({ slug, postId: id })
const reportedPost = strictObject({
  postId: id,
  threadId: id,
  threadTitle: Type.String(),
  openReports: Type.Integer({ minimum: 0 }),
  reports: Type.Integer({ minimum: 1 }),
  lastReportedAt: dateTime,
})
const reading = strictObject({
  thread: moderatedThread,
  post: moderatedContent,
  context: Type.Array(moderatedContent, { description: 'The opening post and the posts around the reported one, oldest first' }),
  reports: Type.Array(strictObject({ reason: Type.String(), createdAt: dateTime, open: Type.Boolean() })),
})
const staffOnly = { tags: ['admin', 'moderation'], security: [{ bearer: [] }] }
const reportedPostsShown = 100

/** Network staff look into a community: its reported posts, reading one (audited), the account behind a pseudonym (audited). */
export default async function adminCommunityReadingRoutes(app: TypeBoxApp): Promise<void> {
  const deps = { hub: app.database.db, placements: app.placements }

  app.get(
    '/v1/admin/communities/:slug/reported-posts',
    {
      schema: {
        ...staffOnly,
        operationId: 'listReportedPostsForStaff',
        summary: `The community’s reported posts, those with open reports first (at most ${reportedPostsShown}), without their text; staff only`,
        params: slugParams,
        response: { 200: strictObject({ posts: Type.Array(reportedPost, { maxItems: reportedPostsShown }) }) },
      },
    },
    async (request) => {
      const community = await findCommunityForMembers(app.database.db, request.params.slug)
      if (community === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such community')
      return { posts: await reportedPostsForStaff(app.placements.tenantDb(community), reportedPostsShown) }
    },
  )

  app.post(
    '/v1/admin/communities/:slug/reported-posts/:postId/reading',
    {
      schema: {
        ...staffOnly,
        operationId: 'readReportedPost',
        summary:
          'Read a reported post with its thread around it, to review it: recorded in the community’s moderation log as network staff (its moderators see it) and in the hub with the staff member and the reason. Staff are never a member. Staff only',
        params: postParams,
        body: strictObject({ reason }),
        response: { 200: reading },
      },
    },
    async (request) => {
      const { slug: communitySlug, postId } = request.params
      return readReportedPost(deps, { slug: communitySlug, postId, staffId: request.staffId(), reason: request.body.reason })
    },
  )

  app.post(
    '/v1/admin/communities/:slug/member-account',
    {
      schema: {
        ...staffOnly,
        operationId: 'findAccountByPseudonym',
        summary:
          'The account behind a pseudonym in this community, through the hub’s membership link: it links a pseudonym to a person, so the reason, the staff member and the time are recorded. Staff only',
        params: slugParams,
        body: strictObject({ pseudonym: Type.String({ minLength: 1, maxLength: 200 }), reason }),
        response: { 200: strictObject({ accountId: Type.String({ format: 'uuid' }) }) },
      },
    },
    async (request) => {
      const { pseudonym, reason: why } = request.body
      const accountId = await findAccountByPseudonym(deps, {
        slug: request.params.slug,
        pseudonym,
        staffId: request.staffId(),
        reason: why,
      })
      return { accountId }
    },
  )
}

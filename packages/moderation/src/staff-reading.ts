import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import type { Placements, TenantHandle } from '@kindred/community'
import { postContents } from './content.ts'
import { writeLog } from './log.ts'
import type { ModeratedContent } from './views.ts'

/** Staff look into a community from the hub: the hub records who, the community's log says "network staff". */
export interface StaffReadingDependencies {
  hub: Kysely<HubDatabase>
  placements: Placements
}

/** A reported post as staff choose one to read: what was reported and how often, never the post's body. */
export interface ReportedPostSummary {
  postId: string
  threadId: string
  threadTitle: string
  openReports: number
  reports: number
  lastReportedAt: Date
}

/** What staff read: the reported post, its thread's opening post and the posts around it, and its reports. */
export interface StaffPostReading {
  thread: { id: string; title: string; locked: boolean; hidden: boolean }
  post: ModeratedContent
  /** The opening post and up to `contextPosts` posts on either side of the reported one, oldest first. */
  context: ModeratedContent[]
  reports: { reason: string; createdAt: Date; open: boolean }[]
}

/** The reason staff give for reading a post: required, as the moderation log keeps it. */
export const staffReadingReasonMax = 2000
const contextPosts = 3

/**
 * The reason, trimmed, or 400 when it is missing or too long: staff never read inside a community
 * without saying why.
 *
 * @example staffReadingReason('  Report of harmful advice, checking  ') // 'Report of harmful advice, checking'
 */
export function staffReadingReason(reason: string | undefined): string {
  const trimmed = reason?.trim() ?? ''
  if (trimmed.length === 0) throw new KindredError('KINDRED_VALIDATION_FAILED', 'Say why you read inside this community')
  if (trimmed.length > staffReadingReasonMax)
    throw new KindredError('KINDRED_VALIDATION_FAILED', `The reason is at most ${staffReadingReasonMax} characters`)
  return trimmed
}

/**
 * The community's posts that members reported, those with open reports first, then the latest reported:
 * what staff choose from before reading one (the list shows no post's body, so reading one is always
 * through `readReportedPost`, and logged).
 *
 * @example const posts = await reportedPostsForStaff(placements.tenantDb(community), 50)
 */
export async function reportedPostsForStaff(tenant: TenantHandle, limit: number): Promise<ReportedPostSummary[]> {
  const rows = await tenant.query
    .selectFrom('reports as r')
    .innerJoin('posts as p', 'p.id', 'r.post_id')
    .innerJoin('threads as t', 't.id', 'p.thread_id')
    .select([
      'p.id as postId',
      't.id as threadId',
      't.title as threadTitle',
      sql<string>`count(*) filter (where r.resolved_at is null)`.as('openReports'),
      sql<string>`count(*)`.as('reports'),
      sql<Date>`max(r.created_at)`.as('lastReportedAt'),
    ])
    .groupBy(['p.id', 't.id', 't.title'])
    .orderBy(sql`count(*) filter (where r.resolved_at is null) > 0`, 'desc')
    .orderBy(sql`max(r.created_at)`, 'desc')
    .limit(limit)
    .execute()
  return rows.map((row) => ({ ...row, openReports: Number(row.openReports), reports: Number(row.reports) }))
}

async function communityForStaff(hub: Kysely<HubDatabase>, slug: string) {
  const row = await hub
    .selectFrom('hub.communities')
    .select(['id', 'placement', 'schema_name as schemaName'])
    .where('slug', '=', slug)
    .where('status', 'in', ['live', 'archived'])
    .executeTakeFirst()
  if (row === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such community')
  return row
}

// The opening post and the posts just before and after the reported one, by their order in the thread.
async function contextIds(tenant: TenantHandle, threadId: string, post: { id: string; createdAt: Date }): Promise<string[]> {
  const around = (direction: 'before' | 'after') =>
    tenant.query
      .selectFrom('posts')
      .select('id')
      .where('thread_id', '=', threadId)
      .where((eb) =>
        direction === 'before'
          ? eb.or([eb('created_at', '<', post.createdAt), eb.and([eb('created_at', '=', post.createdAt), eb('id', '<', post.id)])])
          : eb.or([eb('created_at', '>', post.createdAt), eb.and([eb('created_at', '=', post.createdAt), eb('id', '>', post.id)])]),
      )
      .orderBy('created_at', direction === 'before' ? 'desc' : 'asc')
      .orderBy('id', direction === 'before' ? 'desc' : 'asc')
      .limit(contextPosts)
      .execute()
  const opening = tenant.query
    .selectFrom('posts')
    .select('id')
    .where('thread_id', '=', threadId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .execute()
  const [first, before, after] = await Promise.all([opening, around('before'), around('after')])
  return [...new Set([...first, ...before, { id: post.id }, ...after].map((row) => row.id))]
}

const byPosition = (a: ModeratedContent, b: ModeratedContent) =>
  a.createdAt.getTime() - b.createdAt.getTime() || Number(a.id) - Number(b.id)

/**
 * Network staff read a post that members reported, with its thread around it, to review it: only a post
 * with at least one report (open or resolved), never any other content, and always with a reason. The
 * community's moderation log records it (`staff_read_post`, as network staff: staff are no member and are
 * never named there) and the hub's `staff_lookups` which staff member read it, when and why; both commit
 * before the post is shown, or neither does. Nothing else in the community changes: no member row, no read
 * mark, no notification. 404 for no such community or no reported post with this id; 400 without a reason.
 *
 * @example const { post, context } = await readReportedPost({ hub, placements }, { slug: 'fop', postId: '40', staffId, reason: 'Report 12: harmful advice?' })
 */
export async function readReportedPost(
  deps: StaffReadingDependencies,
  reading: { slug: string; postId: string; staffId: string; reason: string },
): Promise<StaffPostReading> {
  const reason = staffReadingReason(reading.reason)
  const community = await communityForStaff(deps.hub, reading.slug)
  const tenant = deps.placements.tenantDb(community)
  // The hub's record first, committed only once the community's log is: a post not found rolls both back.
  await deps.hub.transaction().execute(async (hubTrx) => {
    await hubTrx
      .insertInto('hub.staff_lookups')
      .values({ staff_id: reading.staffId, community_id: community.id, kind: 'read_post', subject: reading.postId, reason })
      .execute()
    await tenant.transaction(async (trx) => {
      const post = await trx
        .selectFrom('posts')
        .select(['id', 'thread_id'])
        .where('id', '=', reading.postId)
        .where((eb) => eb.exists(eb.selectFrom('reports').select('id').whereRef('reports.post_id', '=', 'posts.id')))
        .executeTakeFirst()
      if (post === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No reported post with this id')
      await writeLog(trx, { kind: 'staff' }, [{ action: 'staff_read_post', postId: post.id, threadId: post.thread_id, reason }])
    })
  })
  return postReading(tenant, reading.postId)
}

async function postReading(tenant: TenantHandle, postId: string): Promise<StaffPostReading> {
  const post = (await postContents(tenant, [postId])).get(postId)
  if (post?.threadId == null) throw new KindredError('KINDRED_NOT_FOUND', 'No reported post with this id')
  const [thread, ids, reports] = await Promise.all([
    tenant.query
      .selectFrom('threads')
      .select(['id', 'title', 'locked_at', 'hidden_at'])
      .where('id', '=', post.threadId)
      .executeTakeFirstOrThrow(),
    contextIds(tenant, post.threadId, post),
    tenant.query
      .selectFrom('reports')
      .select(['reason', 'created_at', 'resolved_at'])
      .where('post_id', '=', postId)
      .orderBy('created_at')
      .execute(),
  ])
  const context = [...(await postContents(tenant, ids)).values()].sort(byPosition)
  return {
    thread: { id: thread.id, title: thread.title, locked: thread.locked_at !== null, hidden: thread.hidden_at !== null },
    post,
    context,
    reports: reports.map((row) => ({ reason: row.reason, createdAt: row.created_at, open: row.resolved_at === null })),
  }
}

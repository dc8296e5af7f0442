import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { Test } from 'tap'
import { loadConfig } from '@kindred/config'
import { createPlacements, type MemberApproval, type TenantHandle } from '@kindred/community'
import { provisionCommunity } from '@kindred/tenancy'
import type { StatisticsDependencies } from '@kindred/statistics'
import { captureLogs, createTestDatabase, insertProposal, type TestDatabase } from '@kindred/testkit'

export interface StatisticsFixture {
  test: TestDatabase
  deps: StatisticsDependencies
}

export interface SeededCommunity {
  id: string
  tenant: TenantHandle
  categoryId: string
}

const logs = captureLogs('warn')
const hourMs = 3_600_000
const dayMs = 24 * hourMs

/** A hub database of this test's own with its placements, as the statistics jobs run with. */
export async function statisticsFixture(t: Test): Promise<StatisticsFixture> {
  const test = await createTestDatabase(t)
  const placements = createPlacements({
    hubUrl: test.url,
    config: loadConfig({ DATABASE_URL: test.url }),
    applicationName: 'kindred-test',
    logger: logs.logger,
  })
  t.teardown(() => placements.close())
  return { test, deps: { db: test.database.db, placements, logger: logs.logger } }
}

/**
 * A live community, provisioned for real, whose tenant starts without members (the founding ones are
 * removed) so that a test's figures come only from what it inserts.
 */
export async function liveCommunity(fixture: StatisticsFixture, slug: string): Promise<SeededCommunity> {
  const { db, placements } = fixture.deps
  const proposal = await insertProposal(db, { slug, moderators: 1, members: 0 })
  await provisionCommunity({ db, placements, logger: logs.logger }, proposal.proposalId)
  const community = await db
    .selectFrom('hub.communities')
    .select(['id', 'placement', 'schema_name'])
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow()
  const tenant = placements.tenantDb({ placement: community.placement, schemaName: community.schema_name })
  await tenant.query.deleteFrom('members').execute()
  const category = await tenant.query.selectFrom('categories').select('id').orderBy('position').executeTakeFirstOrThrow()
  return { id: community.id, tenant, categoryId: category.id }
}

/** Midnight UTC of `now`'s day, moved by `days`, plus `hours`: a moment a test places activity at. */
export function moment(now: Date, days: number, hours = 0): Date {
  return new Date(Math.floor(now.getTime() / dayMs) * dayMs + days * dayMs + hours * hourMs)
}

export interface MemberSeed {
  joinedAt: Date
  leftAt?: Date | null
  bannedAt?: Date | null
  approval?: MemberApproval
  counted?: boolean
}

export async function addMember(community: SeededCommunity, seed: MemberSeed): Promise<string> {
  const memberId = randomUUID()
  const { query } = community.tenant
  await query
    .insertInto('members')
    .values({
      member_id: memberId,
      pseudonym: `member-${memberId.slice(0, 8)}`,
      joined_at: seed.joinedAt,
      left_at: seed.leftAt ?? null,
      banned_at: seed.bannedAt ?? null,
      approval: seed.approval ?? 'approved',
      counted_in_statistics: seed.counted ?? true,
    })
    .execute()
  return memberId
}

/** A thread with its opening post, both at `at`; returns the thread's and the opening post's ids. */
export async function addThread(community: SeededCommunity, authorId: string, at: Date): Promise<{ threadId: string; postId: string }> {
  const tdb = community.tenant.query
  const thread = await tdb
    .insertInto('threads')
    .values({ category_id: community.categoryId, author_id: authorId, title: 'A thread', created_at: at, last_activity_at: at })
    .returning('id')
    .executeTakeFirstOrThrow()
  const postId = await addPost(community, thread.id, authorId, at)
  return { threadId: thread.id, postId }
}

export async function addPost(community: SeededCommunity, threadId: string, authorId: string, at: Date): Promise<string> {
  const tdb = community.tenant.query
  const post = await tdb
    .insertInto('posts')
    .values({ thread_id: threadId, author_id: authorId, body_markdown: 'text', body_html: '<p>text</p>', created_at: at })
    .returning('id')
    .executeTakeFirstOrThrow()
  return post.id
}

export async function addReaction(community: SeededCommunity, postId: string, memberId: string, at: Date): Promise<void> {
  await community.tenant.query.insertInto('reactions').values({ post_id: postId, member_id: memberId, created_at: at }).execute()
}

export async function addReport(
  community: SeededCommunity,
  reporterId: string,
  postId: string,
  at: Date,
  resolvedAt: Date | null = null,
): Promise<void> {
  await community.tenant.query
    .insertInto('reports')
    .values({
      reporter_id: reporterId,
      post_id: postId,
      reason: 'a reason',
      created_at: at,
      resolved_at: resolvedAt,
      resolution: resolvedAt === null ? null : 'dismissed',
    })
    .execute()
}

/** A community's stored rows, by day, without `computed_at` (which every run renews). */
export async function storedDays(fixture: StatisticsFixture, communityId: string): Promise<Array<Record<string, unknown>>> {
  const result = await sql<Record<string, unknown>>`
    select day::text as day, members_total, members_joined, members_left, active_members_7d, active_members_30d, threads,
           replies, reactions, open_reports, threads_answered_24h, first_reply_seconds, median_first_reply_seconds
    from hub.community_daily_stats where community_id = ${communityId} order by day`.execute(fixture.deps.db)
  return result.rows
}

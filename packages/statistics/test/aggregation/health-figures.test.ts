import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import t from 'tap'
import { aggregateCommunity } from '@kindred/statistics'
import { addMember, addPost, addThread, liveCommunity, moment, statisticsFixture, type SeededCommunity } from './fixture.ts'

const now = new Date()
const day = (days: number): string => moment(now, days).toISOString().slice(0, 10)

async function logAction(community: SeededCommunity, actorId: string, action: string, at: Date, memberId: string | null = null) {
  await community.tenant.query
    .insertInto('moderation_log')
    .values({ actor_id: actorId, actor_kind: 'member', action, member_id: memberId, created_at: at } as never)
    .execute()
}

interface HealthDay {
  day: string
  pending_joins: number
  oldest_pending_join_at: Date | null
  oldest_open_report_at: Date | null
  active_moderators_30d: number
  last_moderator_action_at: Date | null
  has_owner: boolean
}

async function healthDays(db: Kysely<HubDatabase>, communityId: string): Promise<Map<string, HealthDay>> {
  const result = await sql<HealthDay>`
    select day::text as day, pending_joins, oldest_pending_join_at, oldest_open_report_at, active_moderators_30d,
           last_moderator_action_at, has_owner
    from hub.community_daily_stats where community_id = ${communityId} order by day`.execute(db)
  return new Map(result.rows.map((row) => [row.day, row]))
}

t.test('pending joins, open reports, moderators and owner presence are states at each day’s end', async (t) => {
  const fixture = await statisticsFixture(t)
  const community = await liveCommunity(fixture, 'health')
  const owner = await addMember(community, { joinedAt: moment(now, -10, 1) })
  const moderator = await addMember(community, { joinedAt: moment(now, -10, 2) })
  await community.tenant.query.updateTable('members').set({ role: 'owner' }).where('member_id', '=', owner).execute()
  await community.tenant.query.updateTable('members').set({ role: 'moderator' }).where('member_id', '=', moderator).execute()
  const approvedRequest = moment(now, -6, 8)
  const approved = await addMember(community, { joinedAt: approvedRequest })
  const stillPending = moment(now, -4, 9)
  await addMember(community, { joinedAt: stillPending, approval: 'pending' })
  const { threadId, postId } = await addThread(community, owner, moment(now, -8, 1))
  await addPost(community, threadId, moderator, moment(now, -8, 2))
  const resolvedReport = moment(now, -6, 10)
  const openReport = moment(now, -3, 10)
  await community.tenant.query
    .insertInto('reports')
    .values([
      {
        reporter_id: approved,
        post_id: postId,
        reason: 'r',
        created_at: resolvedReport,
        resolved_at: moment(now, -4, 11),
        resolution: 'dismissed',
      },
      { reporter_id: moderator, post_id: postId, reason: 'r', created_at: openReport },
    ])
    .execute()
  const moderatorActed = moment(now, -5, 12)
  const ownerApproved = moment(now, -3, 13)
  await logAction(community, moderator, 'hide_post', moderatorActed)
  await logAction(community, owner, 'approve_member', ownerApproved, approved)

  await aggregateCommunity(fixture.deps, community.id, { now })
  const days = await healthDays(fixture.deps.db, community.id)
  t.match(days.get(day(-7)), { pending_joins: 0, oldest_pending_join_at: null, oldest_open_report_at: null, active_moderators_30d: 0 })
  t.match(days.get(day(-6)), { pending_joins: 1, oldest_pending_join_at: approvedRequest, oldest_open_report_at: resolvedReport })
  t.match(days.get(day(-5)), { active_moderators_30d: 1, last_moderator_action_at: moderatorActed })
  t.match(days.get(day(-4)), { pending_joins: 2, oldest_pending_join_at: approvedRequest, oldest_open_report_at: null })
  t.match(days.get(day(-3)), {
    pending_joins: 1,
    oldest_pending_join_at: stillPending,
    oldest_open_report_at: openReport,
    active_moderators_30d: 2,
    last_moderator_action_at: ownerApproved,
  })
  t.match(days.get(day(0)), { pending_joins: 1, active_moderators_30d: 2, has_owner: true })
  const line = () =>
    fixture.deps.db.selectFrom('hub.community_health_lines').selectAll().where('community_id', '=', community.id).executeTakeFirst()
  t.match(
    await line(),
    { pending_joins: 1, oldest_pending_join_at: stillPending, oldest_open_report_at: openReport, threads: 1, replies: 1, has_owner: true },
    'the run writes the dashboard line: the latest day and the 30 complete days',
  )

  await community.tenant.query.updateTable('members').set({ left_at: new Date() }).where('member_id', '=', owner).execute()
  await aggregateCommunity(fixture.deps, community.id, { now })
  const after = await healthDays(fixture.deps.db, community.id)
  t.equal(after.get(day(0))?.has_owner, false, 'a run records the owner gone for the days it computes')
  t.equal(after.get(day(-3))?.has_owner, true, 'a complete day keeps what was recorded')
  t.equal((await line())?.has_owner, false, 'and the next run writes the line again')
})

import { sql } from 'kysely'
import t from 'tap'
import { aggregateCommunity } from '@kindred/statistics'
import { directCount } from './direct-count.ts'
import { addMember, addPost, addReaction, addReport, addThread, liveCommunity, moment, statisticsFixture, storedDays } from './fixture.ts'
import { fillRandomly } from './random-tenant.ts'

const now = new Date()
const day = (days: number): string => moment(now, days).toISOString().slice(0, 10)
const hour = 3600

t.test('every day written matches a direct count of the seeded tenant', async (t) => {
  const fixture = await statisticsFixture(t)
  const community = await liveCommunity(fixture, 'seeded')
  const seed = await fillRandomly(community, now, 7)
  await aggregateCommunity(fixture.deps, community.id, { now })
  const rows = await storedDays(fixture, community.id)
  const firstJoined = Math.min(...seed.members.map((member) => member.joinedAt.getTime()))
  const first = new Date(firstJoined).toISOString().slice(0, 10)
  t.equal(rows[0]?.day, first, 'from the day the first member joined')
  t.equal(rows.at(-1)?.day, day(0), 'through today')
  t.same(
    rows,
    rows.map((row) => directCount(seed, String(row.day))),
  )
  t.ok(
    rows.some((row) => Number(row.threads_answered_24h) > 1) && rows.some((row) => Number(row.active_members_30d) > 3),
    'the seed exercises the figures',
  )
})

t.test('members who opted out are left out of active members, not of the members total', async (t) => {
  const fixture = await statisticsFixture(t)
  const community = await liveCommunity(fixture, 'optout')
  const counted = await addMember(community, { joinedAt: moment(now, -20) })
  const optedOut = await addMember(community, { joinedAt: moment(now, -20), counted: false })
  const { postId } = await addThread(community, counted, moment(now, -10, 9))
  await addPost(community, (await addThread(community, optedOut, moment(now, -10, 10))).threadId, optedOut, moment(now, -10, 11))
  await addReaction(community, postId, optedOut, moment(now, -9, 8))
  await aggregateCommunity(fixture.deps, community.id, { now })
  const rows = new Map((await storedDays(fixture, community.id)).map((row) => [row.day, row]))
  t.match(rows.get(day(-10)), { members_total: 2, active_members_7d: 1, active_members_30d: 1, threads: 2, replies: 1 })
  t.match(rows.get(day(-9)), { reactions: 1, active_members_7d: 1 }, 'their "me too" counts as a reaction but not them as active')
  t.match(rows.get(day(-4)), { active_members_7d: 1 }, 'the last day of the 7 days after the post')
  t.match(rows.get(day(-3)), { active_members_7d: 0, active_members_30d: 1 })
  t.match(rows.get(day(0)), { members_total: 2, active_members_30d: 1 })
})

t.test('members count from approval until they leave or are banned; pending and declined ones never', async (t) => {
  const fixture = await statisticsFixture(t)
  const community = await liveCommunity(fixture, 'comings')
  await addMember(community, { joinedAt: moment(now, -12, 8) })
  await addMember(community, { joinedAt: moment(now, -12, 9), leftAt: moment(now, -8, 23.5) })
  await addMember(community, { joinedAt: moment(now, -11, 9), bannedAt: moment(now, -6, 1) })
  await addMember(community, { joinedAt: moment(now, -11, 9), approval: 'pending' })
  await addMember(community, { joinedAt: moment(now, -11, 9), approval: 'declined' })
  const approvedLater = await addMember(community, { joinedAt: moment(now, -10, 9) })
  const { query } = community.tenant
  await query
    .insertInto('moderation_log')
    .values({ action: 'approve_member', member_id: approvedLater, created_at: moment(now, -7, 12) })
    .execute()
  await aggregateCommunity(fixture.deps, community.id, { now })
  const rows = await storedDays(fixture, community.id)
  const figures = rows.map((row) => [row.day, row.members_total, row.members_joined, row.members_left])
  t.same(figures, [
    [day(-12), 2, 2, 0],
    [day(-11), 3, 1, 0],
    [day(-10), 3, 0, 0],
    [day(-9), 3, 0, 0],
    [day(-8), 2, 0, 1],
    [day(-7), 3, 1, 0],
    [day(-6), 2, 0, 1],
    [day(-5), 2, 0, 0],
    [day(-4), 2, 0, 0],
    [day(-3), 2, 0, 0],
    [day(-2), 2, 0, 0],
    [day(-1), 2, 0, 0],
    [day(0), 2, 0, 0],
  ])
})

t.test('a report is open at the end of every day from its filing until the day it is resolved', async (t) => {
  const fixture = await statisticsFixture(t)
  const community = await liveCommunity(fixture, 'reports')
  const member = await addMember(community, { joinedAt: moment(now, -6) })
  const other = await addMember(community, { joinedAt: moment(now, -6) })
  const { postId } = await addThread(community, member, moment(now, -6, 1))
  await addReport(community, other, postId, moment(now, -5, 22), moment(now, -3, 10))
  await addReport(community, member, postId, moment(now, -4, 8), moment(now, -4, 9))
  await addReport(community, other, (await addThread(community, other, moment(now, -4, 1))).postId, moment(now, -4, 2))
  await aggregateCommunity(fixture.deps, community.id, { now })
  const rows = await storedDays(fixture, community.id)
  t.same(
    rows.map((row) => row.open_reports),
    [0, 1, 2, 1, 1, 1, 1],
    'resolved the day it was filed: never open at a day end',
  )
})

t.test('a thread is answered when another member replies within 24 hours; the author replying does not count', async (t) => {
  const fixture = await statisticsFixture(t)
  const community = await liveCommunity(fixture, 'answers')
  const author = await addMember(community, { joinedAt: moment(now, -9) })
  const other = await addMember(community, { joinedAt: moment(now, -9) })
  const opened = moment(now, -5, 20)
  const quick = await addThread(community, author, opened)
  await addPost(community, quick.threadId, author, new Date(opened.getTime() + 60_000))
  await addPost(community, quick.threadId, other, new Date(opened.getTime() + 2 * hour * 1000))
  await addPost(community, quick.threadId, other, new Date(opened.getTime() + 3 * hour * 1000))
  const selfOnly = await addThread(community, author, moment(now, -5, 21))
  await addPost(community, selfOnly.threadId, author, moment(now, -5, 22))
  const edge = await addThread(community, author, moment(now, -5, 8))
  await addPost(community, edge.threadId, other, moment(now, -4, 8))
  const late = await addThread(community, author, moment(now, -5, 9))
  await addPost(community, late.threadId, other, new Date(moment(now, -4, 9).getTime() + 1000))
  await addThread(community, other, moment(now, -4, 10))
  await aggregateCommunity(fixture.deps, community.id, { now })
  const rows = new Map((await storedDays(fixture, community.id)).map((row) => [row.day, row]))
  t.match(rows.get(day(-5)), {
    threads: 4,
    replies: 4,
    threads_answered_24h: 2,
    first_reply_seconds: [2 * hour, 24 * hour],
    median_first_reply_seconds: 13 * hour,
  })
  t.match(rows.get(day(-4)), { threads: 1, replies: 2, threads_answered_24h: 0, first_reply_seconds: [], median_first_reply_seconds: null })
})

t.test('days before the community and its first member are not written', async (t) => {
  const fixture = await statisticsFixture(t)
  const empty = await liveCommunity(fixture, 'empty')
  await aggregateCommunity(fixture.deps, empty.id, { now })
  t.same(
    (await storedDays(fixture, empty.id)).map((row) => row.day),
    [day(0)],
    'created today, nobody yet: only today',
  )
  const older = await liveCommunity(fixture, 'older')
  await addMember(older, { joinedAt: moment(now, -3, 5) })
  await sql`update hub.communities set created_at = ${moment(now, -40)} where id = ${older.id}`.execute(fixture.deps.db)
  await aggregateCommunity(fixture.deps, older.id, { now })
  t.same(
    (await storedDays(fixture, older.id)).map((row) => row.day),
    Array.from({ length: 41 }, (_, index) => day(index - 40)),
    'from the day the hub registered it',
  )
})

import { randomUUID } from 'node:crypto'
import { sql, type Kysely, type RawBuilder } from 'kysely'
import t from 'tap'
import type { HubDatabase } from '@kindred/db'
import { recordProposalTransition } from '@kindred/incubator'
import { aggregateCommunity, aggregateNetwork, lastAggregationAt } from '@kindred/statistics'
import { insertProposal } from '@kindred/testkit'
import { addMember, addPost, addThread, liveCommunity, moment, statisticsFixture, storedDays, type SeededCommunity } from './fixture.ts'

const now = new Date()
const day = (days: number): string => moment(now, days).toISOString().slice(0, 10)
const figures = [
  'members_total',
  'members_joined',
  'members_left',
  'active_members_7d',
  'active_members_30d',
  'threads',
  'replies',
  'reactions',
  'open_reports',
  'threads_answered_24h',
] as const

// Threads opened on day -5 at 06:00, each answered by another member after the given seconds.
async function answeredAfter(community: SeededCommunity, seconds: number[]): Promise<void> {
  const author = await addMember(community, { joinedAt: moment(now, -8) })
  const other = await addMember(community, { joinedAt: moment(now, -8) })
  for (const delay of seconds) {
    const opened = moment(now, -5, 6)
    const { threadId } = await addThread(community, author, opened)
    await addPost(community, threadId, other, new Date(opened.getTime() + delay * 1000))
  }
}

t.test('the network adds up the communities of each day, with the median over all their threads', async (t) => {
  const fixture = await statisticsFixture(t)
  const one = await liveCommunity(fixture, 'one')
  const two = await liveCommunity(fixture, 'two')
  await answeredAfter(one, [100])
  await answeredAfter(two, [200, 300, 400, 10_000])
  await addMember(two, { joinedAt: moment(now, -12), leftAt: moment(now, -6) })
  t.equal(await lastAggregationAt(fixture.deps.db), null, 'nothing aggregated yet')
  await aggregateCommunity(fixture.deps, one.id, { now })
  await aggregateCommunity(fixture.deps, two.id, { now })
  await aggregateNetwork(fixture.deps, day(-12), { now })

  const rows = [...(await storedDays(fixture, one.id)), ...(await storedDays(fixture, two.id))]
  const network = await sql<Record<string, unknown>>`
    select day::text as day, communities, ${sql.join(figures.map((figure) => sql.ref(figure)))}, median_first_reply_seconds
    from hub.network_daily_stats order by day`.execute(fixture.deps.db)
  t.equal(network.rows.length, 13, 'every day some community has a row for')
  for (const row of network.rows) {
    const ofDay = rows.filter((community) => community.day === row.day)
    const sums = Object.fromEntries(figures.map((figure) => [figure, ofDay.reduce((sum, community) => sum + Number(community[figure]), 0)]))
    t.match(row, { communities: ofDay.length, ...sums }, String(row.day))
  }
  t.match(
    network.rows.find((row) => row.day === day(-5)),
    { communities: 2, threads: 5, threads_answered_24h: 5, median_first_reply_seconds: 300 },
    'the median of 100, 200, 300, 400 and 10000, not a median of medians',
  )
  t.match(
    network.rows.find((row) => row.day === day(-12)),
    { communities: 1, members_total: 1 },
  )
  t.ok(await lastAggregationAt(fixture.deps.db), 'the time of the last aggregation is known')
})

async function backdate(
  db: Kysely<HubDatabase>,
  table: 'proposals' | 'proposal_events' | 'proposal_supports',
  where: RawBuilder<unknown>,
  to: Date,
): Promise<void> {
  await sql`update ${sql.table(`hub.${table}`)} set created_at = ${to} where ${where}`.execute(db)
}

t.test('the incubator figures show each day as it ended, from the proposals history', async (t) => {
  const fixture = await statisticsFixture(t)
  const { db } = fixture.deps
  const launched = await insertProposal(db, { slug: 'launched', status: 'open', moderators: 0, members: 0 })
  const gathering = await insertProposal(db, { slug: 'gathering', status: 'open', moderators: 0, members: 0 })
  const withdrawn = await insertProposal(db, { slug: 'withdrawn', status: 'open', moderators: 0, members: 0 })
  const moves = [
    { proposal: launched, from: 'open', to: 'ready', actor: 'system', at: moment(now, -8, 1) },
    { proposal: launched, from: 'ready', to: 'approved', actor: 'staff', at: moment(now, -6, 1) },
    { proposal: launched, from: 'approved', to: 'provisioning', actor: 'system', at: moment(now, -6, 2) },
    { proposal: launched, from: 'provisioning', to: 'live', actor: 'system', at: moment(now, -5, 12) },
    { proposal: withdrawn, from: 'open', to: 'withdrawn', actor: 'founder', at: moment(now, -2, 1) },
  ] as const
  for (const move of moves) {
    const actorId = move.actor === 'system' ? null : move.proposal.founderId
    await recordProposalTransition(db, {
      proposalId: move.proposal.proposalId,
      from: move.from,
      to: move.to,
      actor: move.actor,
      actorId,
      reason: null,
    })
    await backdate(db, 'proposal_events', sql`proposal_id = ${move.proposal.proposalId} and to_status = ${move.to}`, move.at)
  }
  await backdate(db, 'proposals', sql`id = ${launched.proposalId}`, moment(now, -10, 12))
  await backdate(db, 'proposals', sql`id = ${gathering.proposalId}`, moment(now, -7, 1))
  await backdate(db, 'proposals', sql`id = ${withdrawn.proposalId}`, moment(now, -4, 1))
  const community = await db
    .insertInto('hub.communities')
    .values({
      slug: 'launched',
      proposal_id: launched.proposalId,
      name: 'L',
      disease_name: 'L',
      disease_key: 'l',
      languages: ['en'],
      description: 'L',
      status: 'live',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await sql`update hub.communities set live_at = ${moment(now, -5, 12)} where id = ${community.id}`.execute(db)
  for (const supportedAt of [moment(now, -7, 2), moment(now, -7, 3), moment(now, -3, 1)]) {
    const accountId = randomUUID()
    await db
      .insertInto('hub.accounts')
      .values({ id: accountId, email: `${accountId}@example.org`, display_name: 'S', password_hash: 'x' })
      .execute()
    await db
      .insertInto('hub.proposal_supports')
      .values({ proposal_id: gathering.proposalId, account_id: accountId, support_as: 'member' })
      .execute()
    await backdate(db, 'proposal_supports', sql`account_id = ${accountId}`, supportedAt)
  }

  await aggregateNetwork(fixture.deps, day(-10), { now })
  const rows = await sql<Record<string, unknown>>`
    select day::text as day, proposals_by_status as statuses, median_days_to_launch as launch, median_supporters_per_proposal as supporters
    from hub.incubator_daily_stats where day < ${day(-1)} order by day`.execute(db)
  t.same(rows.rows, [
    { day: day(-10), statuses: { open: 1 }, launch: null, supporters: '0.0' },
    { day: day(-9), statuses: { open: 1 }, launch: null, supporters: '0.0' },
    { day: day(-8), statuses: { ready: 1 }, launch: null, supporters: '0.0' },
    { day: day(-7), statuses: { open: 1, ready: 1 }, launch: null, supporters: '1.0' },
    { day: day(-6), statuses: { open: 1, provisioning: 1 }, launch: null, supporters: '2.0' },
    { day: day(-5), statuses: { live: 1, open: 1 }, launch: '5.0', supporters: '2.0' },
    { day: day(-4), statuses: { live: 1, open: 2 }, launch: '5.0', supporters: '1.0' },
    { day: day(-3), statuses: { live: 1, open: 2 }, launch: '5.0', supporters: '1.5' },
    { day: day(-2), statuses: { live: 1, open: 1, withdrawn: 1 }, launch: '5.0', supporters: '3.0' },
  ])
})

import { sql, type Kysely } from 'kysely'
import t from 'tap'
import type { HubDatabase, ProposalStatus } from '@kindred/db'
import { groupedCommunitySeries, groupedNetworkSeries, incubatorStages, type Grouping } from '@kindred/statistics'
import { insertProposal } from '@kindred/testkit'
import { statisticsFixture } from '../aggregation/fixture.ts'

const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

// The test's own account of a period's first day (the series take PostgreSQL's date_trunc): a week starts on Monday.
function periodStart(day: string, grouping: Exclude<Grouping, 'day'>): string {
  if (grouping === 'month') return `${day.slice(0, 7)}-01`
  return addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7))
}

async function bareCommunity(db: Kysely<HubDatabase>, slug: string): Promise<string> {
  const row = await db
    .insertInto('hub.communities')
    .values({ slug, name: slug, disease_name: slug, disease_key: slug, languages: ['en'], description: slug, status: 'live' })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

interface Seeded {
  day: string
  members: number
  threads: number
  firstReplies: number[]
}

// Figures that differ every day, so a sum, a last value and a median each give a different answer.
function seeded(first: string, count: number, offset: number): Seeded[] {
  return Array.from({ length: count }, (_, index) => ({
    day: addDays(first, index),
    members: 20 + offset + index * 3,
    threads: (index * 7 + offset) % 5,
    firstReplies: Array.from({ length: index % 3 }, (_, reply) => 60 * (index + 1) + reply * 17 + offset),
  }))
}

async function insertDays(db: Kysely<HubDatabase>, communityId: string, days: readonly Seeded[]): Promise<void> {
  await db
    .insertInto('hub.community_daily_stats')
    .values(
      days.map((day) => ({
        community_id: communityId,
        day: day.day,
        members_total: day.members,
        members_joined: 0,
        members_left: 0,
        active_members_7d: 0,
        active_members_30d: 0,
        threads: day.threads,
        replies: 0,
        reactions: 0,
        open_reports: 0,
        threads_answered_24h: 0,
        first_reply_seconds: day.firstReplies,
        median_first_reply_seconds: null,
      })),
    )
    .execute()
}

// PostgreSQL's round() of a double rounds a half to the even neighbour, as the roll-ups do.
const halfEven = (value: number): number =>
  value % 1 === 0.5 ? (Math.floor(value) % 2 === 0 ? Math.floor(value) : Math.ceil(value)) : Math.round(value)
const median = (values: number[]): number | null => {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return halfEven(sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2)
}

t.test('periods: weeks start on Monday, months on the first, both end where they should', async (t) => {
  const { deps } = await statisticsFixture(t)
  const { db } = deps
  const id = await bareCommunity(db, 'edges')
  const days = ['2024-02-01', '2024-02-29', '2025-03-06', '2025-03-09', '2025-03-10', '2025-12-29', '2026-01-04']
  await insertDays(
    db,
    id,
    days.map((day) => ({ day, members: 1, threads: 1, firstReplies: [] })),
  )
  const range = { from: '2024-01-01', to: '2026-01-31' }
  const periods = async (grouping: Exclude<Grouping, 'day'>) =>
    (await groupedCommunitySeries(db, { slug: 'edges', range, metrics: ['threads'], grouping })).series.map(({ day, through, threads }) => [
      day,
      through,
      threads,
    ])
  t.same(
    await periods('week'),
    [
      ['2024-01-29', '2024-02-04', 1],
      ['2024-02-26', '2024-03-03', 1],
      ['2025-03-03', '2025-03-09', 2],
      ['2025-03-10', '2025-03-16', 1],
      ['2025-12-29', '2026-01-04', 2],
    ],
    'a Sunday ends its week; a week runs across a year',
  )
  t.same(
    await periods('month'),
    [
      ['2024-02-01', '2024-02-29', 2],
      ['2025-03-01', '2025-03-31', 3],
      ['2025-12-01', '2025-12-31', 1],
      ['2026-01-01', '2026-01-31', 1],
    ],
    'a leap year’s February',
  )
  const clipped = await groupedCommunitySeries(db, {
    slug: 'edges',
    range: { from: '2025-03-05', to: '2025-03-09' },
    metrics: ['threads'],
    grouping: 'month',
  })
  t.same(clipped.series, [{ day: '2025-03-05', through: '2025-03-09', threads: 2 }], 'a period is clipped to the range')
})

t.test('grouped series: counts add up, levels take the last day, medians are taken over the period', async (t) => {
  const { deps } = await statisticsFixture(t)
  const { db } = deps
  const range = { from: '2025-01-15', to: '2025-03-20' }
  const alpha = await bareCommunity(db, 'alpha')
  const beta = await bareCommunity(db, 'beta')
  const alphaDays = seeded('2025-01-01', 90, 0)
  const betaDays = seeded('2025-01-01', 90, 4)
  await insertDays(db, alpha, alphaDays)
  await insertDays(db, beta, betaDays)

  for (const grouping of ['week', 'month'] as const) {
    const found = await groupedCommunitySeries(db, {
      slug: 'alpha',
      range,
      metrics: ['membersTotal', 'threads', 'medianFirstReplySeconds'],
      grouping,
    })
    const inRange = alphaDays.filter((day) => day.day >= range.from && day.day <= range.to)
    const starts = [...new Set(inRange.map((day) => periodStart(day.day, grouping)))]
    t.equal(found.series.length, starts.length, `${grouping}: a point per period`)
    for (const [index, start] of starts.entries()) {
      const days = inRange.filter((day) => periodStart(day.day, grouping) === start)
      const point = found.series[index]
      t.same(
        point,
        {
          day: days[0]?.day,
          through: days.at(-1)?.day,
          membersTotal: days.at(-1)?.members,
          threads: days.reduce((sum, day) => sum + day.threads, 0),
          medianFirstReplySeconds: median(days.flatMap((day) => day.firstReplies)),
        },
        `${grouping} of ${start}`,
      )
    }
  }

  const byDay = await groupedCommunitySeries(db, { slug: 'alpha', range, metrics: ['threads'], grouping: 'day' })
  t.equal(byDay.series.length, 65, 'by day, every day of the range')

  // The network's median is over every community's first replies of the period, not a median of medians.
  await sql`
    insert into hub.network_daily_stats (day, communities, members_total, members_joined, members_left, active_members_7d,
      active_members_30d, threads, replies, reactions, open_reports, threads_answered_24h, median_first_reply_seconds)
    select day, count(*), sum(members_total), 0, 0, 0, 0, sum(threads), 0, 0, 0, 0, null
    from hub.community_daily_stats group by day`.execute(db)
  const network = await groupedNetworkSeries(db, { range, metrics: ['membersTotal', 'medianFirstReplySeconds'], grouping: 'month' })
  const march = [...alphaDays, ...betaDays].filter((day) => day.day >= '2025-03-01' && day.day <= range.to)
  t.same(network.series.at(-1), {
    day: '2025-03-01',
    through: range.to,
    membersTotal:
      (alphaDays.find((day) => day.day === range.to)?.members ?? 0) + (betaDays.find((day) => day.day === range.to)?.members ?? 0),
    medianFirstReplySeconds: median(march.flatMap((day) => day.firstReplies)),
  })
})

t.test('the funnel: how many proposals of the range reached each stage, and the median days of each', async (t) => {
  const { deps } = await statisticsFixture(t)
  const { db } = deps
  // Per proposal: days to ready, then to approved, then to live (null: never got there).
  const paths: Array<[number | null, number | null, number | null]> = [
    [2, 5, 1],
    [4, 3, 2],
    [10, 1, null],
    [6, null, null],
    [null, null, null],
  ]
  const created = new Date('2025-02-01T08:00:00Z')
  const at = (days: number): Date => new Date(created.getTime() + days * 86_400_000)
  for (const [index, [ready, approved, live]] of paths.entries()) {
    const proposal = await insertProposal(db, { slug: `funnel-${index}`, moderators: 0, members: 0 })
    await sql`update hub.proposals set created_at = ${created} where id = ${proposal.proposalId}`.execute(db)
    const moves: Array<[ProposalStatus, number]> = []
    if (ready !== null) moves.push(['ready', ready])
    if (ready !== null && approved !== null) moves.push(['approved', ready + approved])
    for (const [status, days] of moves) {
      await sql`insert into hub.proposal_events (proposal_id, to_status, created_at) values (${proposal.proposalId}, ${status}, ${at(days)})`.execute(
        db,
      )
    }
    if (ready !== null && approved !== null && live !== null) {
      await db
        .insertInto('hub.communities')
        .values({
          slug: `funnel-${index}`,
          name: 'x',
          disease_name: 'x',
          disease_key: `funnel ${index}`,
          languages: ['en'],
          description: 'x',
          status: 'live',
          proposal_id: proposal.proposalId,
        })
        .execute()
      // live_at is written by provisioning only: set here as it would stand.
      await sql`update hub.communities set live_at = ${at(ready + approved + live)} where proposal_id = ${proposal.proposalId}`.execute(db)
    }
  }
  const stages = await incubatorStages(db, { from: '2025-02-01', to: '2025-02-01' })
  const reached = (index: 0 | 1 | 2) => paths.filter((path) => path.slice(0, index + 1).every((days) => days !== null))
  const medianOf = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b)
    const middle = Math.floor(sorted.length / 2)
    return sorted.length % 2 === 1 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
  }
  t.same(stages, [
    { stage: 'proposed', proposals: paths.length, medianDays: null },
    { stage: 'ready', proposals: reached(0).length, medianDays: medianOf(reached(0).map((path) => path[0] ?? 0)) },
    { stage: 'approved', proposals: reached(1).length, medianDays: medianOf(reached(1).map((path) => path[1] ?? 0)) },
    { stage: 'live', proposals: reached(2).length, medianDays: medianOf(reached(2).map((path) => path[2] ?? 0)) },
  ])
  const outside = await incubatorStages(db, { from: '2025-02-02', to: '2025-03-01' })
  t.same(
    outside.map((stage) => stage.proposals),
    [0, 0, 0, 0],
    'proposals made outside the range are not counted',
  )
})

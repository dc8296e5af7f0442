import { sql } from 'kysely'
import t from 'tap'
import { aggregateCommunity } from '@kindred/statistics'
import { queuedJobs } from '@kindred/testkit'
import { addMember, addPost, addThread, liveCommunity, moment, statisticsFixture, storedDays, type StatisticsFixture } from './fixture.ts'
import { fillRandomly } from './random-tenant.ts'

const now = new Date()
const day = (days: number): string => moment(now, days).toISOString().slice(0, 10)

async function progress(fixture: StatisticsFixture, communityId: string): Promise<string | undefined> {
  const result = await sql<{
    day: string
  }>`select complete_through::text as day from hub.stats_progress where community_id = ${communityId}`.execute(fixture.deps.db)
  return result.rows[0]?.day
}

async function computedAt(fixture: StatisticsFixture, communityId: string): Promise<Map<string, number>> {
  const rows = await sql<{
    day: string
    at: Date
  }>`select day::text as day, computed_at as at from hub.community_daily_stats where community_id = ${communityId}`.execute(fixture.deps.db)
  return new Map(rows.rows.map((row) => [row.day, row.at.getTime()]))
}

t.test('runs in two steps write the same days as one full run, and running again changes nothing', async (t) => {
  const fixture = await statisticsFixture(t)
  const community = await liveCommunity(fixture, 'steps')
  const seed = await fillRandomly(community, now, 11)
  const firstJoined = new Date(Math.min(...seed.members.map((member) => member.joinedAt.getTime()))).toISOString().slice(0, 10)

  const first = await aggregateCommunity(fixture.deps, community.id, { now: moment(now, -30, 12) })
  t.match(first, { from: firstJoined, completeThrough: day(-32) })
  t.equal(await progress(fixture, community.id), day(-32), 'complete through the day before yesterday of that run')
  t.equal(
    (await storedDays(fixture, community.id)).at(-1)?.day,
    day(-30),
    'yesterday and today of that run are written too, as provisional',
  )
  const second = await aggregateCommunity(fixture.deps, community.id, { now })
  t.match(second, { from: day(-31), days: 32, completeThrough: day(-2) }, 'the second run starts after the last complete day')
  const inSteps = await storedDays(fixture, community.id)

  await sql`delete from hub.community_daily_stats`.execute(fixture.deps.db)
  await sql`delete from hub.stats_progress`.execute(fixture.deps.db)
  await aggregateCommunity(fixture.deps, community.id, { now })
  t.same(await storedDays(fixture, community.id), inSteps, 'one full run writes the same figures')

  const before = await computedAt(fixture, community.id)
  const again = await aggregateCommunity(fixture.deps, community.id, { now })
  t.match(again, { from: day(-1), days: 2 }, 'only the provisional days are computed again')
  t.same(await storedDays(fixture, community.id), inSteps, 'running again changes no figure')
  const after = await computedAt(fixture, community.id)
  t.equal(after.get(day(-2)), before.get(day(-2)), 'a complete day is not rewritten')

  await aggregateCommunity(fixture.deps, community.id, { now, from: null })
  t.same(await storedDays(fixture, community.id), inSteps, 'nor does computing every day again')
})

t.test('a later --from never leaves a gap behind the progress mark; an earlier one recomputes from there', async (t) => {
  const fixture = await statisticsFixture(t)
  const community = await liveCommunity(fixture, 'gaps')
  const member = await addMember(community, { joinedAt: moment(now, -20) })
  await aggregateCommunity(fixture.deps, community.id, { now: moment(now, -10) })
  t.match(await aggregateCommunity(fixture.deps, community.id, { now, from: day(-5) }), { from: day(-11) })
  await addPost(community, (await addThread(community, member, moment(now, -15, 3))).threadId, member, moment(now, -15, 4))
  t.match(
    (await storedDays(fixture, community.id)).find((row) => row.day === day(-15)),
    { threads: 0 },
    'a complete day is not computed again by itself',
  )
  t.match(await aggregateCommunity(fixture.deps, community.id, { now, from: day(-15) }), { from: day(-15), days: 16 })
  t.match(
    (await storedDays(fixture, community.id)).find((row) => row.day === day(-15)),
    { threads: 1, replies: 1 },
  )
})

t.test('each run asks for the network roll-up of the days it wrote, a few seconds later, in one job', async (t) => {
  const fixture = await statisticsFixture(t)
  const early = await liveCommunity(fixture, 'early')
  const late = await liveCommunity(fixture, 'late')
  await addMember(early, { joinedAt: moment(now, -9) })
  await addMember(late, { joinedAt: moment(now, -3) })
  await aggregateCommunity(fixture.deps, late.id, { now })
  await aggregateCommunity(fixture.deps, early.id, { now })
  // The launches' mail to founders and supporters is queued too; this test is about the statistics.
  const jobs = (await queuedJobs(fixture.test.database.pool)).filter((job) => job.task.startsWith('stats__'))
  t.match(jobs, [{ task: 'stats__network', key: 'stats:network', payload: [{ from: day(-3) }, { from: day(-9) }] }])
  const waiting = await sql<{ queue: string; delay: number }>`
    select queue.queue_name as queue, extract(epoch from job.run_at - now())::float as delay
    from graphile_worker._private_jobs as job join graphile_worker._private_job_queues as queue on queue.id = job.job_queue_id`.execute(
    fixture.deps.db,
  )
  t.equal(waiting.rows[0]?.queue, 'stats:network')
  t.ok((waiting.rows[0]?.delay ?? 0) > 2, 'debounced: it waits for further community runs')
  t.equal(await aggregateCommunity(fixture.deps, '999999', { now }), undefined, 'an unknown or archived community is skipped')
})

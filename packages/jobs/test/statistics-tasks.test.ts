import { sql, type Kysely } from 'kysely'
import t, { type Test } from 'tap'
import { ConfigError, loadConfig } from '@kindred/config'
import type { HubDatabase } from '@kindred/db'
import { kindredCronItems, kindredTasks, type TaskDependencies } from '@kindred/jobs'
import { requestStatisticsRun } from '@kindred/statistics'
import { createPlacements } from '@kindred/community'
import { provisionCommunity } from '@kindred/tenancy'
import {
  captureLogs,
  createTestDatabase,
  insertProposal,
  queuedJobs,
  runDueJobs,
  type TestDatabase,
  taskDependencies,
} from '@kindred/testkit'

const logs = captureLogs('warn')

async function withCommunities(t: Test, slugs: string[]): Promise<{ test: TestDatabase; deps: TaskDependencies }> {
  const test = await createTestDatabase(t)
  const config = loadConfig({ DATABASE_URL: test.url })
  const placements = createPlacements({ hubUrl: test.url, config, applicationName: 'kindred-test', logger: logs.logger })
  t.teardown(() => placements.close())
  const deps = taskDependencies({ db: test.database.db, placements, logger: logs.logger, config })
  for (const slug of slugs) {
    const proposal = await insertProposal(test.database.db, { slug, moderators: 1, members: 0 })
    await provisionCommunity(deps, proposal.proposalId)
  }
  // The launches' mail to founders and supporters, which these tests are not about.
  await sql`delete from graphile_worker._private_jobs`.execute(test.database.db)
  return { test, deps }
}

interface Queued {
  task: string
  key: string | null
  queue: string | null
  payload: unknown
}

async function jobsWithQueues(db: Kysely<HubDatabase>): Promise<Queued[]> {
  const result = await sql<Queued>`
    select task.identifier as task, job.key, queue.queue_name as queue, job.payload
    from graphile_worker._private_jobs as job
    join graphile_worker._private_tasks as task on task.id = job.task_id
    left join graphile_worker._private_job_queues as queue on queue.id = job.job_queue_id
    order by job.id`.execute(db)
  return result.rows
}

t.test('a statistics run queues one job per live community, keyed and queued per community', async (t) => {
  const { test, deps } = await withCommunities(t, ['alpha', 'beta', 'gamma'])
  const { db, pool } = test.database
  await db.updateTable('hub.communities').set({ status: 'archived' }).where('slug', '=', 'beta').execute()
  const ids = (await db.selectFrom('hub.communities').select('id').where('status', '=', 'live').orderBy('id').execute()).map(
    (row) => row.id,
  )
  // What the cron item queues, run alone: the community jobs it queues stay in the queue.
  await sql`select graphile_worker.add_job('stats__aggregate', '{"_cron":{"ts":"2025-01-01T00:00:00Z","backfilled":false}}'::json)`.execute(
    db,
  )
  const tasks = kindredTasks(deps)
  await runDueJobs(pool, { stats__aggregate: tasks.stats__aggregate })
  const perCommunity = ids.map((id) => ({
    task: 'stats__community',
    key: `stats:${id}`,
    queue: `stats:${id}`,
    payload: { communityId: id },
  }))
  t.same(await jobsWithQueues(db), perCommunity)

  await requestStatisticsRun(db)
  await requestStatisticsRun(db)
  await runDueJobs(pool, { stats__aggregate: tasks.stats__aggregate })
  t.same(await jobsWithQueues(db), perCommunity, 'asked again before they ran: still one job per community')
})

t.test('community jobs write their days, then the debounced network job rolls the network up', async (t) => {
  const { test, deps } = await withCommunities(t, ['alpha', 'beta'])
  const { db, pool } = test.database
  await requestStatisticsRun(db)
  await runDueJobs(pool, kindredTasks(deps))
  const written = await sql<{ communities: number; progress: number }>`
    select (select count(distinct community_id)::int from hub.community_daily_stats) as communities,
           (select count(*)::int from hub.stats_progress) as progress`.execute(db)
  t.same(written.rows[0], { communities: 2, progress: 2 })
  t.match(
    await queuedJobs(pool),
    [{ task: 'stats__network', key: 'stats:network' }],
    'the network job waits a few seconds for further communities',
  )

  await sql`update graphile_worker._private_jobs set run_at = now()`.execute(db)
  await runDueJobs(pool, kindredTasks(deps))
  t.same(await queuedJobs(pool), [])
  const network = await sql<{
    communities: number
    members_total: number
  }>`select communities, members_total from hub.network_daily_stats`.execute(db)
  t.same(network.rows, [{ communities: 2, members_total: 4 }], 'both communities, with their founder and moderator each')
  t.equal((await sql<{ n: number }>`select count(*)::int as n from hub.incubator_daily_stats`.execute(db)).rows[0]?.n, 1)
})

t.test('a malformed statistics job fails without writing anything', async (t) => {
  const { test, deps } = await withCommunities(t, [])
  const { db, pool } = test.database
  await sql`select graphile_worker.add_job('stats__community', '{"communityId":"1; drop table x"}'::json)`.execute(db)
  await sql`select graphile_worker.add_job('stats__network', '[{"from":"2025-02-30"}]'::json)`.execute(db)
  await runDueJobs(pool, kindredTasks(deps))
  t.match(await queuedJobs(pool), [
    { task: 'stats__community', attempts: 1, lastError: /needs \{communityId: id\}/ },
    { task: 'stats__network', attempts: 1, lastError: /needs \[\{from: YYYY-MM-DD\}/ },
  ])
})

t.test('the statistics schedule comes from the configuration', async (t) => {
  const config = loadConfig({ KINDRED_STATS_SCHEDULE: '15 */2 * * *' })
  const item = kindredCronItems({ statisticsSchedule: config.statistics.schedule }).find((cron) => cron.identifier === 'stats__aggregate')
  const at = (hour: number, min: number): boolean | undefined => item?.match({ min, hour, date: 3, month: 3, dow: 1 })
  t.same([at(2, 15), at(4, 15), at(3, 15), at(2, 0)], [true, true, false, false])
  const hourly = kindredCronItems().find((cron) => cron.identifier === 'stats__aggregate')
  t.same(
    [hourly?.match({ min: 0, hour: 7, date: 3, month: 3, dow: 1 }), hourly?.match({ min: 30, hour: 7, date: 3, month: 3, dow: 1 })],
    [true, false],
    'hourly by default',
  )
  t.throws(
    () => loadConfig({ KINDRED_STATS_SCHEDULE: 'hourly' }),
    new ConfigError(
      'Invalid configuration: KINDRED_STATS_SCHEDULE must be when statistics are aggregated, as a five-field cron pattern of numbers, *, ranges, lists and steps (UTC), e.g. 0 * * * * for hourly',
    ),
  )
})

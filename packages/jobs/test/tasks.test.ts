import { sql } from 'kysely'
import t from 'tap'
import { loadConfig } from '@kindred/config'
import { rateLimitCounter } from '@kindred/db'
import { registerAccount, startWebSession } from '@kindred/identity'
import { kindredCronItems, kindredTasks, startWorker } from '@kindred/jobs'
import { createPlacements } from '@kindred/community'
import { captureLogs, createTestDatabase, insertProposal, queuedJobs, runDueJobs, taskDependencies } from '@kindred/testkit'

const logs = captureLogs('warn')

t.test('a missed digest run is caught up within 12 hours; other recurring jobs wait for their next time', async (t) => {
  const backfills = Object.fromEntries(kindredCronItems().map((item) => [item.identifier, item.options.backfillPeriod]))
  t.equal(backfills.digests__plan_daily, 12 * 3_600_000)
  t.equal(backfills.digests__plan_weekly, 12 * 3_600_000)
  t.equal(backfills.rate_limits__prune, 0)
  t.equal(backfills.stats__aggregate, 0)
})

t.test('proposals__expire expires the proposals whose support window closed', async (t) => {
  const test = await createTestDatabase(t)
  const { db, pool } = test.database
  const config = loadConfig({ DATABASE_URL: test.url })
  const placements = createPlacements({ hubUrl: test.url, config, applicationName: 'kindred-test', logger: logs.logger })
  t.teardown(() => placements.close())
  const overdue = await insertProposal(db, { slug: 'overdue', status: 'open' })
  await insertProposal(db, { slug: 'current', status: 'open' })
  await db
    .updateTable('hub.proposals')
    .set({ expires_at: new Date(Date.now() - 60_000) })
    .where('id', '=', overdue.proposalId)
    .execute()
  // What the hourly cron item queues.
  await sql`select graphile_worker.add_job('proposals__expire', '{"_cron":{"ts":"2025-01-01T00:00:00Z","backfilled":false}}'::json)`.execute(
    db,
  )
  await runDueJobs(pool, kindredTasks(taskDependencies({ db, placements, logger: logs.logger, config })))
  // The job is done; what it left is the reminder to the founder of the proposal whose window closes within
  // a day (no SMTP server here, so it waits for its retry).
  t.match(await queuedJobs(pool), [{ task: 'proposal_founder__mail', payload: { news: 'expiring' } }])
  t.equal((await queuedJobs(pool)).length, 1)
  const statuses = await db.selectFrom('hub.proposals').select(['slug', 'status']).orderBy('slug').execute()
  t.same(statuses, [
    { slug: 'current', status: 'open' },
    { slug: 'overdue', status: 'expired' },
  ])
})

t.test('rate_limits__prune deletes the counters whose window has ended, and no other', async (t) => {
  const test = await createTestDatabase(t)
  const { db, pool } = test.database
  const config = loadConfig({ DATABASE_URL: test.url })
  const placements = createPlacements({ hubUrl: test.url, config, applicationName: 'kindred-test', logger: logs.logger })
  t.teardown(() => placements.close())
  const counters = rateLimitCounter(db, Buffer.from('a test secret'))
  await counters.count('ended', 60_000)
  await sql`update hub.rate_limits set window_ends_at = now() - interval '1 minute'`.execute(db)
  await counters.count('running', 60_000)
  await sql`select graphile_worker.add_job('rate_limits__prune', '{"_cron":{"ts":"2025-01-01T00:00:00Z","backfilled":false}}'::json)`.execute(
    db,
  )
  await runDueJobs(pool, kindredTasks(taskDependencies({ db, placements, logger: logs.logger, config })))
  t.same(await queuedJobs(pool), [])
  t.equal((await db.selectFrom('hub.rate_limits').select('hits').execute()).length, 1, 'the ended window is gone')
  t.equal((await counters.read('running'))?.hits, 1, 'the running window is kept')
})

t.test('web_sessions__prune deletes the browser sessions that have expired, and no other', async (t) => {
  const test = await createTestDatabase(t)
  const { db, pool } = test.database
  const config = loadConfig({ DATABASE_URL: test.url })
  const placements = createPlacements({ hubUrl: test.url, config, applicationName: 'kindred-test', logger: logs.logger })
  t.teardown(() => placements.close())
  const account = await registerAccount(db, { email: 'ada@example.org', password: 'a long enough password', displayName: 'Ada' })
  const expired = await startWebSession(db, account.id, 60)
  const current = await startWebSession(db, account.id, 60)
  await sql`update hub.web_sessions set expires_at = now() - interval '1 second' where id = ${expired?.sessionId}`.execute(db)
  await sql`select graphile_worker.add_job('web_sessions__prune', '{"_cron":{"ts":"2025-01-01T00:00:00Z","backfilled":false}}'::json)`.execute(
    db,
  )
  await runDueJobs(pool, kindredTasks(taskDependencies({ db, placements, logger: logs.logger, config })))
  t.same(await queuedJobs(pool), [])
  t.same(await db.selectFrom('hub.web_sessions').select('id').execute(), [{ id: current?.sessionId }], 'only the current session is left')
})

t.test(
  'a worker registers the hourly account_links__prune, proposals__expire, rate_limits__prune, stats__aggregate and web_sessions__prune schedules, and the digests daily and weekly',
  async (t) => {
    const test = await createTestDatabase(t)
    const { db, pool } = test.database
    const config = loadConfig({ DATABASE_URL: test.url })
    const placements = createPlacements({ hubUrl: test.url, config, applicationName: 'kindred-test', logger: logs.logger })
    t.teardown(() => placements.close())
    const worker = await startWorker({
      pool,
      logger: logs.logger,
      concurrency: 1,
      tasks: kindredTasks(taskDependencies({ db, placements, logger: logs.logger, config })),
      cronItems: kindredCronItems({ statisticsSchedule: config.statistics.schedule }),
    })
    t.teardown(() => worker.stop())
    let known: string[] = []
    const expected = [
      'account_links__prune',
      'digests__plan_daily',
      'digests__plan_weekly',
      'proposals__expire',
      'rate_limits__prune',
      'stats__aggregate',
      'web_sessions__prune',
    ]
    for (let attempt = 0; attempt < 200 && known.length < expected.length; attempt += 1) {
      known = (
        await sql<{ identifier: string }>`select identifier from graphile_worker._private_known_crontabs order by identifier`.execute(db)
      ).rows.map((row) => row.identifier)
      if (known.length < expected.length) await new Promise((resolve) => setTimeout(resolve, 25))
    }
    t.same(known, expected)
  },
)

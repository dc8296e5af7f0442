import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'kysely'
import t from 'tap'
import { loadConfig } from '@kindred/config'
import { kindredJobs, kindredTasks, startWorker } from '@kindred/jobs'
import { createPlacements } from '@kindred/community'
import { captureLogs, createTestDatabase, queuedJobs, taskDependencies } from '@kindred/testkit'

t.test('every job is listed once, named <subject>__<action>', async (t) => {
  const names = kindredJobs.map((job) => job.name)
  t.same(names.toSorted(), [
    'account__erase',
    'account_links__prune',
    'charter__distribute',
    'community__move',
    'community__provision',
    'digest__mail',
    'digests__plan_daily',
    'digests__plan_weekly',
    'email_change_notice__mail',
    'email_taken__mail',
    'email_verification__mail',
    'join_decision__mail',
    'message__mail',
    'moderation__mail',
    'notification__mail',
    'notifications__fan_out',
    'ownership__hand_over',
    'password_reset__mail',
    'proposal_founder__mail',
    'proposal_live__mail',
    'proposals__expire',
    'rate_limits__prune',
    'stats__aggregate',
    'stats__community',
    'stats__network',
    'web_sessions__prune',
  ])
})

t.test('a malformed job fails for good, and neither the worker’s logs nor the queue repeat its payload', async (t) => {
  const test = await createTestDatabase(t)
  const { db, pool } = test.database
  const logs = captureLogs('info')
  const config = loadConfig({ DATABASE_URL: test.url })
  const placements = createPlacements({ hubUrl: test.url, config, applicationName: 'kindred-test', logger: logs.logger })
  t.teardown(() => placements.close())
  // What a careless script or a hand-written insert might leave in the queue.
  await sql`select graphile_worker.add_job('account__erase', ${JSON.stringify({ accountId: 'alice@example.org' })}::json)`.execute(db)
  const worker = await startWorker({
    pool,
    logger: logs.logger,
    concurrency: 1,
    tasks: kindredTasks(taskDependencies({ db, placements, logger: logs.logger, config })),
  })
  t.teardown(() => worker.stop())
  for (let attempt = 0; attempt < 400 && !/Failed task/.test(logs.text()); attempt += 1) await sleep(25)
  await worker.stop()

  t.match(await queuedJobs(pool), [
    { task: 'account__erase', attempts: 1, maxAttempts: 1, lastError: 'account__erase needs {accountId: uuid}: accountId must be a UUID' },
  ])
  const lines = logs.lines()
  t.match(
    lines.find((line) => line.msg === 'job payload refused; the job will not be retried'),
    { task: 'account__erase', problems: ['accountId must be a UUID'] },
  )
  t.match(
    lines.find((line) => typeof line.msg === 'string' && line.msg.startsWith('Failed task')),
    { job: { task: 'account__erase', attempts: 1, maxAttempts: 1 }, msg: /attempt 1 of 1/ },
    'graphile-worker’s own line says it was the last attempt',
  )
  t.notMatch(logs.text(), 'alice@example.org')
})

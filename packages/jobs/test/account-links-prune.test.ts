import { sql } from 'kysely'
import t from 'tap'
import { loadConfig } from '@kindred/config'
import { checkAccountLink, issueAccountLink, registerAccount } from '@kindred/identity'
import { kindredTasks } from '@kindred/jobs'
import { createPlacements } from '@kindred/community'
import { captureLogs, createTestDatabase, queuedJobs, runDueJobs, taskDependencies } from '@kindred/testkit'

const logs = captureLogs('warn')

t.test('account_links__prune deletes the mailed links that have expired, and no other', async (t) => {
  const test = await createTestDatabase(t)
  const { db, pool } = test.database
  const config = loadConfig({ DATABASE_URL: test.url })
  const placements = createPlacements({ hubUrl: test.url, config, applicationName: 'kindred-test', logger: logs.logger })
  t.teardown(() => placements.close())
  const account = await registerAccount(db, { email: 'ada@example.org', password: 'a long enough password', displayName: 'Ada' })
  const expired = await issueAccountLink(db, { accountId: account.id, purpose: 'reset_password' })
  const current = await issueAccountLink(db, { accountId: account.id, purpose: 'verify_email', email: 'ada@example.org' })
  if (expired === undefined || current === undefined) throw new Error('no link')
  await sql`update hub.account_links set expires_at = now() - interval '1 second' where purpose = 'reset_password'`.execute(db)
  // What the hourly cron item queues.
  await sql`select graphile_worker.add_job('account_links__prune', '{"_cron":{"ts":"2025-01-01T00:00:00Z","backfilled":false}}'::json)`.execute(
    db,
  )
  await runDueJobs(pool, kindredTasks(taskDependencies({ db, placements, logger: logs.logger, config })))
  t.same(await queuedJobs(pool), [])
  t.same(
    await db.selectFrom('hub.account_links').select('purpose').execute(),
    [{ purpose: 'verify_email' }],
    'only the current link is left',
  )
  t.same(
    await checkAccountLink(db, 'verify_email', current.token),
    { accountId: account.id, email: 'ada@example.org' },
    'and it still works',
  )
})

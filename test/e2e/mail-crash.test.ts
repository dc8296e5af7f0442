import { randomBytes } from 'node:crypto'
import t from 'tap'
import { emailTakenMailJob, registerAccount } from '@kindred/identity'
import { createTestDatabase, queuedJobs, spawnApp, startTestMailbox, until } from '@kindred/testkit'

const worker = 'apps/worker/src/main.ts'
const messages = 24
const concurrency = 4

t.test('a worker killed mid-send: its successor sends the rest, and no message goes twice', async (t) => {
  const { url, database } = await createTestDatabase(t)
  const mailbox = await startTestMailbox(t)
  const addresses = Array.from({ length: messages }, (_, index) => `member${index}@example.org`)
  for (const email of addresses) {
    const account = await registerAccount(database.db, { email, password: 'a long enough password', displayName: email })
    await emailTakenMailJob.enqueue(database.db, { accountId: account.id, hour: '2026-12-03T18' })
  }
  const env = {
    DATABASE_URL: url,
    LOG_FORMAT: 'json',
    KINDRED_MASTER_KEY: randomBytes(32).toString('base64'),
    SMTP_URL: mailbox.url,
    WORKER_CONCURRENCY: String(concurrency),
  }

  // A slow server, so that messages are on their way when the worker dies.
  mailbox.holdData(300)
  const first = spawnApp(t, worker, env)
  await mailbox.waitFor(concurrency + 2, 120_000)
  first.child.kill('SIGKILL')
  await first.exited
  mailbox.holdData(0)
  // What the heartbeats' sweep does once the dead worker has been silent for a minute (packages/jobs liveness.ts).
  await database.pool.query(
    'select graphile_worker.force_unlock_workers(array(select distinct locked_by from graphile_worker.jobs where locked_by is not null))',
  )

  const second = spawnApp(t, worker, env)
  await second.waitForLine(/Kindred worker is running/)
  await until('the queue is empty', async () => (await queuedJobs(database.pool)).length === 0, { timeoutMs: 120_000, everyMs: 100 })
  second.child.kill('SIGTERM')
  t.equal(await second.exited, 0)

  const deliveries = await database.db.selectFrom('hub.mail_deliveries').select(['key', 'state']).execute()
  const states = Map.groupBy(deliveries, (delivery) => delivery.state)
  const inFlight = states.get('handing_over')?.length ?? 0
  t.equal(deliveries.length, messages, 'every message was claimed')
  t.equal((states.get('sent')?.length ?? 0) + inFlight, messages, 'each was sent, or was on its way when the worker died')
  t.ok(inFlight <= concurrency, `at most one message per job running at the kill was left unsure (${inFlight})`)
  t.same(
    addresses.filter((email) => mailbox.to(email).length > 1),
    [],
    'nobody got a message twice',
  )
  t.ok(mailbox.received.length >= messages - inFlight, 'every message not on its way at the kill arrived')
  t.notMatch(first.stdout() + second.stdout(), /@example\.org/, 'no address in the logs')
})

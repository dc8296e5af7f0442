import { sql, type Kysely } from 'kysely'
import t from 'tap'
import { Type } from 'typebox'
import type { HubDatabase } from '@kindred/db'
import { cronPayload, defineJob, describePayload, InvalidJobPayloadError, opaqueKey, uuidSchema } from '@kindred/job-definition'
import { captureLogs, createTestDatabase, queuedJobs, runDueJobs } from '@kindred/testkit'

const accountId = '0b6f6d1e-4a52-4c8e-9d0a-3f1c2b7e8a90'

function greetingJob(ran: string[] = []) {
  return defineJob({
    name: 'greeting__send',
    payload: Type.Object(
      {
        accountId: uuidSchema,
        day: Type.Optional(Type.String({ format: 'date', title: 'YYYY-MM-DD', description: 'a day (YYYY-MM-DD)' })),
      },
      { additionalProperties: false },
    ),
    key: (payload) => opaqueKey('greeting__send', payload.accountId),
    queue: () => 'greetings',
    delaySeconds: 60,
    maxAttempts: 4,
    run: async (_deps, payload, attempt) => {
      ran.push(`${payload.accountId} ${attempt.attempt}/${attempt.maxAttempts}`)
    },
  })
}

interface Row {
  task: string
  payload: unknown
  key: string | null
  queue: string | null
  max_attempts: number
  delayed: boolean
}

async function rows(db: Kysely<HubDatabase>): Promise<Row[]> {
  const result = await sql<Row>`
    select task.identifier as task, job.payload, job.key, queue.queue_name as queue, job.max_attempts, job.run_at > now() + interval '50 seconds' as delayed
    from graphile_worker._private_jobs as job
    join graphile_worker._private_tasks as task on task.id = job.task_id
    left join graphile_worker._private_job_queues as queue on queue.id = job.job_queue_id
    order by job.id`.execute(db)
  return result.rows
}

t.test('a payload is described from its schema, and a refused one is said without any of its values', async (t) => {
  const job = greetingJob()
  t.equal(describePayload(job.payload), '{accountId: uuid, day?: YYYY-MM-DD}')
  t.equal(describePayload(Type.Array(Type.Object({ from: Type.String() }), { minItems: 1 })), '[{from: string}, …]')
  t.equal(describePayload(cronPayload), '{_cron?: cron details}')

  t.same(job.parse({ accountId, day: '2024-02-29' }), { accountId, day: '2024-02-29' })
  const refused = t.throws(() => job.parse({ accountId: 'alice@example.org', day: '2025-02-30', 'alice@example.org': true, note: 'x' }))
  t.ok(refused instanceof InvalidJobPayloadError)
  t.equal(
    (refused as Error).message,
    'greeting__send needs {accountId: uuid, day?: YYYY-MM-DD}: the payload has an unknown property; the payload has an unknown property note; accountId must be a UUID; day must be a day (YYYY-MM-DD)',
  )
  t.throws(() => job.parse(null), { message: 'greeting__send needs {accountId: uuid, day?: YYYY-MM-DD}: the payload must be object' })
  t.throws(() => job.parse({}), { message: /: accountId is missing$/ })
  t.throws(() => job.parse([{ accountId }]), { message: /the payload must be object/ })
})

t.test('a job name is <subject>__<action> in snake case, with at least one attempt', async (t) => {
  const run = async (): Promise<void> => undefined
  t.throws(() => defineJob({ name: 'Greeting__send', payload: cronPayload, maxAttempts: 1, run }), { message: /<subject>__<action>/ })
  t.throws(() => defineJob({ name: 'greeting___send', payload: cronPayload, maxAttempts: 1, run }), { message: /<subject>__<action>/ })
  t.throws(() => defineJob({ name: 'greeting__send', payload: cronPayload, maxAttempts: 0, run }), { message: /maxAttempts/ })
})

t.test('a job is queued in the caller’s transaction, with its key, queue, attempts and delay', async (t) => {
  const { database } = await createTestDatabase(t)
  const job = greetingJob()
  await t.rejects(
    database.db.transaction().execute(async (trx) => {
      await job.enqueue(trx, { accountId })
      throw new Error('the caller changed its mind')
    }),
  )
  t.same(await rows(database.db), [], 'rolled back with the transaction')

  await database.db.transaction().execute((trx) => job.enqueue(trx, { accountId }))
  await job.enqueue(database.db, { accountId, day: '2025-03-01' })
  t.same(await rows(database.db), [
    {
      task: 'greeting__send',
      payload: { accountId, day: '2025-03-01' },
      key: opaqueKey('greeting__send', accountId),
      queue: 'greetings',
      max_attempts: 4,
      delayed: true,
    },
  ])
  t.notMatch(JSON.stringify(await rows(database.db)).replace(/"payload":\{[^}]*\}/, ''), accountId, 'the key does not name the account')
  await t.rejects(job.enqueue(database.db, { accountId: 'not-a-uuid' }), InvalidJobPayloadError, 'a bad payload is not queued at all')
})

t.test('many jobs are queued in one statement, each with its key and queue', async (t) => {
  const { database } = await createTestDatabase(t)
  const job = defineJob({
    name: 'greeting__count',
    payload: Type.Object({ n: Type.Integer() }, { additionalProperties: false }),
    key: ({ n }) => `count:${n}`,
    queue: ({ n }) => `count:${n % 2}`,
    maxAttempts: 2,
    run: async () => undefined,
  })
  t.equal(await job.enqueueAll(database.db, []), 0)
  t.equal(await job.enqueueAll(database.db, [{ n: 3 }, { n: 1 }, { n: 2 }]), 3)
  t.equal(await job.enqueueAll(database.db, [{ n: 1 }]), 1, 'a waiting job under the same key is replaced')
  t.same(
    (await rows(database.db))
      .map(({ payload, key, queue, max_attempts }) => ({ payload, key, queue, max_attempts }))
      .sort((a, b) => String(a.key).localeCompare(String(b.key))),
    [
      { payload: { n: 1 }, key: 'count:1', queue: 'count:1', max_attempts: 2 },
      { payload: { n: 2 }, key: 'count:2', queue: 'count:0', max_attempts: 2 },
      { payload: { n: 3 }, key: 'count:3', queue: 'count:1', max_attempts: 2 },
    ],
  )
})

t.test('a malformed payload fails the job for good at its first attempt, logged without the payload', async (t) => {
  const { database } = await createTestDatabase(t)
  const logs = captureLogs('info')
  const ran: string[] = []
  const job = greetingJob(ran)
  const tasks = { [job.name]: job.task({ logger: logs.logger }) }
  await sql`select graphile_worker.add_job('greeting__send', ${JSON.stringify({ accountId: 'alice@example.org' })}::json)`.execute(
    database.db,
  )
  await job.enqueue(database.db, { accountId })
  await sql`update graphile_worker._private_jobs set run_at = now()`.execute(database.db)
  await runDueJobs(database.pool, tasks)

  t.same(ran, [`${accountId} 1/4`], 'the good job ran, knowing its attempt')
  t.match(await queuedJobs(database.pool), [
    {
      task: 'greeting__send',
      attempts: 1,
      maxAttempts: 1,
      lastError: /^greeting__send needs \{accountId: uuid, day\?: YYYY-MM-DD\}: accountId must be a UUID$/,
    },
  ])
  await sql`update graphile_worker._private_jobs set run_at = now()`.execute(database.db)
  await runDueJobs(database.pool, tasks)
  t.match(await queuedJobs(database.pool), [{ attempts: 1, maxAttempts: 1 }], 'and it is not tried again')

  t.match(logs.lines(), [
    { level: 50, task: 'greeting__send', problems: ['accountId must be a UUID'], msg: 'job payload refused; the job will not be retried' },
  ])
  t.notMatch(logs.text(), 'alice@example.org')
})

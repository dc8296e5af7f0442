import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import t from 'tap'
import { loadConfig } from '@kindred/config'
import { createDatabase, hubMigrations, isDatabaseUnavailable, migrateHub, startEmbeddedPostgres, type EmbeddedPostgres } from '@kindred/db'
import { createHubServer } from '@kindred/hub'
import { migrateJobQueue, startWorker } from '@kindred/jobs'
import { captureLogs, createTestTokens, freePort } from '@kindred/testkit'

// This file runs a PostgreSQL server of its own, because it stops and restarts it.
const logs = captureLogs('warn')
const dataDir = await mkdtemp(path.join(tmpdir(), 'kindred-outage-'))
const port = await freePort()
const start = (): Promise<EmbeddedPostgres> => startEmbeddedPostgres({ dataDir, port, logger: logs.logger })
let server = await start()
t.teardown(async () => {
  await server.stop()
  await rm(dataDir, { recursive: true, force: true })
})

// The production default connect timeout: a stopped server refuses connections at once, so a shorter one
// would not make the outage show sooner, only make connecting fail on a busy CI machine (at 1 s, under two
// busy cores, the worker's pool never got a second connection and its first job waited two minutes).
const open = (applicationName: string, poolMax: number) =>
  createDatabase({
    url: server.url,
    poolMax,
    connectTimeoutMs: 5000,
    connectionMaxLifetimeSeconds: 0,
    applicationName,
    logger: logs.logger,
  })

const hubDatabase = open('outage-hub', 3)
const workerDatabase = open('outage-worker', 4)
t.teardown(() => Promise.all([hubDatabase.close(), workerDatabase.close()]))
await migrateHub(hubDatabase.db)
await migrateJobQueue(hubDatabase.pool)

const app = await createHubServer({
  config: loadConfig({ DATABASE_URL: server.url }),
  logger: logs.logger,
  database: hubDatabase,
  hubMigrations: await hubMigrations(),
  tokens: (await createTestTokens(hubDatabase)).tokens,
})
t.teardown(() => app.close())

const processed: string[] = []
let onProcessed: (() => void) | undefined
const worker = await startWorker({
  pool: workerDatabase.pool,
  logger: logs.logger,
  concurrency: 1,
  tasks: {
    outage__record: (payload) => {
      processed.push((payload as { name: string }).name)
      onProcessed?.()
    },
  },
})
t.teardown(() => worker.stop())

async function runJob(name: string): Promise<void> {
  const done = new Promise<void>((resolve) => (onProcessed = resolve))
  await sql`select graphile_worker.add_job('outage__record', ${JSON.stringify({ name })}::json)`.execute(hubDatabase.db)
  await done
}

t.test('before the outage, requests and jobs are served', async (t) => {
  t.equal((await app.inject({ url: '/readyz' })).statusCode, 200)
  await runJob('before')
  t.same(processed, ['before'])
})

t.test('while the database is down, queries fail as unavailable and the API answers 503 without crashing', async (t) => {
  await server.stop()
  const error: unknown = await sql`select 1`.execute(hubDatabase.db).catch((caught: unknown) => caught)
  t.ok(isDatabaseUnavailable(error), 'the failure is recognised as the database being unavailable')
  const ready = await app.inject({ url: '/readyz' })
  t.equal(ready.statusCode, 503)
  t.equal(ready.json<{ code: string }>().code, 'KINDRED_NOT_READY')
  t.equal((await app.inject({ url: '/healthz' })).statusCode, 200, 'the process itself stays up')
})

t.test('once the database is back, the same pools serve requests and the same worker runs jobs again', async (t) => {
  server = await start()
  t.equal((await app.inject({ url: '/readyz' })).statusCode, 200)
  await runJob('after')
  t.same(processed, ['before', 'after'])
})

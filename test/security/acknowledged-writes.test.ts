import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { loadConfig } from '@kindred/config'
import { createDatabase, hubMigrations, migrateHub, startEmbeddedPostgres, type EmbeddedPostgres } from '@kindred/db'
import { createHubServer } from '@kindred/hub'
import { migrateJobQueue } from '@kindred/jobs'
import { captureLogs, createTestTokens, freePort } from '@kindred/testkit'

// This file runs a PostgreSQL server of its own, because it stops it in the middle of the writes.
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

t.test('PostgreSQL stopped and started again under write load: every acknowledged write is there afterwards', async (t) => {
  const logs = captureLogs('fatal')
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kindred-acknowledged-'))
  const port = await freePort()
  const start = (): Promise<EmbeddedPostgres> => startEmbeddedPostgres({ dataDir, port, logger: logs.logger })
  let server = await start()
  t.teardown(async () => {
    await server.stop()
    await rm(dataDir, { recursive: true, force: true })
  })
  // The production default: a stopped server refuses at once, and a shorter timeout only fails connecting on a busy machine.
  const database = createDatabase({
    url: server.url,
    poolMax: 4,
    connectTimeoutMs: 5000,
    connectionMaxLifetimeSeconds: 0,
    applicationName: 'acknowledged-writes',
    logger: logs.logger,
  })
  t.teardown(() => database.close())
  await migrateHub(database.db)
  await migrateJobQueue(database.pool)
  const app = await createHubServer({
    config: loadConfig({ DATABASE_URL: server.url, HTTP_MAX_EVENT_LOOP_DELAY_MS: '0' }),
    logger: logs.logger,
    database,
    hubMigrations: await hubMigrations(),
    tokens: (await createTestTokens(database)).tokens,
  })
  t.teardown(() => app.close())

  const acknowledged: string[] = []
  const answers = new Map<number, number>()
  let sent = 0
  let writing = true
  // Eight clients register accounts one after another, each from an address of its own.
  const client = async (index: number): Promise<void> => {
    while (writing) {
      const email = `writer-${index}-${sent++}@example.org`
      const reply = await app.inject({
        method: 'POST',
        url: '/v1/auth/register',
        remoteAddress: `198.51.${index}.${sent % 250}`,
        payload: { email, password: 'a long enough password', displayName: 'Writer' },
      })
      answers.set(reply.statusCode, (answers.get(reply.statusCode) ?? 0) + 1)
      if (reply.statusCode === 202) acknowledged.push(email)
      else if (reply.statusCode === 503) await pause(50)
    }
  }
  // Waits by progress, not by time: the machine may be slow, a password hash takes what it takes.
  const acknowledgedReach = async (count: number): Promise<void> => {
    for (let waited = 0; acknowledged.length < count && waited < 60_000; waited += 20) await pause(20)
  }
  const clients = Array.from({ length: 8 }, (_unused, index) => client(index))
  await acknowledgedReach(16)
  await server.stop()
  const beforeStop = acknowledged.length
  await pause(500)
  server = await start()
  await acknowledgedReach(beforeStop + 16)
  writing = false
  await Promise.all(clients)

  const stored = new Set((await database.db.selectFrom('hub.accounts').select('email').execute()).map((row) => row.email))
  const lost = acknowledged.filter((email) => !stored.has(email))
  const tally = [...answers.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status}×${count}`)
    .join(' ')
  t.comment(
    `acknowledged writes: ${acknowledged.length} acknowledged (${beforeStop} before the stop), ${lost.length} lost; answers ${tally}`,
  )
  t.ok(beforeStop > 0 && acknowledged.length > beforeStop, 'writes were acknowledged before the stop and after the restart')
  t.ok((answers.get(503) ?? 0) > 0, 'while the database was down, writes were refused with 503')
  t.same(lost, [], 'no acknowledged write was lost')
  t.same(
    [...answers.keys()].filter((status) => status !== 202 && status !== 503),
    [],
    'no other answer than 202 and 503',
  )
})

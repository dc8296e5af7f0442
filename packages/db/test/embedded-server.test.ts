import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import t from 'tap'
import { startEmbeddedPostgres } from '@kindred/db'
import { captureLogs, freePort } from '@kindred/testkit'

// Every known rare disease (about 7,000) with a community of about 14 tables once the forum is complete:
// pg_dump locks all of them in one transaction (docs/decisions.md, tenants).
const communities = 7000
const tablesPerCommunity = 14

// A server of this test's own, started as Kindred starts it: the run's shared server may be an external
// one (DATABASE_URL), whose settings are its operator's (infra/postgresql/kindred.conf).
t.test("the embedded server's lock table holds a lock on every table of a network with a community per rare disease", async (t) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kindred-locks-'))
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), logger: captureLogs('warn').logger })
  const client = new pg.Client({ connectionString: server.url })
  t.teardown(async () => {
    await client.end()
    await server.stop()
    await rm(dataDir, { recursive: true, force: true })
  })
  await client.connect()
  const { rows } = await client.query<{ slots: number }>(
    `select current_setting('max_locks_per_transaction')::int
       * (current_setting('max_connections')::int + current_setting('max_prepared_transactions')::int) as slots`,
  )
  t.ok((rows[0]?.slots ?? 0) >= communities * tablesPerCommunity, `${rows[0]?.slots ?? 0} lock slots`)
})

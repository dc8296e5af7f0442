import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import t, { type Test } from 'tap'
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@kindred/db'
import { captureLogs, freePort } from '@kindred/testkit'

async function startServer(t: Test): Promise<{ server: EmbeddedPostgres; pgdata: string; logs: ReturnType<typeof captureLogs> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kindred-supervised-'))
  t.teardown(() => rm(dataDir, { recursive: true, force: true }))
  const logs = captureLogs('warn')
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), logger: logs.logger })
  return { server, pgdata: path.join(dataDir, 'pgdata'), logs }
}

async function postmasterPid(pgdata: string): Promise<number> {
  return Number((await readFile(path.join(pgdata, 'postmaster.pid'), 'utf8')).split('\n')[0])
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 })
  try {
    await client.connect()
    return (await client.query('select 1 as one')).rows.length === 1
  } catch {
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

async function eventually(condition: () => Promise<boolean>, withinMs: number): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < withinMs; await new Promise((resolve) => setTimeout(resolve, 200))) {
    if (await condition()) return true
  }
  return false
}

t.test('a crashed embedded server is started again, and then stops cleanly', async (t) => {
  const { server, pgdata, logs } = await startServer(t)
  const crashed = await postmasterPid(pgdata)
  process.kill(crashed, 'SIGKILL')
  t.ok(await eventually(async () => (await answers(server.url)) && (await postmasterPid(pgdata)) !== crashed, 60_000), 'answers again')
  const warnings = logs
    .lines()
    .filter((line) => line.level === 40)
    .map((line) => line.msg)
  t.ok(warnings.includes('PostgreSQL stopped unexpectedly; starting it again'), 'the restart is logged as a warning')
  await server.stop()
  t.notOk(existsSync(path.join(pgdata, 'postmaster.pid')), 'stopped cleanly: no postmaster.pid left')
})

t.test('stopping while the server is down, before the supervisor noticed, ends promptly with nothing left running', async (t) => {
  const { server, pgdata } = await startServer(t)
  const pid = await postmasterPid(pgdata)
  process.kill(pid, 'SIGKILL')
  await server.stop()
  t.notOk(await answers(server.url), 'nothing answers')
  t.throws(() => process.kill(pid, 0), 'the old server is gone')
})

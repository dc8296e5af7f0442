import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import { getAccount, registerAccount } from '@kindred/identity'
import { createTestDatabase, freePort, spawnApp } from '@kindred/testkit'

const hub = 'apps/hub/src/main.ts'
const worker = 'apps/worker/src/main.ts'
const cli = 'apps/cli/src/main.ts'

async function readyz(baseUrl: string): Promise<number> {
  return (await fetch(`${baseUrl}/readyz`)).status
}

function listeningUrl(line: string): string {
  const url = (JSON.parse(line) as { url?: string }).url
  if (url === undefined) throw new Error(`no url in ${line}`)
  return url
}

t.test('the hub starts on the embedded database, stops cleanly on SIGTERM, and starts again on the same data', async (t) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kindred-start-'))
  t.teardown(() => rm(dataDir, { recursive: true, force: true }))
  const env = { KINDRED_DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), PORT: '0', LOG_FORMAT: 'json' }
  for (const round of ['first start', 'restart']) {
    const process = spawnApp(t, hub, env)
    const url = listeningUrl(await process.waitForLine(/Kindred is running at/))
    t.equal(await readyz(url), 200, `${round}: ready`)
    process.child.kill('SIGTERM')
    t.equal(await process.exited, 0, `${round}: exits with code 0`)
    t.match(process.stdout(), /Kindred hub stopped/)
    t.notMatch(process.stdout(), /"level":(50|60)/, `${round}: nothing was logged as an error`)
  }
  t.equal((await stat(path.join(dataDir, 'master-key'))).mode & 0o777, 0o600, 'the master key was generated beside the data, owner-only')
})

t.test('an invalid setting stops the start with one line naming the variable, and exit code 1', async (t) => {
  const cases: Array<{ env: Record<string, string>; variable: string }> = [
    { env: { PORT: 'eighty' }, variable: 'PORT' },
    { env: { DATABASE_URL: 'http://db.example/kindred' }, variable: 'DATABASE_URL' },
    { env: { WORKER_MODE: 'sometimes' }, variable: 'WORKER_MODE' },
  ]
  for (const { env, variable } of cases) {
    const process = spawnApp(t, hub, env)
    t.equal(await process.exited, 1, variable)
    const lines = process.stderr().trim().split('\n')
    t.equal(lines.length, 1, `${variable}: one line`)
    t.match(lines[0], new RegExp(`^Invalid configuration: ${variable} must be `))
  }
})

t.test('the worker runs as a process of its own on DATABASE_URL and stops cleanly', async (t) => {
  const { url } = await createTestDatabase(t)
  const process = spawnApp(t, worker, { DATABASE_URL: url, LOG_FORMAT: 'json', KINDRED_MASTER_KEY: randomBytes(32).toString('base64') })
  await process.waitForLine(/Kindred worker is running/)
  process.child.kill('SIGTERM')
  t.equal(await process.exited, 0)
  t.match(process.stdout(), /Kindred worker stopped/)
})

t.test('the worker needs the master key the hubs share (its mail links are signed with a key derived from it)', async (t) => {
  const { url } = await createTestDatabase(t)
  const process = spawnApp(t, worker, { DATABASE_URL: url, LOG_FORMAT: 'json' })
  t.equal(await process.exited, 1)
  t.match(process.stderr(), /KINDRED_MASTER_KEY/)
})

t.test('the worker refuses to run alone on the embedded database', async (t) => {
  const process = spawnApp(t, worker, { KINDRED_DATA_DIR: path.join(tmpdir(), 'kindred-unused'), LOG_FORMAT: 'json' })
  t.equal(await process.exited, 1)
  t.match(process.stdout(), /A separate worker process needs DATABASE_URL/)
})

t.test('the migrate command brings an empty database up to date, and is safe to run again', async (t) => {
  const { url } = await createTestDatabase(t, { fromTemplate: false })
  for (const round of ['first run', 'second run']) {
    const process = spawnApp(t, cli, { DATABASE_URL: url, LOG_FORMAT: 'json' }, ['migrate'])
    t.equal(await process.exited, 0, round)
    t.match(process.stdout(), /Hub migrations are current/)
  }
})

t.test('the CLI lists its commands and refuses an unknown one', async (t) => {
  const help = spawnApp(t, cli, {}, ['help'])
  t.equal(await help.exited, 0)
  t.match(help.stdout(), /migrate\s+Apply pending hub and job-queue migrations/)
  const unknown = spawnApp(t, cli, {}, ['frobnicate'])
  t.equal(await unknown.exited, 2)
  t.match(unknown.stderr(), /Unknown command "frobnicate"/)
})

t.test('staff:grant makes an existing account network staff, and refuses an unknown email', async (t) => {
  const { url, database } = await createTestDatabase(t)
  const account = await registerAccount(database.db, {
    email: 'steward@example.org',
    password: 'a long enough password',
    displayName: 'Steward',
  })
  const env = { DATABASE_URL: url, LOG_FORMAT: 'json', KINDRED_MASTER_KEY: randomBytes(32).toString('base64') }
  const granted = spawnApp(t, cli, env, ['staff:grant', 'Steward@Example.org'])
  t.equal(await granted.exited, 0)
  t.match(granted.stdout(), /Steward is now network staff/)
  t.same((await getAccount(database.db, account.id)).roles, ['staff'])
  const unknown = spawnApp(t, cli, env, ['staff:grant', 'nobody@example.org'])
  t.equal(await unknown.exited, 1)
  const usage = spawnApp(t, cli, env, ['staff:grant'])
  t.equal(await usage.exited, 2)
})

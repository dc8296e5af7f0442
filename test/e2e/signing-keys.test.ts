import { randomBytes } from 'node:crypto'
import t from 'tap'
import { createTestDatabase, spawnApp } from '@kindred/testkit'

const hub = 'apps/hub/src/main.ts'
const cli = 'apps/cli/src/main.ts'

t.test('keys:rotate adds a signing key, prints its id, and the hub then publishes both keys', async (t) => {
  const { url, database } = await createTestDatabase(t, { fromTemplate: false })
  const env = { DATABASE_URL: url, KINDRED_MASTER_KEY: randomBytes(32).toString('base64'), LOG_FORMAT: 'json' }
  const kids: string[] = []
  for (const round of ['first key', 'second key']) {
    const rotate = spawnApp(t, cli, env, ['keys:rotate'])
    t.equal(await rotate.exited, 0, round)
    const kid = /^New signing key: ([A-Za-z0-9_-]{43})$/m.exec(rotate.stdout())?.[1]
    t.ok(kid, `${round}: the new kid is printed`)
    kids.push(kid ?? '')
  }
  const rows = await database.db.selectFrom('hub.signing_keys').select(['kid', 'retired_at']).orderBy('created_at').execute()
  t.strictSame(
    rows.map((row) => [row.kid, row.retired_at === null ? 'current' : 'retired']),
    [
      [kids[0], 'retired'],
      [kids[1], 'current'],
    ],
  )

  const server = spawnApp(t, hub, { ...env, PORT: '0', WORKER_MODE: 'off' })
  const line = await server.waitForLine(/Kindred is running at/)
  const address = (JSON.parse(line) as { url: string }).url
  const jwks = (await (await fetch(`${address}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> }
  t.strictSame(
    jwks.keys.map((key) => key.kid),
    [kids[1], kids[0]],
    'the current key, then the retired one',
  )
  server.child.kill('SIGTERM')
  t.equal(await server.exited, 0)
})

t.test('keys:rotate refuses a master key other than the one the keys were made with', async (t) => {
  const { url } = await createTestDatabase(t)
  const first = spawnApp(t, cli, { DATABASE_URL: url, KINDRED_MASTER_KEY: randomBytes(32).toString('base64'), LOG_FORMAT: 'json' }, [
    'keys:rotate',
  ])
  t.equal(await first.exited, 0)
  const second = spawnApp(t, cli, { DATABASE_URL: url, KINDRED_MASTER_KEY: randomBytes(32).toString('base64'), LOG_FORMAT: 'json' }, [
    'keys:rotate',
  ])
  t.equal(await second.exited, 1)
  t.match(second.stderr(), /^keys:rotate failed: .*KINDRED_MASTER_KEY is not the key it was encrypted with/m, 'one line on standard error')
  t.notMatch(second.stdout(), /New signing key/)
})

t.test('the hub refuses to start on DATABASE_URL without KINDRED_MASTER_KEY, with one line', async (t) => {
  const { url } = await createTestDatabase(t)
  const process = spawnApp(t, hub, { DATABASE_URL: url, LOG_FORMAT: 'json' })
  t.equal(await process.exited, 1)
  const lines = process.stderr().trim().split('\n')
  t.equal(lines.length, 1)
  t.match(lines[0], /^Invalid configuration: KINDRED_MASTER_KEY must be set when DATABASE_URL is/)
})

t.test('the CLI lists keys:rotate', async (t) => {
  const help = spawnApp(t, cli, {}, ['help'])
  t.equal(await help.exited, 0)
  t.match(help.stdout(), /keys:rotate\s+Add a new token signing key/)
})

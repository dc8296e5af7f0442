import t from 'tap'
import { ConfigError, loadConfig } from '@kindred/config'

t.test('without KINDRED_PLACEMENTS, the hub database is the only placement, with small recycled pools', async (t) => {
  const { placements } = loadConfig({})
  t.same(placements.clusters, [])
  t.equal(placements.poolMax, 3)
  t.equal(placements.connectionMaxStatements, 200)
  t.equal(placements.connectionMaxLifetimeSeconds, 300)
})

t.test('placements are name=URL entries separated by commas or white space', async (t) => {
  const { placements } = loadConfig({
    KINDRED_PLACEMENTS: 'eu-2=postgres://kindred:pw@db2:5432/kindred, eu-3=postgresql://db3/kindred\n  us-1=postgres://db4/k',
    PLACEMENT_POOL_MAX: '5',
  })
  t.same(placements.clusters, [
    { name: 'eu-2', url: 'postgres://kindred:pw@db2:5432/kindred' },
    { name: 'eu-3', url: 'postgresql://db3/kindred' },
    { name: 'us-1', url: 'postgres://db4/k' },
  ])
  t.equal(placements.poolMax, 5)
})

t.test('a malformed, repeated or reserved placement is refused in one line that never echoes a URL', async (t) => {
  const wrong = [
    'eu-2=mysql://root:hunter2@db2/kindred',
    'EU=postgres://root:hunter2@db2/kindred',
    'eu-2 postgres://root:hunter2@db2/kindred',
    'eu-2=postgres://root:hunter2@db2/a,eu-2=postgres://root:hunter2@db3/b',
    'default=postgres://root:hunter2@db2/kindred',
  ]
  for (const value of wrong) {
    const error = t.throws(() => loadConfig({ KINDRED_PLACEMENTS: value }), value)
    t.ok(error instanceof ConfigError, value)
    t.match(
      (error as Error).message,
      /^Invalid configuration: KINDRED_PLACEMENTS must be comma-separated name=postgres:\/\/… entries/,
      value,
    )
    t.notMatch((error as Error).message, /hunter2|db2/, value)
  }
})

t.test('placement pool settings are bounded', async (t) => {
  t.throws(() => loadConfig({ PLACEMENT_POOL_MAX: '0' }), { message: /PLACEMENT_POOL_MAX must be connections per placement/ })
  t.throws(() => loadConfig({ PLACEMENT_CONNECTION_MAX_STATEMENTS: '-1' }), { message: /PLACEMENT_CONNECTION_MAX_STATEMENTS must be/ })
  t.equal(loadConfig({ PLACEMENT_CONNECTION_MAX_LIFETIME_S: '0' }).placements.connectionMaxLifetimeSeconds, 0)
})

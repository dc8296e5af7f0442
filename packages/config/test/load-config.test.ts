import t from 'tap'
import { ConfigError, loadConfig } from '@kindred/config'

t.test('an empty environment gives a complete configuration on the embedded database', async (t) => {
  const config = loadConfig({}, '/srv/kindred')
  t.equal(config.http.port, 3000)
  t.equal(config.http.host, '127.0.0.1')
  t.equal(config.database.url, undefined)
  t.equal(config.database.embedded.dataDir, '/srv/kindred/.kindred')
  t.equal(config.worker.mode, 'in-process')
  t.equal(config.log.format, 'auto')
})

t.test('values arrive as strings and are coerced to their types', async (t) => {
  const config = loadConfig({ PORT: '8080', DATABASE_POOL_MAX: ' 20 ', DATABASE_URL: 'postgres://u:p@db:5432/kindred' })
  t.equal(config.http.port, 8080)
  t.equal(config.database.poolMax, 20)
  t.equal(config.database.url, 'postgres://u:p@db:5432/kindred')
})

t.test('an empty variable counts as unset', async (t) => {
  t.equal(loadConfig({ PORT: '', DATABASE_URL: '  ' }).http.port, 3000)
  t.equal(loadConfig({ DATABASE_URL: '' }).database.url, undefined)
})

t.test('an invalid PORT is refused with one line naming it and what is expected', async (t) => {
  for (const port of ['abc', '70000', '-1', '3.5']) {
    t.throws(() => loadConfig({ PORT: port }), new ConfigError('Invalid configuration: PORT must be a TCP port from 0 to 65535'), port)
  }
})

t.test('an invalid DATABASE_URL is refused without echoing the value, which may hold a password', async (t) => {
  const error = t.throws(() => loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/kindred' }))
  t.match(error, { name: 'ConfigError', message: /^Invalid configuration: DATABASE_URL must be a PostgreSQL connection URL/ })
  t.notMatch((error as Error).message, /hunter2/)
  t.notMatch((error as Error).message, /\n/)
})

t.test('enumerations name their allowed values', async (t) => {
  t.throws(() => loadConfig({ WORKER_MODE: 'sometimes' }), {
    message: /WORKER_MODE must be in-process \(the hub also runs background jobs\) or off/,
  })
  t.throws(() => loadConfig({ LOG_LEVEL: 'loud' }), { message: /LOG_LEVEL must be one of fatal, error, warn/ })
})

t.test('variables Kindred does not know are ignored', async (t) => {
  t.equal(loadConfig({ HOME: '/root', PATH: '/usr/bin' }).http.port, 3000)
})

t.test('KINDRED_MASTER_KEY must be base64 of 32 bytes, and a wrong one is not echoed', async (t) => {
  const key = Buffer.alloc(32, 1).toString('base64')
  t.equal(loadConfig({ KINDRED_MASTER_KEY: key }).masterKey, key)
  t.equal(loadConfig({}).masterKey, undefined)
  for (const wrong of [Buffer.alloc(16, 1).toString('base64'), `${key}AAAA`, 'hunter2-hunter2-hunter2-hunter2-hunter2-hunt=']) {
    const error = t.throws(() => loadConfig({ KINDRED_MASTER_KEY: wrong }))
    t.match(error, { name: 'ConfigError', message: /^Invalid configuration: KINDRED_MASTER_KEY must be base64 of 32 random bytes/ })
    t.notMatch((error as Error).message, wrong)
  }
})

import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t from 'tap'
import type { Test } from 'tap'
import { ConfigError, loadConfig } from '@kindred/config'
import { resolveMasterKey, type ProcessContext } from '@kindred/runtime'
import { captureLogs } from '@kindred/testkit'

function contextFor(env: Record<string, string>): ProcessContext {
  return { config: loadConfig(env), logger: captureLogs('silent').logger, onShutdown: () => undefined }
}

async function dataDir(t: Test): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kindred-master-key-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  return dir
}

t.test('KINDRED_MASTER_KEY is used when set', async (t) => {
  const key = randomBytes(32)
  const dir = await dataDir(t)
  const resolved = await resolveMasterKey(contextFor({ KINDRED_MASTER_KEY: key.toString('base64'), KINDRED_DATA_DIR: dir }))
  t.ok(resolved.equals(key))
  await t.rejects(stat(path.join(dir, 'master-key')), { code: 'ENOENT' }, 'no key file is written')
})

t.test('on the embedded database, a key is generated into the data folder once, readable by its owner only', async (t) => {
  const dir = path.join(await dataDir(t), 'not-yet-created')
  const context = contextFor({ KINDRED_DATA_DIR: dir })
  const first = await resolveMasterKey(context)
  t.equal(first.length, 32)
  const file = path.join(dir, 'master-key')
  t.equal((await stat(file)).mode & 0o777, 0o600)
  t.equal((await readFile(file, 'utf8')).trim(), first.toString('base64'))
  t.ok((await resolveMasterKey(context)).equals(first), 'the next start reads the same key')
})

t.test('processes starting at once on a new data folder agree on one key', async (t) => {
  const context = contextFor({ KINDRED_DATA_DIR: await dataDir(t) })
  const keys = await Promise.all([1, 2, 3, 4].map(() => resolveMasterKey(context)))
  t.equal(new Set(keys.map((key) => key.toString('base64'))).size, 1)
})

t.test('with DATABASE_URL and no master key, the start is refused with one line naming the variable', async (t) => {
  const error = await resolveMasterKey(contextFor({ DATABASE_URL: 'postgres://kindred@db.example/kindred' })).catch(
    (thrown: unknown) => thrown,
  )
  t.type(error, ConfigError)
  t.match(error, { message: /^Invalid configuration: KINDRED_MASTER_KEY must be set when DATABASE_URL is/ })
  t.notMatch((error as Error).message, /\n/)
})

t.test('a damaged key file is refused rather than replaced', async (t) => {
  const dir = await dataDir(t)
  await writeFile(path.join(dir, 'master-key'), 'not a key\n', { mode: 0o600 })
  await t.rejects(resolveMasterKey(contextFor({ KINDRED_DATA_DIR: dir })), {
    name: 'ConfigError',
    message: /master-key must hold base64 of 32 bytes/,
  })
  t.equal(await readFile(path.join(dir, 'master-key'), 'utf8'), 'not a key\n')
})

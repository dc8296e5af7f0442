// One PostgreSQL for a network with a community for each of thousands of rare diseases: on an embedded
// server of the benchmark's own filled with 5,000 communities, (1) pg_dump of the whole database with
// Kindred's max_locks_per_transaction and with PostgreSQL's default, on the same data, and (2) the memory
// of the hub and of the PostgreSQL backends serving it while requests go to communities picked at random,
// with the default pool sizes and connection recycling, then with recycling off.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { loadConfig, type Config } from '@kindred/config'
import { createDatabase } from '@kindred/db'
import { createTokenService } from '@kindred/tokens'
import type { BenchEnvironment } from '../environment.ts'
import { writeReportSection } from '../report.ts'
import { measuredOn, type RunOptions } from '../table.ts'
import { catalogCosts, type CatalogCosts } from './scale-catalog.ts'
import { foundingMembers, measureMemory, type MemoryRun, type PoolBackends } from './scale-memory.ts'
import {
  dumpDatabase,
  findPgDump,
  lockTable,
  startScaleServer,
  tableCounts,
  type DumpResult,
  type LockTable,
  type TableCounts,
} from './scale-server.ts'
import { createBenchDatabase, fillTo, startTenancyBench } from './tenancy-setup.ts'

const population = 5000
const fillConcurrency = 8
const loadSeconds = 60

/** Runs `work` with an environment whose cleanups run when it ends, not when the whole run does. */
async function scoped<T>(environment: BenchEnvironment, work: (scope: BenchEnvironment) => Promise<T>): Promise<T> {
  const cleanups: Array<() => Promise<void>> = []
  try {
    return await work({ ...environment, onEnd: (cleanup) => cleanups.unshift(cleanup) })
  } finally {
    for (const cleanup of cleanups) await cleanup()
  }
}

async function fill(environment: BenchEnvironment, url: string): Promise<{ added: number; seconds: number }> {
  return scoped(environment, async (scope) => fillTo(await startTenancyBench(scope, fillConcurrency, url), population, fillConcurrency))
}

async function tenantSchemas(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<{ schema_name: string }>('select schema_name from hub.communities order by id')).rows.map(
      (row) => row.schema_name,
    )
  } finally {
    await client.end()
  }
}

/** PostgreSQL's own default of a setting (its boot value), read from the server rather than assumed. */
async function postgresDefault(url: string, setting: string): Promise<string> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ boot_val: string }>('select boot_val from pg_settings where name = $1', [setting])
    const value = rows[0]?.boot_val
    if (value === undefined) throw new Error(`the server has no setting ${setting}`)
    return value
  } finally {
    await client.end()
  }
}

interface MemoryRuns {
  config: Config
  recycled: MemoryRun
  unrecycled: MemoryRun
}

// The same load twice on fresh hub processes: the defaults, then placement connections never replaced.
async function memoryRuns(environment: BenchEnvironment, url: string, lanes: number): Promise<MemoryRuns> {
  const masterKey = randomBytes(32).toString('base64')
  const config = loadConfig({ DATABASE_URL: url, KINDRED_MASTER_KEY: masterKey })
  return scoped(environment, async (scope) => {
    const database = createDatabase({
      url,
      poolMax: 2,
      connectTimeoutMs: 5000,
      connectionMaxLifetimeSeconds: 0,
      applicationName: 'kindred-bench-scale',
      logger: scope.logger,
    })
    scope.onEnd(() => database.close())
    const tokens = await createTokenService({ db: database.db, masterKey: Buffer.from(masterKey, 'base64') })
    const members = await foundingMembers(database.db, tokens)
    const run = (hubEnvironment: Record<string, string>): Promise<MemoryRun> =>
      measureMemory({ url, hubEnvironment: { KINDRED_MASTER_KEY: masterKey, ...hubEnvironment }, members, lanes, seconds: loadSeconds })
    process.stderr.write(`  memory: ${members.length} members, ${lanes} clients, ${loadSeconds} s with the default recycling\n`)
    const recycled = await run({})
    process.stderr.write(`  memory: the same with recycling off\n`)
    const unrecycled = await run({ PLACEMENT_CONNECTION_MAX_STATEMENTS: '0', PLACEMENT_CONNECTION_MAX_LIFETIME_S: '0' })
    return { config, recycled, unrecycled }
  })
}

const mb = (kb: number): string => `${(kb / 1024).toFixed(1)} MB`
const bytesMb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`

function dumpRow(label: string, locks: LockTable, dump: DumpResult): string {
  const outcome = dump.ok ? 'succeeded' : `**failed**: \`${dump.error ?? ''}\``
  const size = dump.ok ? bytesMb(dump.bytes) : '—'
  return `| ${locks.maxLocksPerTransaction} (${label}) | ${locks.slots} | ${locks.sharedMemory} | ${outcome} | ${dump.seconds.toFixed(1)} s | ${size} | ${dump.peakLocks} |`
}

const pool = (backends: PoolBackends): string => `${backends.count} / ${mb(backends.totalAnonKb)} / ${mb(backends.largestAnonKb)}`

const heapReserved = (run: MemoryRun): string => `${bytesMb(run.hubBefore.heapTotal)} → ${bytesMb(run.hubAfter.heapTotal)}`

function memoryRow(label: string, run: MemoryRun): string {
  const { load, hubBefore, hubAfter, peaks } = run
  return `| ${label} | ${load.requests} (${Math.round(load.requests / load.seconds)}/s, ${load.failed} failed) | ${load.communities} | ${bytesMb(hubBefore.rss)} → ${bytesMb(hubAfter.rss)} (peak ${mb(peaks.hubRssKb)}) | ${bytesMb(hubBefore.heapUsed)} → ${bytesMb(hubAfter.heapUsed)} | ${pool(peaks.placementPool)} | ${pool(peaks.hubPool)} |`
}

interface ScaleFigures {
  fill: { added: number; seconds: number }
  tables: TableCounts
  catalog: CatalogCosts
  pgDumpVersion: string
  kindred: { locks: LockTable; dump: DumpResult }
  postgres: { locks: LockTable; dump: DumpResult }
  memory: MemoryRuns
  lanes: number
}

function printFigures(figures: ScaleFigures): void {
  const { kindred, postgres, memory } = figures
  const dumpLine = (locks: LockTable, dump: DumpResult): string =>
    `max_locks_per_transaction ${locks.maxLocksPerTransaction}: pg_dump ${dump.ok ? `succeeded in ${dump.seconds.toFixed(1)} s, ${bytesMb(dump.bytes)}` : `failed (${dump.error ?? ''})`}, ${dump.peakLocks} locks held at most\n`
  process.stdout.write(`${figures.tables.tables} tables in ${figures.tables.tenants} tenants and the hub\n`)
  process.stdout.write(dumpLine(kindred.locks, kindred.dump))
  process.stdout.write(dumpLine(postgres.locks, postgres.dump))
  for (const [label, run] of [
    ['recycled', memory.recycled],
    ['never recycled', memory.unrecycled],
  ] as const) {
    process.stdout.write(
      `${label}: hub RSS ${bytesMb(run.hubAfter.rss)}, placement backends at most ${mb(run.peaks.placementPool.totalAnonKb)} (largest ${mb(run.peaks.placementPool.largestAnonKb)})\n`,
    )
  }
}

function report(figures: ScaleFigures): string {
  const { tables, catalog, kindred, postgres, memory } = figures
  const placements = memory.config.placements
  return `## Scale: ${population} communities on one PostgreSQL

On an embedded PostgreSQL ${kindred.locks.serverVersion} of the benchmark's own, started as Kindred starts it
(\`startEmbeddedPostgres\`), filled with ${population} communities by the provisioning job's own code as in
the tenancy benchmark (${figures.fill.added} in ${figures.fill.seconds.toFixed(0)} s, ${fillConcurrency} at a time).

**pg_dump of the whole database** (${figures.pgDumpVersion}, custom format, to a temporary file): ${tables.tables}
tables, ${tables.tablesPerTenant} in each of ${tables.tenants} tenant schemas and ${tables.otherTables} of the hub and the job
queue. pg_dump locks every table it dumps, in one transaction. The same data dumped by the same
pg_dump, with Kindred's setting, then after restarting the server with PostgreSQL's default
(max_connections ${kindred.locks.maxConnections}, max_prepared_transactions ${kindred.locks.maxPreparedTransactions} in both):

| max_locks_per_transaction | Lock table | Shared memory | pg_dump | Duration | Dump size | Locks held at most |
| --- | ---: | ---: | --- | ---: | ---: | ---: |
${dumpRow("Kindred's embedded server", kindred.locks, kindred.dump)}
${dumpRow("PostgreSQL's default", postgres.locks, postgres.dump)}

"Lock table" is \`max_locks_per_transaction × (max_connections + max_prepared_transactions)\`, the number
of locks PostgreSQL's documentation promises (it also counts its background processes and lends spare
shared memory, so a failing pg_dump gets somewhat further); "locks held at most" is sampled from
\`pg_locks\` while pg_dump ran: its tables, and the catalogs its own queries read. Shared memory is the
server's \`shared_memory_size\`, the price of the larger lock table.

**Memory under load.** The hub's real app (\`createHubServer\`) in a process of its own, with the default
pools (DATABASE_POOL_MAX ${memory.config.database.poolMax}, PLACEMENT_POOL_MAX ${placements.poolMax}), answering
\`POST /v1/auth/switch\` from the founder of a community picked at random among ${population} (the membership
in the hub, the member in the community's tenant, a community token signed), from ${figures.lanes} clients for
${loadSeconds} s; first with the default recycling of placement connections (after
${placements.connectionMaxStatements} distinct statements or ${placements.connectionMaxLifetimeSeconds} s), then with recycling off
(\`PLACEMENT_CONNECTION_MAX_STATEMENTS=0\`, \`PLACEMENT_CONNECTION_MAX_LIFETIME_S=0\`), each on a fresh hub
process. Hub heap: V8's used heap after a full collection. Backends: those whose \`application_name\` is
the hub's pool or its placement pool, sampled every second from \`pg_stat_activity\`, each one's private
memory (\`RssAnon\` in \`/proc/<pid>/status\`: catalog caches, plans, work memory; not the shared buffers)
given as the most backends at once / their largest total / the largest single backend.

| Placement connections | Requests | Communities reached | Hub RSS before → after (peak) | Hub heap before → after | Placement pool backends | Hub pool backends |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${memoryRow('recycled (defaults)', memory.recycled)}
${memoryRow('never recycled', memory.unrecycled)}

- Heap reserved by V8 (\`heapTotal\`), before → after: ${heapReserved(memory.recycled)} recycled, ${heapReserved(memory.unrecycled)} never recycled;
  the hub's RSS grows with it under load while the heap in use after a collection stays as above.

**What a connection pays per community** (one connection, the member lookup of switching in each of the
${catalog.communities} communities in turn, then all again): a first lookup took ${catalog.firstLookupMs.toFixed(3)} ms, the same lookup again
${catalog.againLookupMs.toFixed(3)} ms (PostgreSQL loads a community's catalog entries once per connection). The
connection kept ${catalog.unnamedKbPerCommunity.toFixed(1)} KB per community with unnamed statements, as placement pools send them, and
${catalog.preparedKbPerCommunity.toFixed(1)} KB with one prepared statement per community (\`pg_backend_memory_contexts\`).

${measuredOn()}
`
}

export async function scale(environment: BenchEnvironment, options: RunOptions): Promise<void> {
  const server = await startScaleServer(environment)
  const kindredLocks = await lockTable(server.url)
  // Checked before filling the database, so that a missing pg_dump costs seconds, not minutes.
  const pgDump = await findPgDump(Number.parseInt(kindredLocks.serverVersion, 10))
  const url = await createBenchDatabase({ ...environment, config: loadConfig({ DATABASE_URL: server.url }) })
  const filled = await fill(environment, url)
  const tables = await tableCounts(url)
  process.stderr.write(`  pg_dump of ${tables.tables} tables with max_locks_per_transaction ${kindredLocks.maxLocksPerTransaction}\n`)
  const kindredDump = await dumpDatabase(pgDump.file, url)
  const catalog = await catalogCosts(url, await tenantSchemas(url))
  const memory = await memoryRuns(environment, url, options.connections)
  const defaultValue = await postgresDefault(url, 'max_locks_per_transaction')
  process.stderr.write(`  pg_dump again after a restart with max_locks_per_transaction ${defaultValue}\n`)
  await server.restart(['-c', `max_locks_per_transaction=${defaultValue}`])
  const postgres = { locks: await lockTable(url), dump: await dumpDatabase(pgDump.file, url) }
  if (
    postgres.locks.maxConnections !== kindredLocks.maxConnections ||
    postgres.locks.maxPreparedTransactions !== kindredLocks.maxPreparedTransactions
  ) {
    throw new Error('the restart changed more than max_locks_per_transaction: the two dumps would not be comparable')
  }
  const figures: ScaleFigures = {
    fill: filled,
    tables,
    catalog,
    pgDumpVersion: pgDump.version,
    kindred: { locks: kindredLocks, dump: kindredDump },
    postgres,
    memory,
    lanes: options.connections,
  }
  printFigures(figures)
  await writeReportSection('scale', report(figures))
}

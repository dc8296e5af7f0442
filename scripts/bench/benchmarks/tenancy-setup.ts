import { createHash, randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import pg from 'pg'
import { loadConfig } from '@kindred/config'
import { createDatabase, migrateHub, tenantMigrations, type Database, type Migration } from '@kindred/db'
import { createMailer } from '@kindred/mail'
import { kindredTasks, migrateJobQueue, startWorker } from '@kindred/jobs'
import type { Logger } from '@kindred/log'
import { createPlacements, type Placements } from '@kindred/community'
import { communityProvisionJob, provisionCommunity } from '@kindred/tenancy'
import { databaseUrl, insertProposal } from '@kindred/testkit'
import type { BenchEnvironment } from '../environment.ts'

/** A database of the tenancy benchmark's own (thousands of schemas), dropped when the run ends. */
export interface TenancyBench {
  database: Database
  placements: Placements
  url: string
  /** A running worker with Kindred's tasks, for approval → live. */
  worker: { stop(): Promise<void> }
  logger: Logger
  slug(): string
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query(statement).finally(() => client.end())
}

/** Creates a database of the benchmark's own on the environment's server, dropped when the run ends; returns its URL. */
export async function createBenchDatabase(environment: BenchEnvironment): Promise<string> {
  const serverUrl = environment.config.database.url
  if (serverUrl === undefined) throw new Error('the bench environment has no database URL')
  const name = `kindred_bench_tenancy_${randomBytes(4).toString('hex')}`
  await admin(serverUrl, `create database ${name}`)
  environment.onEnd(() => admin(serverUrl, `drop database if exists ${name} with (force)`))
  return databaseUrl(serverUrl, name)
}

/**
 * Migrated pools, placements and a running worker on the database at `url` (a new one by default), each
 * closed through `environment.onEnd`.
 */
export async function startTenancyBench(environment: BenchEnvironment, concurrency: number, url?: string): Promise<TenancyBench> {
  url ??= await createBenchDatabase(environment)
  const { logger } = environment
  const open = (applicationName: string, poolMax: number): Database => {
    const database = createDatabase({ url, poolMax, connectTimeoutMs: 5000, connectionMaxLifetimeSeconds: 0, applicationName, logger })
    environment.onEnd(() => database.close())
    return database
  }
  const database = open('kindred-bench-tenancy', concurrency + 2)
  await migrateHub(database.db)
  await migrateJobQueue(database.pool)
  const config = loadConfig({ DATABASE_URL: url, PLACEMENT_POOL_MAX: String(concurrency) })
  const placements = createPlacements({ hubUrl: url, config, applicationName: 'kindred-bench', logger })
  environment.onEnd(() => placements.close())
  // The worker has pools of its own, as in production.
  const workerDatabase = open('kindred-bench-worker', 3)
  const workerPlacements = createPlacements({ hubUrl: url, config, applicationName: 'kindred-bench-worker', logger })
  environment.onEnd(() => workerPlacements.close())
  const tasks = kindredTasks({
    db: workerDatabase.db,
    placements: workerPlacements,
    logger,
    config,
    mailer: createMailer(config.mail),
    unsubscribeKey: randomBytes(32),
  })
  const worker = await startWorker({ pool: workerDatabase.pool, logger, concurrency: 1, tasks })
  environment.onEnd(() => worker.stop())
  let counter = 0
  const prefix = randomBytes(3).toString('hex')
  return { database, placements, url, worker, logger, slug: () => `b${prefix}-${(counter += 1)}` }
}

/** An approved proposal with a founder, a volunteer moderator and a member supporter. */
export async function approvedProposal(bench: TenancyBench): Promise<string> {
  return (await insertProposal(bench.database.db, { slug: bench.slug(), moderators: 1, members: 1 })).proposalId
}

/** An open proposal, approved later the way the incubator approves: status, history and job in one transaction. */
export async function openProposal(bench: TenancyBench): Promise<string> {
  return (await insertProposal(bench.database.db, { slug: bench.slug(), moderators: 1, members: 1, status: 'ready' })).proposalId
}

export async function approve(bench: TenancyBench, proposalId: string): Promise<void> {
  await bench.database.db.transaction().execute(async (trx) => {
    await trx.updateTable('hub.proposals').set({ status: 'approved' }).where('id', '=', proposalId).execute()
    await trx
      .insertInto('hub.proposal_events')
      .values({ proposal_id: proposalId, from_status: 'ready', to_status: 'approved', actor_id: null, reason: null })
      .execute()
    await communityProvisionJob.enqueue(trx, { proposalId })
  })
}

/** The shipped tenant migrations and `extra` more, each adding a column to every member table. */
export async function releaseWith(extra: number): Promise<Migration[]> {
  const probes = Array.from({ length: extra }, (_, index) => {
    const text = `alter table :SCHEMA.members add column bench_probe_${index + 1} integer;\n`
    return { name: `${9001 + index}_bench_probe`, sql: text, checksum: createHash('sha256').update(text).digest('hex') }
  })
  return [...(await tenantMigrations()), ...probes]
}

const elapsed = (started: number): number => performance.now() - started

/** Provisions one approved community with the job's own code and returns how long the job took, in ms. */
export async function timeJobAlone(bench: TenancyBench): Promise<number> {
  const proposalId = await approvedProposal(bench)
  const started = performance.now()
  await provisionCommunity({ db: bench.database.db, placements: bench.placements, logger: bench.logger }, proposalId)
  return elapsed(started)
}

/** Communities in the bench's hub, whatever their status. */
export async function communities(bench: TenancyBench): Promise<number> {
  return Number((await sql<{ n: string }>`select count(*) as n from hub.communities`.execute(bench.database.db)).rows[0]?.n)
}

/** Provisions communities, `concurrency` at a time, until the hub holds `target`. */
export async function fillTo(bench: TenancyBench, target: number, concurrency: number): Promise<{ added: number; seconds: number }> {
  const missing = target - (await communities(bench))
  const started = performance.now()
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < missing) {
      const index = (next += 1)
      await timeJobAlone(bench)
      if (index % 500 === 0) process.stderr.write(`  ${index}/${missing} communities provisioned\n`)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane))
  return { added: missing, seconds: elapsed(started) / 1000 }
}

/** Median and 95th percentile of a list of milliseconds. */
export function percentiles(samples: readonly number[]): { p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (fraction: number): number => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN
  return { p50: at(0.5), p95: at(0.95) }
}

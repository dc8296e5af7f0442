import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { loadConfig, type Config } from '@kindred/config'
import { createDatabase, hubMigrations, migrateHub, startEmbeddedPostgres, type Database } from '@kindred/db'
import { createHubServer } from '@kindred/hub'
import { migrateJobQueue } from '@kindred/jobs'
import { createLogger, type Logger } from '@kindred/log'
import { createTokenService, type TokenService } from '@kindred/tokens'
import { freePort } from '@kindred/testkit'

/** What every benchmark gets: a migrated database, the hub's real app on it, and a place for cleanups. */
export interface BenchEnvironment {
  config: Config
  database: Database
  tokens: TokenService
  hub: FastifyInstance
  hubUrl: string
  logger: Logger
  /** Runs `cleanup` when the whole run ends, in reverse order of registration. */
  onEnd(cleanup: () => Promise<void>): void
}

// Servers log every request at info level, as in production, to nowhere: ratios then leave out the cost of
// request logging, which baselines pay too, but keep that of our logger's redaction and serializers.
export const discard = { write: (): void => undefined }

async function startDatabaseServer(logger: Logger, onEnd: BenchEnvironment['onEnd']): Promise<string> {
  const externalUrl = loadConfig(process.env).database.url
  if (externalUrl !== undefined) return externalUrl
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kindred-bench-'))
  onEnd(() => rm(dataDir, { recursive: true, force: true }))
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), logger })
  onEnd(() => server.stop())
  const database = createDatabase({
    url: server.url,
    poolMax: 2,
    connectTimeoutMs: 5000,
    connectionMaxLifetimeSeconds: 0,
    applicationName: 'kindred-bench-migrate',
    logger,
  })
  try {
    await migrateHub(database.db)
    await migrateJobQueue(database.pool)
  } finally {
    await database.close()
  }
  return server.url
}

/**
 * Starts (or, with DATABASE_URL, uses) a database server and the hub's real app listening on a free port.
 * Every resource is registered with `onEnd`, so a failed start leaves nothing behind.
 */
export async function startBenchEnvironment(logger: Logger, onEnd: BenchEnvironment['onEnd']): Promise<BenchEnvironment> {
  const url = await startDatabaseServer(logger, onEnd)
  // autocannon starts every connection at the first request of a rotation, so 50 connections send each
  // member's request 50 times over: the forum benchmark's new threads would pass a member's hourly limit of
  // threads at once. Raising it changes no cost (each request is counted all the same).
  const config = loadConfig({ DATABASE_URL: url, KINDRED_LIMIT_THREADS_PER_MEMBER: '1000000/1h' })
  const database = createDatabase({
    url,
    poolMax: config.database.poolMax,
    connectTimeoutMs: config.database.connectTimeoutMs,
    connectionMaxLifetimeSeconds: config.database.connectionMaxLifetimeSeconds,
    applicationName: 'kindred-bench',
    logger,
  })
  onEnd(() => database.close())
  // A server of the bench's own gets a fresh key; an external one holds keys under KINDRED_MASTER_KEY.
  const environmentKey = loadConfig(process.env).masterKey
  const masterKey = environmentKey === undefined ? randomBytes(32) : Buffer.from(environmentKey, 'base64')
  const tokens = await createTokenService({ db: database.db, masterKey })
  const hubLogger = createLogger({ level: 'info', format: 'json', destination: discard })
  const hub = await createHubServer({ config, logger: hubLogger, database, hubMigrations: await hubMigrations(), tokens })
  onEnd(() => hub.close())
  const hubUrl = await hub.listen({ host: '127.0.0.1', port: 0 })
  return { config, database, tokens, hub, hubUrl, logger, onEnd }
}

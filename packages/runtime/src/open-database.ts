import { createDatabase, migrateHub, useDatabaseServer, type Database } from '@kindred/db'
import { migrateJobQueue } from '@kindred/jobs'
import type { ProcessContext } from './run-process.ts'

export interface OpenDatabaseOptions {
  /** Shown in `pg_stat_activity`, so operators can tell the hub's connections from the worker's. */
  applicationName: string
  poolMax?: number
  /** Apply pending hub and job-queue migrations first (safe from several processes at once). */
  migrate: boolean
}

export interface OpenedDatabase {
  database: Database
  /** The server's URL, for a second pool in the same process. */
  url: string
}

/**
 * Connects this process to its database (starting the embedded server when `DATABASE_URL` is unset),
 * optionally migrates it, and registers the matching shutdown steps.
 */
export async function openDatabase(context: ProcessContext, options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  const server = await useDatabaseServer(context.config.database, context.logger)
  context.onShutdown(() => server.stop())
  const database = connectPool(context, server.url, options.applicationName, options.poolMax)
  if (options.migrate) {
    const applied = await migrateHub(database.db)
    await migrateJobQueue(database.pool)
    if (applied.length > 0) context.logger.info({ applied }, 'hub migrations applied')
  }
  return { database, url: server.url }
}

/** Opens a pool on an already running server and registers its closing as a shutdown step. */
export function connectPool(context: ProcessContext, url: string, applicationName: string, poolMax?: number): Database {
  const { config, logger } = context
  const database = createDatabase({
    url,
    poolMax: poolMax ?? config.database.poolMax,
    connectTimeoutMs: config.database.connectTimeoutMs,
    connectionMaxLifetimeSeconds: config.database.connectionMaxLifetimeSeconds,
    applicationName,
    logger,
  })
  context.onShutdown(() => database.close())
  return database
}

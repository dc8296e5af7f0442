import { once } from 'node:events'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Logger } from '@kindred/log'
import type { HubDatabase } from './hub-schema.ts'
import { PreparingClient } from './preparing-client.ts'

export interface DatabaseOptions {
  url: string
  poolMax: number
  connectTimeoutMs: number
  /** Recycling connections bounds the catalog cache each one builds up across thousands of tenant schemas. */
  connectionMaxLifetimeSeconds: number
  applicationName: string
  logger: Logger
}

// pg attaches the whole client (connection parameters included) to pool errors: log only what helps.
function describe(err: Error & { code?: string }): { error: { message: string; code: string | undefined } } {
  return { error: { message: err.message, code: err.code } }
}

export interface Database {
  db: Kysely<HubDatabase>
  pool: pg.Pool
  close(): Promise<void>
}

/**
 * Opens the process's one pool and its Kysely instance. The pool survives the database going away: lost
 * connections are logged and replaced, and queries fail fast (within `connectTimeoutMs`) until it returns.
 *
 * @example const { db, close } = createDatabase({ url, poolMax: 10, ... })
 */
export function createDatabase(options: DatabaseOptions): Database {
  const log = options.logger.child({ component: 'db' })
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax,
    connectionTimeoutMillis: options.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    maxLifetimeSeconds: options.connectionMaxLifetimeSeconds,
    application_name: options.applicationName,
    Client: PreparingClient,
  })
  const open = new Set<pg.PoolClient>()
  // Without a listener, a connection lost while idle or between queries would crash the process.
  pool.on('error', (err) => log.warn(describe(err), 'database connection lost'))
  pool.on('connect', (client) => {
    open.add(client)
    client.once('end', () => open.delete(client))
    client.on('error', (err) => log.warn(describe(err), 'database connection error'))
  })
  const db = new Kysely<HubDatabase>({ dialect: new PostgresDialect({ pool }) })
  // pool.end() resolves once every connection was asked to close, not once it has: waiting for each one
  // lets a caller stop the server next without cutting connections that are still saying goodbye.
  const close = async (): Promise<void> => {
    const closing = [...open].map((client) => once(client, 'end'))
    // Ending the pool directly: Kysely's destroy() leaves alone a pool it never queried (the worker's).
    if (!pool.ending) await pool.end()
    await Promise.all(closing)
  }
  return { db, pool, close }
}

import { once } from 'node:events'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { defaultPlacement, type Config } from '@kindred/config'
import type { Logger } from '@kindred/log'
import {
  countingClient,
  listenForNotifications,
  preparingClient,
  retiringPool,
  shareListener,
  type NotificationHandlers,
  type NotificationListener,
  type SharedListener,
} from '@kindred/db'
import type { TenantDatabase } from './tenant-schema.ts'
import { templateStatementName } from './query-template.ts'
import { bindTenant, type TenantHandle } from './tenant-handle.ts'

/** Where a community's tenant lives: the placement (cluster) and the schema on it. */
export interface TenantLocation {
  placement: string
  schemaName: string
}

/**
 * The PostgreSQL clusters that hold community schemas, each with a small pool of its own opened on first
 * use. `default` is always the hub's own database (through a pool apart from the hub's).
 */
export interface Placements {
  /** Every placement, `default` first, then in the order `KINDRED_PLACEMENTS` lists them. */
  readonly names: readonly string[]
  has(name: string): boolean
  /**
   * The connection URL of a placement, for what one server must be told to reach another (a move's
   * subscription). It carries a password: never log it. @throws UnknownPlacementError
   */
  connectionUrl(name: string): string
  /** The Kysely instance of one placement. @throws UnknownPlacementError */
  database(name: string): Kysely<TenantDatabase>
  /**
   * Routes a community to its tenant.
   *
   * @example const tenant = placements.tenantDb(community); await tenant.query.selectFrom('members').selectAll().execute()
   */
  tenantDb(location: TenantLocation): TenantHandle
  /**
   * Listens on `channel` of one placement, on one connection per placement and channel that every listener
   * of this process shares, kept up until the placements close.
   * @throws UnknownPlacementError
   */
  listen(name: string, channel: string, handlers: NotificationHandlers): NotificationListener
  /** Closes every pool that was opened and every listener, waiting for each connection to end. */
  close(): Promise<void>
}

export interface PlacementsOptions {
  /** The hub's database: the `default` placement. */
  hubUrl: string
  config: Pick<Config, 'placements'> & { database: Pick<Config['database'], 'connectTimeoutMs'> }
  /** Shown in `pg_stat_activity` (suffixed with the placement's name). */
  applicationName: string
  logger: Logger
}

const maxHandles = 10_000

/** A community names a placement this process does not know (removed from `KINDRED_PLACEMENTS`?). */
export class UnknownPlacementError extends Error {
  constructor(name: string) {
    super(`No placement named "${name}" is configured (KINDRED_PLACEMENTS)`)
    this.name = 'UnknownPlacementError'
  }
}

interface PlacementPool {
  db: Kysely<TenantDatabase>
  close(): Promise<void>
}

/**
 * The placements of this process, from the configuration. Nothing connects until a placement is used.
 * Connection URLs stay inside the pools: logs name placements, never URLs (they carry passwords).
 *
 * @example const placements = createPlacements({ hubUrl, config, applicationName: 'kindred-worker', logger })
 */
export function createPlacements(options: PlacementsOptions): Placements {
  const urls = new Map<string, string>([[defaultPlacement, options.hubUrl]])
  for (const cluster of options.config.placements.clusters) urls.set(cluster.name, cluster.url)
  const pools = new Map<string, PlacementPool>()
  // A handle is immutable and binding one builds Kysely's schema transformer: a few percent of a cached
  // read's time when made anew on every request. Bounded, oldest dropped first, as a network has thousands.
  const handles = new Map<string, TenantHandle>()
  // One LISTEN connection per placement and channel, whoever listens in this process.
  const channels = new Map<string, SharedListener>()
  const urlOf = (name: string): string => {
    const url = urls.get(name)
    if (url === undefined) throw new UnknownPlacementError(name)
    return url
  }
  const database = (name: string): Kysely<TenantDatabase> => {
    const open = pools.get(name)
    if (open !== undefined) return open.db
    const pool = openPlacementPool(name, urlOf(name), options)
    pools.set(name, pool)
    return pool.db
  }
  return {
    names: [...urls.keys()],
    has: (name) => urls.has(name),
    connectionUrl: urlOf,
    database,
    tenantDb: (location) => {
      const key = `${location.placement} ${location.schemaName}`
      let handle = handles.get(key)
      if (handle === undefined) {
        handle = bindTenant(database(location.placement), location.schemaName)
        if (handles.size >= maxHandles) handles.delete(handles.keys().next().value ?? '')
        handles.set(key, handle)
      }
      return handle
    },
    listen: (name, channel, handlers) => {
      const key = `${name} ${channel}`
      let shared = channels.get(key)
      if (shared === undefined) {
        const listenOptions = {
          url: urlOf(name),
          channel,
          applicationName: `${options.applicationName}:${name}:listen`,
          logger: options.logger.child({ placement: name }),
        }
        shared = shareListener((everyone) => listenForNotifications(listenOptions, everyone))
        channels.set(key, shared)
      }
      return shared.subscribe(handlers)
    },
    close: async () => {
      const closing = [...pools.values(), ...channels.values()].map((open) => open.close())
      pools.clear()
      channels.clear()
      handles.clear()
      await Promise.all(closing)
    },
  }
}

// Each PostgreSQL connection caches the catalog of every schema it touches (relations, indexes, plans):
// with thousands of tenants a long-lived connection grows without bound. A connection is replaced once it
// has run a number of distinct statements (a tenant's statements name its schema, so that bounds the
// tenants it holds) or reached an age; the numbers are in docs/decisions.md. Counting uses instead
// replaced a busy community's connections several times a second, each new backend paying its connection,
// its catalog reads and its prepared statements again.
//
// Only query templates' statements are prepared, not every one as in the hub's pools: a tenant statement
// names its schema, so its text differs for every community, and most would run once on a connection
// that sees many communities. A template is a hot path (a reply, a new thread, the thread list) of
// one community, which a busy community runs many times on the same connection: planning its CTEs was half
// a reply's time in PostgreSQL (docs/decisions.md). Each prepared statement is one of the connection's
// distinct statements, some 10 KB each (docs/benchmarks.md, scale), and goes with its cache when replaced.
const PlacementClient = countingClient(preparingClient(templateStatementName))

function openPlacementPool(name: string, url: string, options: PlacementsOptions): PlacementPool {
  const { placements, database } = options.config
  const log = options.logger.child({ component: 'placements', placement: name })
  const pool = new pg.Pool({
    Client: PlacementClient,
    connectionString: url,
    max: placements.poolMax,
    maxLifetimeSeconds: placements.connectionMaxLifetimeSeconds,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: database.connectTimeoutMs,
    application_name: `${options.applicationName}:${name}`,
  })
  const open = new Set<pg.PoolClient>()
  // pg attaches the client (and so its connection parameters) to these errors: log only what helps.
  const describe = (err: Error & { code?: string }) => ({ error: { message: err.message, code: err.code } })
  pool.on('error', (err) => log.warn(describe(err), 'placement connection lost'))
  pool.on('connect', (client) => {
    open.add(client)
    client.once('end', () => open.delete(client))
    client.on('error', (err) => log.warn(describe(err), 'placement connection error'))
  })
  const db = new Kysely<TenantDatabase>({ dialect: new PostgresDialect({ pool: retiringPool(pool, placements.connectionMaxStatements) }) })
  return {
    db,
    // As in @kindred/db: pool.end() resolves before its connections have ended; wait for each one.
    close: async () => {
      const closing = [...open].map((client) => once(client, 'end'))
      if (!pool.ending) await pool.end()
      await Promise.all(closing)
    },
  }
}

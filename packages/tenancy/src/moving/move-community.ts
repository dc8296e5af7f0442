import { setTimeout as sleep } from 'node:timers/promises'
import { sql, type Kysely } from 'kysely'
import { migrateTenantSchema, tenantMigrations, type HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import type { TenancyDependencies } from '../provisioning/dependencies.ts'
import { buildEmptyCopy, copySequencePositions, dataTables, dropSchema } from './copies.ts'
import { raiseWriteFence } from './fence.ts'
import { clearLeftovers } from './leftovers.ts'
import { currentPosition, startReplication, stopReplication, waitForCatchUp, waitForInitialCopy } from './replication.ts'

export type MoveStep = 'copying' | 'cutting-over' | 'switched' | 'old-copy-dropped'

export interface MoveOptions {
  /** The staff member who asked; null or absent for an operator at the command line. */
  actorId?: string | null
  /**
   * How long the old copy stays, fenced, once the hub routes to the new one: a request that found the
   * old route just before the switch still reads from it. Default 5 s.
   */
  graceMs?: number
  /** How long the first copy of every table may take. Default 30 minutes. */
  copyTimeoutMs?: number
  /** How long the new copy may take to apply the last writes, writes refused meanwhile. Default 10 s. */
  catchUpTimeoutMs?: number
  onStep?: (step: MoveStep) => void
}

export interface MoveResult {
  outcome: 'moved' | 'already-there'
  slug: string
  from: string
  to: string
  /** From the first row copied to the new copy streaming every change. */
  copyMs: number
  /** From the write fence raised on the old copy to the hub routing to the new one: writes refused (503). */
  writePauseMs: number
}

interface CommunityToMove {
  id: string
  slug: string
  placement: string
  schemaName: string
}

/**
 * Moves a community's schema to another placement while its members go on using it: the tenant
 * migrations build an empty copy on the target, logical replication copies every row and streams every
 * later change, then writes are fenced on the old copy for the moment it takes the new one to apply the
 * last of them, the identity sequences follow, and the hub routes the community to the new copy (every
 * hub forgets its cached route at once, hub/0014's trigger). The old copy is dropped after `graceMs`.
 * Members see at most that write pause as 503s with a Retry-After; nothing acknowledged is lost or
 * copied twice, and other communities are not touched.
 *
 * One move per community at a time (a hub advisory lock, held by a connection for the move); a move that
 * failed or was cut off is undone by the next run, whichever step it reached.
 *
 * The servers need `wal_level = logical`. PostgreSQL 15 lets only a superuser create a subscription:
 * Kindred's role, if it is none, uses the functions infra/postgresql/moves.sql installs once per placement.
 *
 * @example const result = await moveCommunity(deps, 'fop', 'eu-2') // { outcome: 'moved', writePauseMs: 180, ... }
 * @throws KindredError `KINDRED_NOT_FOUND` (no such community or placement), `KINDRED_CONFLICT` (being moved)
 */
export async function moveCommunity(
  deps: TenancyDependencies,
  slug: string,
  target: string,
  options: MoveOptions = {},
): Promise<MoveResult> {
  if (!deps.placements.has(target)) throw new KindredError('KINDRED_NOT_FOUND', `No placement named "${target}"`)
  return withMoveLock(deps.db, slug, async () => {
    const community = await communityToMove(deps.db, slug)
    await clearLeftovers(deps, community)
    const route = { slug, from: community.placement, to: target }
    if (community.placement === target) return { outcome: 'already-there', ...route, copyMs: 0, writePauseMs: 0 }
    const log = deps.logger.child({ component: 'move', communityId: community.id, from: route.from, to: target })
    try {
      const timings = await copyAndSwitch(deps, community, target, options)
      options.onStep?.('switched')
      log.info(timings, 'community moved; dropping the old copy')
      await finish(deps, community, target, options.graceMs ?? 5000)
      options.onStep?.('old-copy-dropped')
      return { outcome: 'moved', ...route, ...timings }
    } catch (error) {
      await clearLeftovers(deps, community).catch((cleanup: unknown) => {
        log.error({ error: cleanup instanceof Error ? cleanup.message : String(cleanup) }, 'could not undo the failed move')
      })
      throw error
    }
  })
}

async function copyAndSwitch(
  deps: TenancyDependencies,
  community: CommunityToMove,
  target: string,
  options: MoveOptions,
): Promise<{ copyMs: number; writePauseMs: number }> {
  const schema = community.schemaName
  const source = deps.placements.database(community.placement)
  const copy = deps.placements.database(target)
  const migrations = deps.tenantMigrations ?? (await tenantMigrations())
  // Both copies on the same migrations: the publication and the subscription name the same tables.
  await migrateTenantSchema(source, schema, migrations)
  const version = await buildEmptyCopy(copy, schema, migrations)
  const tables = await dataTables(source, schema)
  const copying = Date.now()
  options.onStep?.('copying')
  await startReplication({ source, target: copy, sourceUrl: deps.placements.connectionUrl(community.placement) }, schema, tables)
  await waitForInitialCopy(copy, schema, tables.length, options.copyTimeoutMs ?? 30 * 60_000)
  const fenced = Date.now()
  options.onStep?.('cutting-over')
  await raiseWriteFence(source, schema, tables)
  await waitForCatchUp(source, schema, await currentPosition(source), options.catchUpTimeoutMs ?? 10_000)
  await copySequencePositions(source, copy, schema)
  await switchRoute(deps.db, community, target, version, options.actorId ?? null)
  return { copyMs: fenced - copying, writePauseMs: Date.now() - fenced }
}

async function finish(deps: TenancyDependencies, community: CommunityToMove, target: string, graceMs: number): Promise<void> {
  const source = deps.placements.database(community.placement)
  await stopReplication({ source, target: deps.placements.database(target) }, community.schemaName)
  await sleep(graceMs)
  await dropSchema(source, community.schemaName)
}

// The route and its history in one transaction, on the condition that the community is still where the
// move found it.
async function switchRoute(db: Kysely<HubDatabase>, community: CommunityToMove, target: string, version: string, actorId: string | null) {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('hub.communities')
      .set({ placement: target, migration_version: version })
      .where('id', '=', community.id)
      .where('placement', '=', community.placement)
      .executeTakeFirstOrThrow()
    await trx
      .insertInto('hub.community_events')
      .values({ community_id: community.id, action: 'move', actor_id: actorId, reason: `Moved from ${community.placement} to ${target}` })
      .execute()
  })
}

async function communityToMove(db: Kysely<HubDatabase>, slug: string): Promise<CommunityToMove> {
  const row = await db
    .selectFrom('hub.communities')
    .select(['id', 'slug', 'placement', 'schema_name as schemaName'])
    .where('slug', '=', slug)
    .where('status', 'in', ['live', 'archived'])
    .executeTakeFirst()
  if (row === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No live or archived community by that name')
  return row
}

// A session lock on one connection of the hub's pool, kept for the move: released by the server if this
// process dies, so a crashed move never blocks the next.
async function withMoveLock<T>(db: Kysely<HubDatabase>, slug: string, work: () => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    const key = sql`hashtextextended(${`kindred.move.${slug}`}, 0)`
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${key}) as locked`.execute(connection)
    if (rows[0]?.locked !== true) throw new KindredError('KINDRED_CONFLICT', 'This community is already being moved')
    try {
      return await work()
    } finally {
      await sql`select pg_advisory_unlock(${key})`.execute(connection)
    }
  })
}

import { sql, type Kysely } from 'kysely'
import { migrateTenantSchema, migrationLockKey, tenantMigrations, type Migration } from '@kindred/db'
import type { Placements, TenantDatabase } from '@kindred/community'
import { describeFailure } from './provisioning/failure.ts'
import type { TenancyDependencies } from './provisioning/dependencies.ts'

export interface RolloutProgress {
  /** Tenants finished so far (migrated, failed or not built yet). */
  done: number
  total: number
  failed: number
}

export interface RolloutFailure {
  slug: string
  placement: string
  schema: string
  error: string
}

export interface RolloutResult {
  /** Communities behind the latest tenant migration when the rollout started. */
  total: number
  migrated: number
  /** Communities whose schema a provisioning job has not committed yet: it will apply every migration itself. */
  notBuilt: number
  /** Communities already at the latest migration, not opened at all. */
  upToDate: number
  failures: RolloutFailure[]
}

export interface RolloutOptions {
  /** Tenants migrated at once (across all placements); 4 unless given. */
  concurrency?: number
  onProgress?: (progress: RolloutProgress) => void
}

interface Target {
  id: string
  slug: string
  placement: string
  schemaName: string
}

type TenantOutcome = 'migrated' | 'not-built'

/**
 * Brings every community's tenant to the latest tenant migration, `concurrency` tenants at a time. The
 * hub's `migration_version` tells which are behind, so current tenants are never opened. A tenant that
 * fails is recorded and the rollout goes on; the failures are returned. Each tenant migrates under the
 * migrator's lock for its schema, the lock provisioning holds while it builds a schema, so the two never
 * apply a migration twice, and a schema that provisioning has not committed yet is left to it.
 *
 * @example const { failures } = await rolloutTenantMigrations(deps, { concurrency: 8, onProgress: (p) => draw(p) })
 */
export async function rolloutTenantMigrations(deps: TenancyDependencies, options: RolloutOptions = {}): Promise<RolloutResult> {
  const migrations = deps.tenantMigrations ?? (await tenantMigrations())
  const latest = migrations.at(-1)?.name ?? ''
  const log = deps.logger.child({ component: 'rollout' })
  const targets = await behind(deps.db, latest)
  const upToDate = await countCurrent(deps.db, latest)
  const result: RolloutResult = { total: targets.length, migrated: 0, notBuilt: 0, upToDate, failures: [] }
  let done = 0
  const migrateOne = async (target: Target): Promise<void> => {
    try {
      const outcome = await migrateTenant(deps.placements, target, migrations)
      if (outcome === 'migrated') {
        await recordVersion(deps.db, target.id, latest)
        result.migrated += 1
      } else result.notBuilt += 1
    } catch (error) {
      const failure = { slug: target.slug, placement: target.placement, schema: target.schemaName, error: describeFailure(error) }
      log.error(failure, 'tenant migration failed')
      result.failures.push(failure)
    }
    done += 1
    options.onProgress?.({ done, total: targets.length, failed: result.failures.length })
  }
  await forEachConcurrently(targets, options.concurrency ?? 4, migrateOne)
  log.info(
    { total: result.total, migrated: result.migrated, failed: result.failures.length, notBuilt: result.notBuilt },
    'tenant rollout finished',
  )
  return result
}

async function behind(db: TenancyDependencies['db'], latest: string): Promise<Target[]> {
  return db
    .selectFrom('hub.communities')
    .select(['id', 'slug', 'placement', 'schema_name as schemaName'])
    .where((eb) => eb.or([eb('migration_version', 'is', null), eb('migration_version', '<', latest)]))
    .orderBy('id')
    .execute()
}

async function countCurrent(db: TenancyDependencies['db'], latest: string): Promise<number> {
  const row = await db
    .selectFrom('hub.communities')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('migration_version', '>=', latest)
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

// Under the schema's migration lock: a schema that does not exist belongs to a provisioning job that has
// not committed it yet (or has not started); migrating it here would create it half-built.
async function migrateTenant(placements: Placements, target: Target, migrations: readonly Migration[]): Promise<TenantOutcome> {
  const schema = target.schemaName
  return placements
    .database(target.placement)
    .transaction()
    .execute(async (trx: Kysely<TenantDatabase>) => {
      await sql`select pg_advisory_xact_lock(${migrationLockKey(schema)})`.execute(trx)
      const exists = await sql<{ found: boolean }>`select to_regnamespace(${schema}) is not null as found`.execute(trx)
      if (exists.rows[0]?.found !== true) return 'not-built'
      await migrateTenantSchema(trx, schema, migrations)
      return 'migrated'
    })
}

async function recordVersion(db: TenancyDependencies['db'], communityId: string, version: string): Promise<void> {
  await db
    .updateTable('hub.communities')
    .set({ migration_version: version })
    .where('id', '=', communityId)
    .where((eb) => eb.or([eb('migration_version', 'is', null), eb('migration_version', '<', version)]))
    .execute()
}

async function forEachConcurrently<T>(items: readonly T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next]
      next += 1
      if (item !== undefined) await run(item)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane))
}

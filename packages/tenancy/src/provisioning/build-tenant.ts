import { sql, type Kysely } from 'kysely'
import type { Charter } from '@kindred/charter'
import { migrateTenantSchema, type Migration } from '@kindred/db'
import { bindTenant, type Placements, type TenantQuery, type TenantDatabase } from '@kindred/community'
import { copyCharterInto } from '../charter-copies.ts'
import { defaultCategories } from './default-categories.ts'
import { neutralPseudonym } from './pseudonyms.ts'
import { searchConfigsFor } from './search-configs.ts'
import type { CommunityInProgress, FoundingMember } from './register-community.ts'

export interface TenantSeed {
  charter: Charter
  founders: readonly FoundingMember[]
}

/**
 * Second step, on the community's placement, in ONE transaction: creates the schema, applies every tenant
 * migration (under the migrator's lock for that schema, which rollouts take too), copies the charter in,
 * sets the search configurations of the community's languages, creates the default categories and the
 * founding members. Either all of it commits or none of it does,
 * so a crash never leaves a half-built schema behind; re-running it adds only what is missing. Returns
 * the tenant's migration version (its latest applied migration).
 */
export async function buildTenant(
  placements: Placements,
  community: CommunityInProgress,
  migrations: readonly Migration[],
  seed: TenantSeed,
): Promise<string> {
  const schema = community.schemaName
  return placements
    .database(community.placement)
    .transaction()
    .execute(async (trx) => {
      await migrateTenantSchema(trx, schema, migrations)
      // The schema is created by the migrator in this very transaction, which a tenant handle's own
      // transaction cannot hold: the rows that go with it are written through a handle on this transaction.
      const tenant = bindTenant(trx, schema).query
      await copyCharterInto(tenant, seed.charter)
      await setSearchConfigs(trx, tenant, community.languages)
      await createDefaultCategories(tenant)
      await addFoundingMembers(tenant, seed.founders)
      return migrationVersion(tenant)
    })
}

// Only configurations this placement's server has: a post written in a missing one would fail.
async function setSearchConfigs(server: Kysely<TenantDatabase>, tenant: TenantQuery, languages: readonly string[]): Promise<void> {
  const available = await sql<{
    name: string
  }>`select cfgname as name from pg_catalog.pg_ts_config where cfgnamespace = 'pg_catalog'::regnamespace`.execute(server)
  const configs = searchConfigsFor(languages, new Set(available.rows.map((row) => row.name)))
  await tenant
    .updateTable('settings')
    .set({ search_configs: configs, updated_at: sql<Date>`now()` })
    .execute()
}

async function createDefaultCategories(tenant: TenantQuery): Promise<void> {
  await tenant
    .insertInto('categories')
    .values(defaultCategories.map((category, position) => ({ ...category, position })))
    .onConflict((conflict) => conflict.column('slug').doNothing())
    .execute()
}

// Only the pairwise member id and a neutral pseudonym reach the tenant: never an account id, email or
// display name. Members already there (an earlier attempt whose hub step did not finish) are kept as they are.
async function addFoundingMembers(tenant: TenantQuery, founders: readonly FoundingMember[]): Promise<void> {
  if (founders.length === 0) return
  const existing = await tenant.selectFrom('members').select(['member_id', 'pseudonym']).execute()
  const present = new Set(existing.map((member) => member.member_id))
  const taken = new Set(existing.map((member) => member.pseudonym.toLowerCase()))
  const rows = founders
    .filter((founder) => !present.has(founder.memberId))
    .map((founder) => {
      const pseudonym = neutralPseudonym(taken)
      taken.add(pseudonym)
      return { member_id: founder.memberId, pseudonym, role: founder.role }
    })
  if (rows.length > 0) await tenant.insertInto('members').values(rows).execute()
}

async function migrationVersion(tenant: TenantQuery): Promise<string> {
  const row = await tenant
    .selectFrom('schema_migrations')
    .select(sql<string>`max(name)`.as('version'))
    .executeTakeFirstOrThrow()
  return row.version
}

import type { Kysely } from 'kysely'
import type { Charter } from '@kindred/charter'
import type { HubDatabase } from '@kindred/db'
import type { Placements, TenantQuery } from '@kindred/community'

/**
 * Copies a charter version into one community (nothing if it is there already), through its handle's
 * query creator or a transaction's.
 *
 * @example await copyCharterInto(tenant.query, charter)
 */
export async function copyCharterInto(tenant: TenantQuery, charter: Charter): Promise<void> {
  await tenant
    .insertInto('charter')
    .values({ version: charter.version, text: charter.text, published_at: charter.publishedAt })
    .onConflict((conflict) => conflict.column('version').doNothing())
    .execute()
}

/**
 * The `charter__distribute` job: copies a published charter version into every community that has its
 * tenant built (live or archived), so that its members accept it before they post again. Communities still
 * being provisioned copy the version in force when their tenant is built. A community that fails does not
 * stop the others; the job then fails as a whole and its retry copies what is missing (copies are
 * idempotent). Returns how many communities it reached.
 *
 * @example await distributeCharter({ db, placements }, 2)
 */
export async function distributeCharter(deps: { db: Kysely<HubDatabase>; placements: Placements }, version: number): Promise<number> {
  const row = await deps.db
    .selectFrom('hub.charters')
    .select(['version', 'text', 'published_at'])
    .where('version', '=', version)
    .executeTakeFirst()
  if (row === undefined) throw new Error(`No charter version ${version}`)
  const charter: Charter = { version: row.version, text: row.text, publishedAt: row.published_at }
  const communities = await deps.db
    .selectFrom('hub.communities')
    .select(['slug', 'placement', 'schema_name'])
    .where('status', 'in', ['live', 'archived'])
    .orderBy('id')
    .execute()
  const failed: string[] = []
  for (const community of communities) {
    try {
      await copyCharterInto(deps.placements.tenantDb({ placement: community.placement, schemaName: community.schema_name }).query, charter)
    } catch {
      failed.push(community.slug)
    }
  }
  if (failed.length > 0) throw new Error(`Charter ${version} did not reach ${failed.length} communities: ${failed.slice(0, 10).join(', ')}`)
  return communities.length
}

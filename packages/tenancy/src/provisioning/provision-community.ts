import { currentCharter } from '@kindred/charter'
import { tenantMigrations } from '@kindred/db'
import { buildTenant } from './build-tenant.ts'
import type { TenancyDependencies } from './dependencies.ts'
import { goLive } from './go-live.ts'
import { registerCommunity } from './register-community.ts'

export interface ProvisioningResult {
  /** `live`: provisioned now or by an earlier run; `skipped`: the proposal is not (or no longer) approved. */
  outcome: 'live' | 'already-provisioned' | 'skipped'
  communityId?: string
  slug?: string
  placement?: string
}

/**
 * Turns an approved proposal into a live community, as the `community__provision` job: (1) in the hub,
 * the community row on its placement and the proposal moved to provisioning, with memberships for the
 * founder and volunteer moderators; (2) on the placement, in one transaction, the schema, every tenant
 * migration, the charter, the default categories and the founding members; (3) in the hub, only after
 * that commit, the community and the proposal live and the member supporters invited. Each step is
 * idempotent and the crash-safe unit is the step, so running it again after a crash anywhere (or twice at
 * once) finishes the same community exactly once.
 *
 * @example await provisionCommunity({ db, placements, logger }, proposalId)
 * @example await provisionCommunity(deps, proposalId, { placement: 'eu-2' }) // staff chose the cluster
 */
export async function provisionCommunity(
  deps: TenancyDependencies,
  proposalId: string,
  options: { placement?: string } = {},
): Promise<ProvisioningResult> {
  const log = deps.logger.child({ component: 'provisioning', proposalId })
  const registration = await registerCommunity(deps, proposalId, options.placement)
  if (registration.outcome === 'not-approved') {
    log.warn({ proposalStatus: registration.status }, 'proposal is not approved; nothing to provision')
    return { outcome: 'skipped' }
  }
  const { community } = registration
  const where = { communityId: community.id, slug: community.slug, placement: community.placement }
  if (registration.outcome === 'already-provisioned') {
    log.info(where, 'community was already provisioned')
    return { outcome: 'already-provisioned', ...where }
  }
  log.info({ ...where, schema: community.schemaName }, 'building the community schema')
  const migrations = deps.tenantMigrations ?? (await tenantMigrations())
  const charter = await currentCharter(deps.db)
  const migrationVersion = await buildTenant(deps.placements, community, migrations, { charter, founders: registration.founders })
  await goLive(deps.db, proposalId, community, migrationVersion)
  log.info({ ...where, migrationVersion }, 'community is live')
  return { outcome: 'live', ...where }
}

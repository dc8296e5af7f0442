import { announceMemberChanges, type ProfileVisibility, type TenantHandle } from '@kindred/community'
import { activeMembership, type ActiveMembership } from './active-membership.ts'
import type { MembershipDependencies } from './dependencies.ts'

/** A member's privacy choices in one community. Contact from members is always allowed. */
export interface PrivacySettings {
  profileVisibility: ProfileVisibility
  listedInDirectory: boolean
  contact: { members: true; researchers: boolean; industry: boolean }
  /** Only ever published aggregated, with small counts suppressed. */
  countedInStatistics: boolean
}

export interface PrivacyChange {
  profileVisibility?: ProfileVisibility
  listedInDirectory?: boolean
  contact?: { researchers?: boolean; industry?: boolean }
  countedInStatistics?: boolean
}

async function readSettings(tenant: TenantHandle, memberId: string): Promise<PrivacySettings> {
  const row = await tenant.query
    .selectFrom('members')
    .select(['profile_visibility', 'listed_in_directory', 'contact_researchers', 'contact_industry', 'counted_in_statistics'])
    .where('member_id', '=', memberId)
    .executeTakeFirstOrThrow()
  return {
    profileVisibility: row.profile_visibility,
    listedInDirectory: row.listed_in_directory,
    contact: { members: true, researchers: row.contact_researchers, industry: row.contact_industry },
    countedInStatistics: row.counted_in_statistics,
  }
}

/**
 * The privacy choices of a membership already resolved (see activeMembership).
 *
 * @example const membership = await activeMembership(deps, { accountId, slug }); await privacySettings(membership)
 */
export async function privacySettings(membership: ActiveMembership): Promise<PrivacySettings> {
  return readSettings(membership.tenant, membership.member.memberId)
}

/**
 * Changes some of the member's privacy choices, leaving the others as they are, and returns them all.
 *
 * @example await updatePrivacy(deps, { accountId, slug: 'fop' }, { listedInDirectory: false, contact: { industry: false } })
 */
export async function updatePrivacy(
  deps: MembershipDependencies,
  request: { accountId: string; slug: string },
  change: PrivacyChange,
): Promise<PrivacySettings> {
  const { tenant, member } = await activeMembership(deps, request)
  const columns = {
    profile_visibility: change.profileVisibility,
    listed_in_directory: change.listedInDirectory,
    contact_researchers: change.contact?.researchers,
    contact_industry: change.contact?.industry,
    counted_in_statistics: change.countedInStatistics,
  }
  const set = Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined))
  if (Object.keys(set).length > 0) {
    await tenant.transaction(async (trx) => {
      await trx.updateTable('members').set(set).where('member_id', '=', member.memberId).execute()
      await announceMemberChanges(trx, tenant.schema, [member.memberId])
    })
  }
  return readSettings(tenant, member.memberId)
}

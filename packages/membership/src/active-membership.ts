import { KindredError } from '@kindred/errors'
import type { TenantHandle } from '@kindred/tenancy'
import type { CommunityRef } from './community-lookup.ts'
import type { MembershipDependencies } from './dependencies.ts'
import { findTenantMember, type TenantMember } from './tenant-members.ts'

export interface ActiveMembership {
  community: CommunityRef
  tenant: TenantHandle
  member: TenantMember
}

const notAMember = (): KindredError => new KindredError('KINDRED_NOT_A_MEMBER', 'You are not a member of this community')

/**
 * The account's membership of a community, as a community token would carry it: one query to the hub (the
 * link and the community), one to the tenant (role, pseudonym, ban). 403 `KINDRED_NOT_A_MEMBER` when there
 * is no current membership (an unknown community looks the same: a non-member learns nothing),
 * `KINDRED_COMMUNITY_NOT_LIVE`, or `KINDRED_BANNED_FROM_COMMUNITY`.
 *
 * @example const { member } = await activeMembership(deps, { accountId, slug: 'fop' })
 */
export async function activeMembership(deps: MembershipDependencies, request: { accountId: string; slug: string }): Promise<ActiveMembership> {
  const row = await deps.hub
    .selectFrom('hub.memberships as membership')
    .innerJoin('hub.communities as community', 'community.id', 'membership.community_id')
    .select(['membership.member_id', 'community.id', 'community.slug', 'community.status', 'community.placement', 'community.schema_name'])
    .where('membership.account_id', '=', request.accountId)
    .where('community.slug', '=', request.slug)
    .where('membership.left_at', 'is', null)
    .executeTakeFirst()
  if (row === undefined) throw notAMember()
  const community: CommunityRef = { id: row.id, slug: row.slug, status: row.status, placement: row.placement, schemaName: row.schema_name }
  if (community.status !== 'live') throw new KindredError('KINDRED_COMMUNITY_NOT_LIVE', 'This community is not open at the moment')
  const tenant = deps.placements.tenantDb(community)
  const member = await findTenantMember(tenant, row.member_id)
  if (member === undefined || member.leftAt !== null) throw notAMember()
  if (member.bannedAt !== null) throw new KindredError('KINDRED_BANNED_FROM_COMMUNITY', 'You are banned from this community')
  return { community, tenant, member }
}

import { KindredError } from '@kindred/errors'
import { assertStanding, type TenantHandle } from '@kindred/community'
import type { CommunityRef } from './community-lookup.ts'
import type { MembershipDependencies } from './dependencies.ts'
import { findMembershipLink } from './membership-links.ts'
import { findTenantMember, type TenantMember } from './tenant-members.ts'

export interface ActiveMembership {
  community: CommunityRef
  tenant: TenantHandle
  member: TenantMember
}

const notAMember = (): KindredError => new KindredError('KINDRED_NOT_A_MEMBER', 'You are not a member of this community')

// One read of the hub (the link and the community), one of the tenant (role, pseudonym, ban, approval):
// from memory when the caller brought a cache.
async function resolveMembership(deps: MembershipDependencies, request: { accountId: string; slug: string }) {
  const link = await (deps.cache?.links.find(request) ?? findMembershipLink(deps.hub, request))
  if (link === undefined) throw notAMember()
  const { community } = link
  if (community.status !== 'live') throw new KindredError('KINDRED_COMMUNITY_NOT_LIVE', 'This community is not open at the moment')
  const tenant = deps.placements.tenantDb(community)
  const member = await (deps.cache?.members.find(community, tenant, link.memberId) ?? findTenantMember(tenant, link.memberId))
  return { community, tenant, member }
}

/**
 * The account's membership of a community, as a community token would carry it. 403
 * `KINDRED_NOT_A_MEMBER` when there is no current membership (an unknown community looks the same: a
 * non-member learns nothing; a declined request is no membership either), `KINDRED_COMMUNITY_NOT_LIVE`,
 * or `KINDRED_BANNED_FROM_COMMUNITY`. A member waiting for approval has a membership: their token lets
 * them read where they stand and nothing else (see assertStanding).
 *
 * @example const { member } = await activeMembership(deps, { accountId, slug: 'fop' })
 */
export async function activeMembership(
  deps: MembershipDependencies,
  request: { accountId: string; slug: string },
): Promise<ActiveMembership> {
  const { community, tenant, member } = await resolveMembership(deps, request)
  assertStanding(member, ['approved', 'pending'])
  return { community, tenant, member }
}

/**
 * Like activeMembership, but a declined request to join is returned rather than refused: the hub's view
 * of the membership tells the account where their request stands.
 *
 * @example const { member } = await membershipStatus(deps, { accountId, slug: 'fop' }) // member.approval: 'declined'
 */
export async function membershipStatus(
  deps: MembershipDependencies,
  request: { accountId: string; slug: string },
): Promise<ActiveMembership> {
  const { community, tenant, member } = await resolveMembership(deps, request)
  assertStanding(member, ['approved', 'pending', 'declined'])
  return { community, tenant, member }
}

import { sql } from 'kysely'
import { KindredError } from '@kindred/errors'
import { communityForMembers } from './community-lookup.ts'
import type { MembershipDependencies } from './dependencies.ts'
import { findTenantMember, markTenantMemberLeft } from './tenant-members.ts'

/**
 * Leaves a community. The member's posts stay under their pseudonym; the hub keeps the link, marked as
 * left, so that the account's export and erasure still reach them. An owner cannot leave: the community
 * would have nobody answerable for it (`KINDRED_OWNER_CANNOT_LEAVE`).
 *
 * @example await leaveCommunity({ hub, placements }, { accountId, slug: 'fop' })
 */
export async function leaveCommunity(deps: MembershipDependencies, request: { accountId: string; slug: string }): Promise<void> {
  const community = await communityForMembers(deps.hub, request.slug)
  const tenant = deps.placements.tenantDb(community)
  await deps.hub.transaction().execute(async (trx) => {
    const link = await trx
      .selectFrom('hub.memberships')
      .select('member_id')
      .where('account_id', '=', request.accountId)
      .where('community_id', '=', community.id)
      .where('left_at', 'is', null)
      .forUpdate()
      .executeTakeFirst()
    if (link === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'You are not a member of this community')
    const member = await findTenantMember(tenant, link.member_id)
    if (member?.role === 'owner') throw new KindredError('KINDRED_OWNER_CANNOT_LEAVE', 'An owner hands the community over before leaving')
    await trx
      .updateTable('hub.memberships')
      .set({ left_at: sql<Date>`now()` })
      .where('member_id', '=', link.member_id)
      .execute()
    await markTenantMemberLeft(tenant, link.member_id)
  })
}

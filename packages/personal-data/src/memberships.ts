import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import type { TenantLocation } from '@kindred/community'

export interface MembershipLink extends TenantLocation {
  memberId: string
  slug: string
  name: string
  joinedAt: Date
  leftAt: Date | null
}

/** Every community the account ever joined, left ones included: where its data can be. */
export async function membershipLinks(hub: Kysely<HubDatabase>, accountId: string): Promise<MembershipLink[]> {
  const rows = await hub
    .selectFrom('hub.memberships as membership')
    .innerJoin('hub.communities as community', 'community.id', 'membership.community_id')
    .select([
      'membership.member_id',
      'membership.joined_at',
      'membership.left_at',
      'community.slug',
      'community.name',
      'community.placement',
      'community.schema_name',
    ])
    .where('membership.account_id', '=', accountId)
    .orderBy('membership.joined_at')
    .execute()
  return rows.map((row) => ({
    memberId: row.member_id,
    slug: row.slug,
    name: row.name,
    joinedAt: row.joined_at,
    leftAt: row.left_at,
    placement: row.placement,
    schemaName: row.schema_name,
  }))
}

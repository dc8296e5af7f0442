import type { Kysely } from 'kysely'
import { createAccountCache, type HubCacheOptions, type HubDatabase } from '@kindred/db'
import type { CommunityRef } from './community-lookup.ts'

/** The hub's side of a current membership: the pairwise member id, and where the community lives. */
export interface MembershipLink {
  memberId: string
  community: CommunityRef
}

/** The account's current membership of the community `slug`, as the hub links them; undefined when none. */
export async function findMembershipLink(
  hub: Kysely<HubDatabase>,
  request: { accountId: string; slug: string },
): Promise<MembershipLink | undefined> {
  const row = await hub
    .selectFrom('hub.memberships as membership')
    .innerJoin('hub.communities as community', 'community.id', 'membership.community_id')
    .select([
      'membership.member_id',
      'community.id',
      'community.slug',
      'community.name',
      'community.status',
      'community.placement',
      'community.schema_name',
      'community.languages',
    ])
    .where('membership.account_id', '=', request.accountId)
    .where('community.slug', '=', request.slug)
    .where('membership.left_at', 'is', null)
    .executeTakeFirst()
  if (row === undefined) return undefined
  return {
    memberId: row.member_id,
    community: {
      id: row.id,
      slug: row.slug,
      name: row.name,
      status: row.status,
      placement: row.placement,
      schemaName: row.schema_name,
      languages: row.languages,
    },
  }
}

export interface MembershipLinks {
  /** Like findMembershipLink, from memory while neither the account's memberships nor the community changed. */
  find(request: { accountId: string; slug: string }): Promise<MembershipLink | undefined>
  /** Forgets the account's links at once, for the process that has just changed them (their notification follows). */
  forget(accountId: string): void
  close(): Promise<void>
}

/**
 * Membership links kept in memory, for switching community: the hub's triggers (migrations/hub/0014) name
 * the account when its memberships change, and every account when a community's status or location does.
 *
 * @example const links = createMembershipLinks({ hub, listen, ttlMs: 60_000, maxEntries: 100_000 })
 */
export function createMembershipLinks(options: HubCacheOptions): MembershipLinks {
  const cache = createAccountCache<MembershipLink | undefined>(options)
  return {
    find: (request) => cache.read(request.accountId, request.slug, () => findMembershipLink(options.hub, request)),
    forget: (accountId) => {
      cache.forget(accountId)
    },
    close: () => cache.close(),
  }
}

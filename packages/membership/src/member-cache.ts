import { createNotifiedCache } from '@kindred/db'
import { memberChangesChannel, type Placements, type TenantHandle, type TenantLocation } from '@kindred/community'
import { findTenantMember, type TenantMember } from './tenant-members.ts'

/** Members as their tenants hold them, kept in memory and forgotten the moment their row changes. */
export interface MemberCache {
  /** The member's tenant row, from memory when it is known not to have changed since it was read. */
  find(location: TenantLocation, tenant: TenantHandle, memberId: string): Promise<TenantMember | undefined>
  close(): Promise<void>
}

export interface MemberCacheOptions {
  placements: Placements
  /** How long an entry may be used at most, as a backstop; 0 turns the cache off. */
  ttlMs: number
  maxEntries: number
}

/**
 * A member cache over every placement, with one LISTEN per placement: a member is dropped when the code
 * that changes it announces the change (`announceMemberChanges`: "schema memberId", delivered at commit), and every
 * member of a placement when its LISTEN connection drops. With `ttlMs` 0 every lookup reads the tenant.
 *
 * @example const members = createMemberCache({ placements, ttlMs: 60_000, maxEntries: 100_000 })
 */
export function createMemberCache(options: MemberCacheOptions): MemberCache {
  const cache = createNotifiedCache<TenantMember | undefined>({
    listen: (placement, handlers) => options.placements.listen(placement, memberChangesChannel, handlers),
    ttlMs: options.ttlMs,
    maxGroups: options.maxEntries,
  })
  return {
    find: (location, tenant, memberId) =>
      cache.read({ source: location.placement, group: `${tenant.schema} ${memberId}` }, () => findTenantMember(tenant, memberId)),
    close: () => cache.close(),
  }
}

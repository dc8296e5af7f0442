import type { NotificationListener, Placements, TenantHandle, TenantLocation } from '@kindred/tenancy'
import { findTenantMember, type TenantMember } from './tenant-members.ts'

/** The channel tenants' member triggers notify on (migrations/tenant/0008_member_changes). */
const memberChanges = 'kindred_member_changes'

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

interface Entry {
  member: TenantMember
  expiresAt: number
}

// Per placement: a LISTEN for member changes, and a count of changes (and gaps) heard. A row is kept only if
// the LISTEN was in place before it was read and nothing was heard meanwhile: otherwise it may be older
// than a change whose notification came (or went missing) while it was read.
interface PlacementFeed {
  listener: NotificationListener
  changes: number
}

/**
 * A member cache over every placement. An entry is dropped when its tenant's trigger notifies a change of
 * that member (delivered at commit), and every entry of a placement when its LISTEN connection drops; rows
 * are kept only while a LISTEN is in place. With `ttlMs` 0 every lookup reads the tenant.
 *
 * @example const members = createMemberCache({ placements, ttlMs: 60_000, maxEntries: 100_000 })
 */
export function createMemberCache(options: MemberCacheOptions): MemberCache {
  const entries = new Map<string, Entry>()
  const feeds = new Map<string, PlacementFeed>()
  const keyOf = (placement: string, schema: string, memberId: string): string => `${placement} ${schema} ${memberId}`

  const forgetPlacement = (placement: string): void => {
    for (const key of entries.keys()) if (key.startsWith(`${placement} `)) entries.delete(key)
  }
  const feedOf = (placement: string): PlacementFeed => {
    const known = feeds.get(placement)
    if (known !== undefined) return known
    const feed: PlacementFeed = {
      changes: 0,
      listener: options.placements.listen(placement, memberChanges, {
        message: (payload) => {
          feed.changes += 1
          entries.delete(`${placement} ${payload}`)
        },
        gap: () => {
          feed.changes += 1
          forgetPlacement(placement)
        },
      }),
    }
    feeds.set(placement, feed)
    return feed
  }
  const remember = (key: string, member: TenantMember): void => {
    // Oldest first out: a Map iterates in insertion order.
    if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value ?? '')
    entries.set(key, { member, expiresAt: Date.now() + options.ttlMs })
  }

  return {
    find: async (location, tenant, memberId) => {
      if (options.ttlMs === 0) return findTenantMember(tenant, memberId)
      const key = keyOf(location.placement, tenant.schema, memberId)
      const entry = entries.get(key)
      if (entry !== undefined && entry.expiresAt > Date.now()) return entry.member
      entries.delete(key)
      const feed = feedOf(location.placement)
      const changesBefore = feed.changes
      const listenedThroughout = feed.listener.listening()
      const member = await findTenantMember(tenant, memberId)
      if (member !== undefined && listenedThroughout && feed.changes === changesBefore) remember(key, member)
      return member
    },
    close: async () => {
      entries.clear()
      await Promise.all([...feeds.values()].map((feed) => feed.listener.close()))
      feeds.clear()
    },
  }
}

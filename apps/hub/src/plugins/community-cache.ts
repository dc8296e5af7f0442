import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { findCommunityForMembers, type CommunityRef } from '@kindred/membership'

/** Where a community open to its members lives, and whether it is read-only (archived). */
export type CommunityLocation = CommunityRef

export interface CommunityCache {
  /** The live or archived community `slug`, or undefined (unknown, or not open to members yet or any more). */
  find(slug: string): Promise<CommunityLocation | undefined>
  /** Drops what is known of `slug`, e.g. after this process archived or restored it. */
  forget(slug: string): void
}

// Bounds the memory a burst of slugs can take; past it the whole cache starts again (it refills in a request).
const maxEntries = 10_000

/**
 * hub.communities by slug, each answer kept `ttlMs` in this process: every community request needs the
 * placement and schema, which change only at provisioning, and the status, which staff change rarely (an
 * archive takes effect for writes within `ttlMs`). Unknown slugs are not cached: a request only gets here
 * with a token valid for that slug, which nobody holds for a community that does not exist.
 *
 * @example const communities = createCommunityCache(hub, 5_000); const fop = await communities.find('fop')
 */
export function createCommunityCache(hub: Kysely<HubDatabase>, ttlMs: number, now: () => number = Date.now): CommunityCache {
  const entries = new Map<string, { location: CommunityLocation; expiresAt: number }>()
  return {
    async find(slug) {
      const cached = entries.get(slug)
      if (cached !== undefined && cached.expiresAt > now()) return cached.location
      const location = await findCommunityForMembers(hub, slug)
      if (location === undefined) {
        entries.delete(slug)
        return undefined
      }
      if (entries.size >= maxEntries) entries.clear()
      entries.set(slug, { location, expiresAt: now() + ttlMs })
      return location
    },
    forget(slug) {
      entries.delete(slug)
    },
  }
}

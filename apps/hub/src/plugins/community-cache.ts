import { createNotifiedCache, type HubCacheOptions } from '@kindred/db'
import { findCommunityForMembers, type CommunityRef } from '@kindred/membership'

/** Where a community open to its members lives, and whether it is read-only (archived). */
export type CommunityLocation = CommunityRef

export interface CommunityCache {
  /** The live or archived community `slug`, or undefined (unknown, or not open to members yet or any more). */
  find(slug: string): Promise<CommunityLocation | undefined>
  /** Drops what is known of `slug`, for the process that has just archived or restored it. */
  forget(slug: string): void
  close(): Promise<void>
}

// Account ids are notified on the same channel: a prefix keeps a slug from ever being taken for one.
const groupOf = (slug: string): string => `community ${slug}`

/**
 * hub.communities by slug, kept in memory: every community request needs the placement and schema, which
 * change only at provisioning, and the status, which staff change rarely. The hub's trigger on
 * communities (migrations/hub/0014) makes every hub forget them all the moment one changes. Unknown
 * slugs are not kept: a request only gets here with a token valid for that slug, which nobody holds for
 * a community that does not exist.
 *
 * @example const communities = createCommunityCache({ hub, listen, ttlMs: 60_000, maxEntries: 10_000 }); const fop = await communities.find('fop')
 */
export function createCommunityCache(options: HubCacheOptions): CommunityCache {
  const cache = createNotifiedCache<CommunityLocation | undefined>({
    listen: (_hub, handlers) => options.listen(handlers),
    ttlMs: options.ttlMs,
    maxGroups: options.maxEntries,
  })
  return {
    find: (slug) => cache.read({ source: 'hub', group: groupOf(slug) }, () => findCommunityForMembers(options.hub, slug)),
    forget: (slug) => {
      cache.forget('hub', groupOf(slug))
    },
    close: () => cache.close(),
  }
}

import type { FastifyInstance, FastifyRequest } from 'fastify'
import { unreadThreadCount } from '@kindred/forum'
import { unreadNotificationCount } from '@kindred/notifications'

// Every page's header shows, for each of the visitor's communities, how many threads have posts they have
// not read and how many of their notifications are unread: two small queries per community, side by side.
// Kept a short while per account and community, so a member moving between pages costs none, and forgotten
// at once when they read in that community (their own reading shows on the next page); others' new posts
// show within `freshForMs`.
const freshForMs = 15_000
const maxEntries = 10_000

/** What the header says is new in one community. */
export interface UnreadCounts {
  /** How many threads have posts the member has not read (capped, see `unreadThreadsCap`). */
  unreadThreads: number
  /** How many of the member's notifications are unread. */
  unreadNotifications: number
}

const none: UnreadCounts = { unreadThreads: 0, unreadNotifications: 0 }

/** The header's unread counts per account and community, kept briefly (see above). */
export interface UnreadCountsCache {
  /**
   * What is unread for the account's member in the community `slug`; nothing when the account is not
   * linked to it. A failure is logged and reads as nothing: a header count is never worth a page that
   * does not open.
   */
  count(request: FastifyRequest, accountId: string, slug: string): Promise<UnreadCounts>
  /** Forgets the account's count in a community, once they have read something there. */
  forget(accountId: string, slug: string): void
}

declare module 'fastify' {
  interface FastifyInstance {
    unreadCounts: UnreadCountsCache
  }
}

export function createUnreadCounts(app: FastifyInstance): UnreadCountsCache {
  const counts = new Map<string, { count: UnreadCounts; at: number }>()
  const keyOf = (accountId: string, slug: string): string => `${accountId} ${slug}`
  return {
    async count(request, accountId, slug) {
      const key = keyOf(accountId, slug)
      const cached = counts.get(key)
      if (cached !== undefined && Date.now() - cached.at < freshForMs) return cached.count
      try {
        const link = await app.membershipLinks.find({ accountId, slug })
        if (link === undefined) return none
        const actor = { tenant: app.placements.tenantDb(link.community), member: { memberId: link.memberId } }
        const [unreadThreads, unreadNotifications] = await Promise.all([unreadThreadCount(actor), unreadNotificationCount(actor)])
        const count = { unreadThreads, unreadNotifications }
        if (counts.size >= maxEntries) counts.delete(counts.keys().next().value ?? '')
        counts.set(key, { count, at: Date.now() })
        return count
      } catch (error) {
        request.log.warn({ err: error, slug }, 'unread count of a community failed')
        return none
      }
    },
    forget(accountId, slug) {
      counts.delete(keyOf(accountId, slug))
    },
  }
}

import type { FastifyInstance, FastifyRequest } from 'fastify'
import { unreadThreadCount } from '@kindred/forum'

// Every page's header shows, for each of the visitor's communities, how many threads have posts they have
// not read: one query per community. Kept a short while per account and community, so a member moving
// between pages costs none, and forgotten at once when they read in that community (their own reading
// shows on the next page); others' new posts show within `freshForMs`.
const freshForMs = 15_000
const maxEntries = 10_000

/** The header's unread counts per account and community, kept briefly (see above). */
export interface UnreadThreads {
  /**
   * How many threads of the community `slug` have posts the account's member has not read (capped, see
   * `unreadThreadsCap`); 0 when the account is not linked to it. A failure is logged and reads as 0: a
   * header count is never worth a page that does not open.
   */
  count(request: FastifyRequest, accountId: string, slug: string): Promise<number>
  /** Forgets the account's count in a community, once they have read something there. */
  forget(accountId: string, slug: string): void
}

declare module 'fastify' {
  interface FastifyInstance {
    unreadThreads: UnreadThreads
  }
}

export function createUnreadThreads(app: FastifyInstance): UnreadThreads {
  const counts = new Map<string, { count: number; at: number }>()
  const keyOf = (accountId: string, slug: string): string => `${accountId} ${slug}`
  return {
    async count(request, accountId, slug) {
      const key = keyOf(accountId, slug)
      const cached = counts.get(key)
      if (cached !== undefined && Date.now() - cached.at < freshForMs) return cached.count
      try {
        const link = await app.membershipLinks.find({ accountId, slug })
        if (link === undefined) return 0
        const count = await unreadThreadCount({ tenant: app.placements.tenantDb(link.community), member: { memberId: link.memberId } })
        if (counts.size >= maxEntries) counts.delete(counts.keys().next().value ?? '')
        counts.set(key, { count, at: Date.now() })
        return count
      } catch (error) {
        request.log.warn({ err: error, slug }, 'unread count of a community failed')
        return 0
      }
    },
    forget(accountId, slug) {
      counts.delete(keyOf(accountId, slug))
    },
  }
}

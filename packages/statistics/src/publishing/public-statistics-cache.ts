import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { publicStatistics, type PublicStatistics } from './public-statistics.ts'

/** The public statistics of one process, computed again only when a new day has been published. */
export interface PublicStatisticsCache {
  current(): Promise<PublicStatistics>
}

// The latest publication; a published day never changes, so the answer changes only with this.
async function latestPublication(db: Kysely<HubDatabase>): Promise<string> {
  const result = await sql<{ day: string; published_at: Date }>`
    select day::text as day, published_at from hub.stats_publications order by day desc limit 1`.execute(db)
  const latest = result.rows[0]
  return latest === undefined ? 'none' : `${latest.day}|${latest.published_at.toISOString()}`
}

/**
 * Keeps the last answer of `publicStatistics` and reuses it while no new day has been published: one
 * index lookup per request instead of reading and suppressing every community of the day. Requests
 * arriving while the answer is being computed wait for that same computation.
 *
 * @example const cache = createPublicStatisticsCache(db, { threshold: 10 }); await cache.current()
 */
export function createPublicStatisticsCache(db: Kysely<HubDatabase>, options: { threshold: number }): PublicStatisticsCache {
  let cached: { key: string; answer: Promise<PublicStatistics> } | undefined
  return {
    async current() {
      const key = await latestPublication(db)
      if (cached?.key !== key) {
        const answer = publicStatistics(db, options)
        cached = { key, answer }
        // A failed computation is not kept: the next request tries again.
        answer.catch(() => {
          if (cached?.answer === answer) cached = undefined
        })
      }
      return cached.answer
    },
  }
}

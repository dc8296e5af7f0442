import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import type { Day } from './days.ts'
import { lastAggregationTime } from './last-aggregation.ts'

/** How fresh the figures are: shown with every staff chart. */
export interface StatisticsFreshness {
  /** When figures were last written (`lastAggregationAt`); null before the first run. */
  lastAggregatedAt: Date | null
  /**
   * Every day up to this one has final figures: the community's mark, or for the network the earliest mark
   * of its live communities (a day is final for the network once it is for all of them). Null while one of
   * them was never aggregated, or none is live.
   */
  completeThrough: Day | null
}

/**
 * The figures' freshness for a community (by slug) or the whole network (null).
 *
 * @example await statisticsFreshness(db, null) // { lastAggregatedAt: 2025-03-03T10:00:04.512Z, completeThrough: '2025-03-01' }
 */
export async function statisticsFreshness(db: Kysely<HubDatabase>, slug: string | null): Promise<StatisticsFreshness> {
  const scope = slug === null ? sql`community.status = 'live'` : sql`community.slug = ${slug}`
  // One statement: the freshness is on every staff page, and a round trip is most of its cost.
  const marks = await sql<{ at: Date | null; through: string | null; unmarked: boolean }>`
    select ${lastAggregationTime} as at, min(progress.complete_through)::text as through,
           bool_or(progress.community_id is null) as unmarked
    from hub.communities as community
    left join hub.stats_progress as progress on progress.community_id = community.id
    where ${scope}`.execute(db)
  const row = marks.rows[0]
  return { lastAggregatedAt: row?.at ?? null, completeThrough: row === undefined || row.unmarked ? null : row.through }
}

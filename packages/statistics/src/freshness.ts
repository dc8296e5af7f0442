import { sql, type Kysely, type RawBuilder } from 'kysely'
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

/** What a freshness is made of, one row: `freshnessMarks` as a subquery of a page's statement. */
export interface FreshnessMarks {
  lastAggregatedAt: Date | null
  earliestMark: string | null
  unmarked: boolean | null
}

/**
 * The marks of a community (by slug) or of the network's live communities (null), as a subquery: the
 * freshness is on every staff page, and a round trip of its own costs more than its rows.
 */
export function freshnessMarks(slug: string | null): RawBuilder<FreshnessMarks> {
  const scope = slug === null ? sql`community.status = 'live'` : sql`community.slug = ${slug}`
  return sql<FreshnessMarks>`(
    select ${lastAggregationTime} as "lastAggregatedAt", min(progress.complete_through)::text as "earliestMark",
           bool_or(progress.community_id is null) as unmarked
    from hub.communities as community
    left join hub.stats_progress as progress on progress.community_id = community.id
    where ${scope}
  )`
}

export function freshnessOf(marks: FreshnessMarks | undefined): StatisticsFreshness {
  if (marks === undefined) return { lastAggregatedAt: null, completeThrough: null }
  return { lastAggregatedAt: marks.lastAggregatedAt, completeThrough: marks.unmarked === true ? null : marks.earliestMark }
}

/**
 * The figures' freshness for a community (by slug) or the whole network (null).
 *
 * @example await statisticsFreshness(db, null) // { lastAggregatedAt: 2025-03-03T10:00:04.512Z, completeThrough: '2025-03-01' }
 */
export async function statisticsFreshness(db: Kysely<HubDatabase>, slug: string | null): Promise<StatisticsFreshness> {
  return freshnessOf(await db.selectFrom(freshnessMarks(slug).as('marks')).selectAll().executeTakeFirst())
}

import { sql, type AliasedRawBuilder, type Kysely, type RawBuilder } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type { CommunityStatus, HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import type { Day } from '../days.ts'
import { freshnessMarks, freshnessOf, type StatisticsFreshness } from '../freshness.ts'
import { lastAggregationTime } from '../last-aggregation.ts'
import type { DayRange } from './date-range.ts'
import { communityMetricColumns, networkMetricColumns, type CommunityMetric, type NetworkMetric } from './metrics.ts'

/** One day of a series: the day and the value of each metric asked for (null: a median of no threads). */
export type SeriesPoint<Metric extends string> = { day: Day } & Partial<Record<Metric, number | null>>

/** A community's exact figures, day by day, for network staff. */
export interface CommunitySeries {
  community: { slug: string; name: string; status: CommunityStatus }
  /** Every day up to this one has final figures; null before the community's first run. */
  completeThrough: Day | null
  /** When any figures were last written (`lastAggregationAt`), read in the same statement. */
  lastAggregatedAt: Date | null
  series: Array<SeriesPoint<CommunityMetric>>
}

// Metric names come from the fixed tables of metrics.ts, never from the request, so they are safe to use as aliases.
function metricSelection<Metric extends string>(
  metrics: readonly Metric[],
  columns: Record<Metric, string | RawBuilder<unknown>>,
): Array<AliasedRawBuilder<unknown, Metric>> {
  return metrics.map((metric) => {
    const column: string | RawBuilder<unknown> = columns[metric]
    return (typeof column === 'string' ? sql.ref(column) : column).as(metric)
  })
}

// Days compare as dates: the column's TypeScript type is the Date pg reads, the range is text. Series order
// by the column (its index order), not by the `day::text` they answer with.
const within = (range: DayRange) => sql<boolean>`day between ${range.from}::date and ${range.to}::date`

function toPoints<Metric extends string>(
  rows: ReadonlyArray<Record<string, unknown>>,
  metrics: readonly Metric[],
): Array<SeriesPoint<Metric>> {
  return rows.map((row) => {
    const point: Record<string, unknown> = { day: row.day }
    for (const metric of metrics) point[metric] = row[metric] ?? null
    return point as SeriesPoint<Metric>
  })
}

/**
 * A community's figures for each day of `range` that has them (days not aggregated yet are absent), by
 * the primary key `(community_id, day)`, with the community and the figures' freshness: one statement,
 * since staff charts ask for a year of a community at a time and a round trip costs more than the rows.
 * Archived communities keep their history. `KINDRED_NOT_FOUND` for an unknown slug.
 *
 * @example await communitySeries(db, { slug: 'fop', range: { from: '2025-01-01', to: '2025-03-31' }, metrics: ['membersTotal'] })
 */
export async function communitySeries(
  db: Kysely<HubDatabase>,
  query: { slug: string; range: DayRange; metrics: readonly CommunityMetric[] },
): Promise<CommunitySeries> {
  const found = await db
    .selectFrom('hub.communities as c')
    .leftJoin('hub.stats_progress as p', 'p.community_id', 'c.id')
    .select((eb) => [
      'c.slug',
      'c.name',
      'c.status',
      sql<string | null>`p.complete_through::text`.as('completeThrough'),
      lastAggregationTime.as('lastAggregatedAt'),
      jsonArrayFrom(
        eb
          .selectFrom('hub.community_daily_stats as s')
          .select([sql<string>`day::text`.as('day'), ...metricSelection(query.metrics, communityMetricColumns)])
          .whereRef('s.community_id', '=', 'c.id')
          .where(within(query.range))
          .orderBy('s.day'),
      ).as('series'),
    ])
    .where('c.slug', '=', query.slug)
    .executeTakeFirst()
  if (found === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No community has this slug')
  return {
    community: { slug: found.slug, name: found.name, status: found.status },
    completeThrough: found.completeThrough,
    lastAggregatedAt: found.lastAggregatedAt,
    series: toPoints(found.series as Array<Record<string, unknown>>, query.metrics),
  }
}

/** The network's figures, day by day, for network staff. */
export interface NetworkSeries extends StatisticsFreshness {
  series: Array<SeriesPoint<NetworkMetric>>
}

/**
 * The network's figures for each day of `range` that has them (every community's added up, with the median
 * time to first reply over all their threads), with the figures' freshness: one statement, as a community's.
 *
 * @example await networkSeries(db, { range, metrics: ['communities', 'membersTotal'] })
 */
export async function networkSeries(
  db: Kysely<HubDatabase>,
  query: { range: DayRange; metrics: readonly NetworkMetric[] },
): Promise<NetworkSeries> {
  const found = await db
    .selectFrom(freshnessMarks(null).as('marks'))
    .selectAll('marks')
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('hub.network_daily_stats')
          .select([sql<string>`day::text`.as('day'), ...metricSelection(query.metrics, networkMetricColumns)])
          .where(within(query.range))
          .orderBy('hub.network_daily_stats.day'),
      ).as('series'),
    )
    .executeTakeFirstOrThrow()
  return { ...freshnessOf(found), series: toPoints(found.series as Array<Record<string, unknown>>, query.metrics) }
}

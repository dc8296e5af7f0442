import { sql, type Kysely, type SelectQueryBuilder } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type { CommunityStatus, HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import type { Day } from '../days.ts'
import { freshnessMarks, freshnessOf, type StatisticsFreshness } from '../freshness.ts'
import { lastAggregationTime } from '../last-aggregation.ts'
import type { DayRange } from './date-range.ts'
import {
  dailySelection,
  periodOf,
  periodSelection,
  type Grouping,
  type MetricColumn,
  type SeriesMetric,
  type SeriesPoint,
  type SeriesSource,
} from './grouping.ts'
import { communityMetricColumns, networkMetricColumns, type CommunityMetric, type NetworkMetric } from './metrics.ts'

/** A community's exact figures, by day, week or month, for network staff. */
export interface CommunitySeries {
  community: { slug: string; name: string; status: CommunityStatus }
  /** Every day up to this one has final figures; null before the community's first run. */
  completeThrough: Day | null
  /** When any figures were last written (`lastAggregationAt`), read in the same statement. */
  lastAggregatedAt: Date | null
  series: Array<SeriesPoint<CommunityMetric>>
}

/** The network's figures, by day, week or month, for network staff. */
export interface NetworkSeries extends StatisticsFreshness {
  series: Array<SeriesPoint<NetworkMetric>>
}

interface SeriesQuery<Metric extends SeriesMetric> {
  range: DayRange
  metrics: readonly Metric[]
  grouping: Grouping
}

// Days compare as dates: the column's TypeScript type is the Date pg reads, the range is text.
const within = (source: SeriesSource, range: DayRange) =>
  sql<boolean>`${sql.ref(`${source.alias}.day`)} between ${range.from}::date and ${range.to}::date`

/**
 * The days of a series' range, a row a day or a period (oldest first), as a JSON array in the statement
 * that reads the community or the freshness: a chart page is then one round trip. Series order by the
 * column (its index order), not by the `day::text` they answer with.
 */
function seriesRows<DB, Table extends keyof DB, Metric extends SeriesMetric>(
  days: SelectQueryBuilder<DB, Table, object>,
  source: SeriesSource,
  columns: Readonly<Record<Metric, MetricColumn>>,
  query: SeriesQuery<Metric>,
) {
  const ranged = days.where(within(source, query.range))
  if (query.grouping === 'day') {
    return ranged.select(dailySelection(source, query.metrics, columns)).orderBy(sql.ref(`${source.alias}.day`))
  }
  const period = periodOf(source, query.grouping)
  return ranged
    .select(periodSelection(source, query.metrics, columns, query.grouping, query.range))
    .groupBy(period)
    .orderBy(period)
}

function toPoints<Metric extends string>(
  rows: ReadonlyArray<Record<string, unknown>>,
  metrics: readonly Metric[],
): Array<SeriesPoint<Metric>> {
  return rows.map((row) => {
    const point: Record<string, unknown> = row.through === undefined ? { day: row.day } : { day: row.day, through: row.through }
    for (const metric of metrics) point[metric] = row[metric] ?? null
    return point as SeriesPoint<Metric>
  })
}

/**
 * A community's figures for each day (or week, or month) of `range` that has them (days not aggregated
 * yet are absent), by the primary key `(community_id, day)`, with the community and the figures'
 * freshness: one statement, since staff charts ask for a year of a community at a time and a round trip
 * costs more than the rows. Archived communities keep their history. `KINDRED_NOT_FOUND` for an unknown slug.
 *
 * @example await groupedCommunitySeries(db, { slug: 'fop', range, metrics: ['threads'], grouping: 'month' })
 */
export async function groupedCommunitySeries(
  db: Kysely<HubDatabase>,
  query: SeriesQuery<CommunityMetric> & { slug: string },
): Promise<CommunitySeries> {
  const source: SeriesSource = { alias: 's', replies: sql<boolean>`replies.community_id = c.id` }
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
        seriesRows(
          eb.selectFrom('hub.community_daily_stats as s').whereRef('s.community_id', '=', 'c.id'),
          source,
          communityMetricColumns,
          query,
        ),
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

/**
 * The network's figures for each day (or week, or month) of `range` that has them (every community's
 * added up, with the median time to first reply over all their threads), with the figures' freshness:
 * one statement, as a community's.
 *
 * @example await groupedNetworkSeries(db, { range, metrics: ['communities', 'threads'], grouping: 'week' })
 */
export async function groupedNetworkSeries(db: Kysely<HubDatabase>, query: SeriesQuery<NetworkMetric>): Promise<NetworkSeries> {
  const source: SeriesSource = { alias: 'n', replies: sql<boolean>`true` }
  const found = await db
    .selectFrom(freshnessMarks(null).as('marks'))
    .selectAll('marks')
    .select((eb) =>
      jsonArrayFrom(seriesRows(eb.selectFrom('hub.network_daily_stats as n'), source, networkMetricColumns, query)).as('series'),
    )
    .executeTakeFirstOrThrow()
  return { ...freshnessOf(found), series: toPoints(found.series as Array<Record<string, unknown>>, query.metrics) }
}

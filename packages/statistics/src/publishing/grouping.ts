import { sql, type AliasedRawBuilder, type RawBuilder } from 'kysely'
import type { Day } from '../days.ts'
import type { DayRange } from './date-range.ts'
import type { CommunityMetric, NetworkMetric } from './metrics.ts'

/** How a series is cut: a point a day, a week (Monday to Sunday, as ISO weeks) or a calendar month. */
export type Grouping = 'day' | 'week' | 'month'

/** Every grouping, finest first. */
export const groupings: readonly Grouping[] = ['day', 'week', 'month']

/**
 * How a metric's days make a week or a month: `sum` for counts of what happened on the day (threads opened,
 * members who joined), `last` for levels at the day's end (members, active members over a rolling window,
 * open reports, the community health figures: the period's last day with figures), `median` for the
 * median time to a first reply, taken again over every first reply of the period's threads (a median of daily medians would be another figure).
 */
export type Aggregation = 'sum' | 'last' | 'median'

/** Any metric a series offers: the network's or a community's. */
export type SeriesMetric = NetworkMetric | CommunityMetric

export const metricAggregation: Readonly<Record<SeriesMetric, Aggregation>> = {
  communities: 'last',
  membersTotal: 'last',
  membersJoined: 'sum',
  membersLeft: 'sum',
  activeMembers7d: 'last',
  activeMembers30d: 'last',
  threads: 'sum',
  replies: 'sum',
  reactions: 'sum',
  openReports: 'last',
  threadsAnswered24h: 'sum',
  medianFirstReplySeconds: 'median',
  // A community's health figures (migrations/hub/0027): levels at the day's end.
  pendingJoins: 'last',
  oldestPendingJoinSeconds: 'last',
  oldestOpenReportSeconds: 'last',
  activeModerators30d: 'last',
  secondsSinceModeratorAction: 'last',
  hasOwner: 'last',
}

/** A point of a series: its day, or the first day of its period within the range and `through` its last. */
export type SeriesPoint<Metric extends string> = { day: Day; through?: Day } & Partial<Record<Metric, number | null>>

/** A metric's figure of one day: a column of the daily table, or an expression of its columns. */
export type MetricColumn = string | RawBuilder<unknown>

/** The rows a series reads: the daily table under an alias, and which communities' first replies its medians take. */
export interface SeriesSource {
  /** The alias of the daily table in the series' statement: its columns are read through it. */
  alias: string
  /** The first replies a period's median is taken over, as a condition on `community_daily_stats as replies`. */
  replies: RawBuilder<boolean>
}

const column = (source: SeriesSource, name: string): RawBuilder<unknown> => sql.ref(`${source.alias}.${name}`)
const figure = (source: SeriesSource, metric: MetricColumn): RawBuilder<unknown> =>
  typeof metric === 'string' ? column(source, metric) : metric

/** A day's figures, one row a day: the metric names come from the fixed tables of metrics.ts, safe as aliases. */
export function dailySelection<Metric extends SeriesMetric>(
  source: SeriesSource,
  metrics: readonly Metric[],
  columns: Readonly<Record<Metric, MetricColumn>>,
): Array<AliasedRawBuilder<unknown, string>> {
  return [sql`${column(source, 'day')}::text`.as('day'), ...metrics.map((metric) => figure(source, columns[metric]).as(metric))]
}

/** The start of the period a row's day falls in, as PostgreSQL truncates it (weeks start on Monday). */
export function periodOf(source: SeriesSource, grouping: Exclude<Grouping, 'day'>): RawBuilder<Date> {
  return sql<Date>`date_trunc(${sql.lit(grouping)}, ${column(source, 'day')}::timestamp)`
}

/**
 * A period's figures, one row a period (grouped by `periodOf`): each metric aggregated as
 * `metricAggregation` says, in the statement that reads the days, so a year is 53 rows on the wire and no
 * date arithmetic in the hub. Periods are clipped to the range (a range starting on a Wednesday starts
 * with a shorter week); a period without any day of figures is absent, as days are. A median is taken
 * over every first reply of the period's threads within the range.
 */
export function periodSelection<Metric extends SeriesMetric>(
  source: SeriesSource,
  metrics: readonly Metric[],
  columns: Readonly<Record<Metric, MetricColumn>>,
  grouping: Exclude<Grouping, 'day'>,
  range: DayRange,
): Array<AliasedRawBuilder<unknown, string>> {
  // Of the group's first day, not the grouped expression itself: the median's subquery may name an
  // aggregate of the outer rows but not their ungrouped column.
  const period = sql`date_trunc(${sql.lit(grouping)}, min(${column(source, 'day')})::timestamp)`
  const start = sql`greatest(${period}::date, ${range.from}::date)`
  const end = sql`least((${period} + ${sql.lit(`1 ${grouping}`)}::interval)::date - 1, ${range.to}::date)`
  const aggregated = (metric: Metric): RawBuilder<unknown> => {
    const value = figure(source, columns[metric])
    const how = metricAggregation[metric]
    if (how === 'sum') return sql`sum(${value})`
    if (how === 'last') return sql`(array_agg(${value} order by ${column(source, 'day')} desc) filter (where ${value} is not null))[1]`
    return sql`(
      select round(percentile_cont(0.5) within group (order by seconds))::int
      from hub.community_daily_stats as replies cross join lateral unnest(replies.first_reply_seconds) as seconds
      where ${source.replies} and replies.day between ${start} and ${end}
    )`
  }
  return [sql`${start}::text`.as('day'), sql`${end}::text`.as('through'), ...metrics.map((metric) => aggregated(metric).as(metric))]
}

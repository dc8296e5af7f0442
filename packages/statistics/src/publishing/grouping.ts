import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { addDays, type Day } from '../days.ts'
import type { DayRange } from './date-range.ts'
import type { CommunityMetric, NetworkMetric } from './metrics.ts'
import { communitySeries, networkSeries, type CommunitySeries, type NetworkSeries, type SeriesPoint } from './time-series.ts'

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

/**
 * A point of a grouped series: `day` is the first day of its period within the range, `through` its last
 * (absent when grouped by day).
 */
export type GroupedPoint<Metric extends string> = SeriesPoint<Metric> & { through?: Day }

/**
 * The first day of the period a day falls in.
 *
 * @example periodStart('2025-03-06', 'week') // '2025-03-03' (a Monday)
 * @example periodStart('2025-03-06', 'month') // '2025-03-01'
 */
export function periodStart(day: Day, grouping: Grouping): Day {
  if (grouping === 'day') return day
  if (grouping === 'month') return `${day.slice(0, 7)}-01`
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay()
  return addDays(day, -((weekday + 6) % 7))
}

/**
 * The last day of the period that starts on `start`.
 *
 * @example periodEnd('2025-02-01', 'month') // '2025-02-28'
 */
export function periodEnd(start: Day, grouping: Grouping): Day {
  if (grouping === 'day') return start
  if (grouping === 'week') return addDays(start, 6)
  const next = new Date(`${start}T00:00:00Z`)
  next.setUTCMonth(next.getUTCMonth() + 1)
  return addDays(next.toISOString().slice(0, 10), -1)
}

function aggregate(values: ReadonlyArray<number | null | undefined>, how: Exclude<Aggregation, 'median'>): number | null {
  const present = values.filter((value): value is number => typeof value === 'number')
  if (present.length === 0) return null
  return how === 'sum' ? present.reduce((total, value) => total + value, 0) : (present.at(-1) ?? null)
}

/**
 * A daily series (oldest first) cut into periods, each metric aggregated as `metricAggregation` says;
 * periods are clipped to the range (a range starting on a Wednesday starts with a shorter week), and a
 * period without any day of figures is absent, as days are. Medians come from `medians` (by period start,
 * computed over the period's first replies: `periodMedians`); without it they are null.
 *
 * @example groupSeries([{ day: '2025-03-03', threads: 2 }, { day: '2025-03-04', threads: 3 }], ['threads'], 'week', range)
 * // [{ day: '2025-03-03', through: '2025-03-09', threads: 5 }]
 */
export function groupSeries<Metric extends NetworkMetric | CommunityMetric>(
  series: ReadonlyArray<SeriesPoint<Metric>>,
  metrics: readonly Metric[],
  grouping: Grouping,
  range: DayRange,
  medians: ReadonlyMap<Day, number | null> = new Map(),
): Array<GroupedPoint<Metric>> {
  // The series is oldest first, so a period's days follow one another: the date arithmetic is done once a
  // period, not once a day (a year by week is 53 periods of 365 days, on every chart page).
  const periods: Array<{ start: Day; end: Day; days: Array<SeriesPoint<Metric>> }> = []
  for (const point of series) {
    let period = periods.at(-1)
    if (period === undefined || point.day > period.end) {
      const start = periodStart(point.day, grouping)
      period = { start, end: periodEnd(start, grouping), days: [] }
      periods.push(period)
    }
    period.days.push(point)
  }
  return periods.map(({ start, end, days }) => {
    const grouped: Record<string, unknown> = { day: start < range.from ? range.from : start, through: end > range.to ? range.to : end }
    for (const metric of metrics) {
      const how = metricAggregation[metric]
      const values = days.map((point) => point[metric])
      grouped[metric] = how !== 'median' ? aggregate(values, how) : grouping === 'day' ? (values[0] ?? null) : (medians.get(start) ?? null)
    }
    return grouped as GroupedPoint<Metric>
  })
}

/**
 * The median seconds to a first reply of each period of `range`, over every first reply of the threads
 * opened in it (one community's, or every community's when `slug` is null), by period start.
 *
 * @example await periodMedians(db, { slug: 'fop', range, grouping: 'month' }) // Map { '2025-03-01' => 5400, … }
 */
export async function periodMedians(
  db: Kysely<HubDatabase>,
  query: { slug: string | null; range: DayRange; grouping: Exclude<Grouping, 'day'> },
): Promise<Map<Day, number | null>> {
  const unit = query.grouping === 'week' ? sql.lit('week') : sql.lit('month')
  const community = query.slug === null ? sql`true` : sql`community_id = (select id from hub.communities where slug = ${query.slug})`
  const result = await sql<{ period: string; median: number | null }>`
    select date_trunc(${unit}, day)::date::text as period, round(percentile_cont(0.5) within group (order by seconds))::int as median
    from hub.community_daily_stats cross join lateral unnest(first_reply_seconds) as seconds
    where ${community} and day between ${query.range.from}::date and ${query.range.to}::date
    group by 1`.execute(db)
  return new Map(result.rows.map((row) => [row.period, row.median]))
}

async function regroup<Metric extends NetworkMetric | CommunityMetric>(
  db: Kysely<HubDatabase>,
  query: { slug: string | null; range: DayRange; metrics: readonly Metric[]; grouping: Grouping },
  daily: Array<SeriesPoint<Metric>>,
): Promise<Array<GroupedPoint<Metric>>> {
  if (query.grouping === 'day') return daily
  const medians = query.metrics.includes('medianFirstReplySeconds' as Metric)
    ? await periodMedians(db, { slug: query.slug, range: query.range, grouping: query.grouping })
    : undefined
  return groupSeries(daily, query.metrics, query.grouping, query.range, medians)
}

/**
 * `communitySeries` by day, week or month (`groupSeries`): what staff's charts and the API serve.
 *
 * @example await groupedCommunitySeries(db, { slug: 'fop', range, metrics: ['threads'], grouping: 'month' })
 */
export async function groupedCommunitySeries(
  db: Kysely<HubDatabase>,
  query: { slug: string; range: DayRange; metrics: readonly CommunityMetric[]; grouping: Grouping },
): Promise<CommunitySeries & { series: Array<GroupedPoint<CommunityMetric>> }> {
  const found = await communitySeries(db, query)
  return { ...found, series: await regroup(db, query, found.series) }
}

/**
 * `networkSeries` by day, week or month (`groupSeries`).
 *
 * @example await groupedNetworkSeries(db, { range, metrics: ['communities', 'threads'], grouping: 'week' })
 */
export async function groupedNetworkSeries(
  db: Kysely<HubDatabase>,
  query: { range: DayRange; metrics: readonly NetworkMetric[]; grouping: Grouping },
): Promise<NetworkSeries & { series: Array<GroupedPoint<NetworkMetric>> }> {
  const found = await networkSeries(db, query)
  return { ...found, series: await regroup(db, { ...query, slug: null }, found.series) }
}

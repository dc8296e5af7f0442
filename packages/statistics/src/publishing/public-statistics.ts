import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { addDays, type Day } from '../days.ts'
import { lastAggregationAt } from '../last-aggregation.ts'
import type { DayRange } from './date-range.ts'
import { describeSuppressionRule, suppressGroup, type PublishedCount } from './suppression.ts'

/** A community's (or the network's) figures of the latest complete day. */
export interface LatestDayFigures {
  members: PublishedCount
  /** Distinct members who posted, replied or reacted in the 30 days ending that day (opted-out members left out). */
  activeMembers30d: PublishedCount
  /** Threads opened that day. */
  threads: PublishedCount
}

/** A community's (or the network's) figures added up over the 365 days ending with the latest day. */
export interface TwelveMonthFigures {
  membersJoined: PublishedCount
  threads: PublishedCount
}

export interface PublicCommunityFigures {
  slug: string
  name: string
  /** Null while the community has no figures for the latest day (launched since the last run). */
  latestDay: LatestDayFigures | null
  /** Null while the community has no figures at all in the period. */
  last12Months: TwelveMonthFigures | null
}

/** What `GET /v1/stats` publishes: every count suppressed by the rule it states. */
export interface PublicStatistics {
  rule: string
  threshold: number
  lastAggregatedAt: Date | null
  /** The latest day with complete figures; null before the first aggregation. */
  latestDay: Day | null
  last12Months: DayRange | null
  network: { communities: number; latestDay: LatestDayFigures; last12Months: TwelveMonthFigures }
  /** Live communities by slug. */
  communities: PublicCommunityFigures[]
}

interface CommunityRow {
  slug: string
  name: string
  reference_day: string | null
  members_total: number | null
  active_members_30d: number | null
  threads_day: number | null
  year_days: number
  year_threads: number
  year_members_joined: number
}

// Days a "12 months" period covers, ending with the latest day.
const yearDays = 365

/**
 * One row per live community: its figures on the reference day (the latest day any live community has
 * complete, i.e. up to its `stats_progress.complete_through`) and its sums over the 365 days ending then.
 * One statement; the 12-month sums read each community's range of the primary key.
 */
async function liveCommunityRows(db: Kysely<HubDatabase>): Promise<CommunityRow[]> {
  const result = await sql<CommunityRow>`
    with live as (
      select c.id, c.slug, c.name, p.complete_through
      from hub.communities as c left join hub.stats_progress as p on p.community_id = c.id
      where c.status = 'live'
    ),
    reference as (select max(complete_through) as day from live)
    select live.slug, live.name, reference.day::text as reference_day,
           latest.members_total, latest.active_members_30d, latest.threads as threads_day,
           year.days as year_days, year.threads as year_threads, year.members_joined as year_members_joined
    from live
    cross join reference
    left join hub.community_daily_stats as latest
      on latest.community_id = live.id and latest.day = reference.day and latest.day <= live.complete_through
    cross join lateral (
      select count(*)::int as days, coalesce(sum(s.threads), 0)::int as threads, coalesce(sum(s.members_joined), 0)::int as members_joined
      from hub.community_daily_stats as s
      where s.community_id = live.id and s.day > reference.day - ${yearDays}::int and s.day <= least(reference.day, live.complete_through)
    ) as year
    order by live.slug`.execute(db)
  return result.rows
}

// Suppresses one figure across the communities that have it, and gives back each community's cell and the total.
function figure<Row>(rows: readonly Row[], value: (row: Row) => number, threshold: number): { cells: Map<Row, PublishedCount>; total: PublishedCount } {
  const group = suppressGroup(rows.map(value), threshold)
  return { cells: new Map(rows.map((row, index) => [row, group.cells[index] ?? { suppressed: true }])), total: group.total }
}

/**
 * The public network statistics from the roll-ups (never from tenants): network totals and, per live
 * community, its members, active members and threads on the latest complete day and over the last 12 months,
 * every count suppressed by `suppressGroup` within its figure. Network totals are the sums of the live
 * communities listed (not `network_daily_stats`, which also counts archived communities), so each total's
 * group is exactly the cells published beside it.
 *
 * @example await publicStatistics(db, { threshold: 10 })
 * // { rule: 'Counts from 1 to 10 are suppressed …', threshold: 10, latestDay: '2025-03-01', network: { … }, communities: [ … ] }
 */
export async function publicStatistics(db: Kysely<HubDatabase>, options: { threshold: number }): Promise<PublicStatistics> {
  const { threshold } = options
  const [rows, lastAggregatedAt] = await Promise.all([liveCommunityRows(db), lastAggregationAt(db)])
  const latestDay = rows[0]?.reference_day ?? null
  const withDay = rows.filter((row) => row.members_total !== null)
  const withYear = rows.filter((row) => row.year_days > 0)
  const members = figure(withDay, (row) => row.members_total ?? 0, threshold)
  const active = figure(withDay, (row) => row.active_members_30d ?? 0, threshold)
  const threadsOfDay = figure(withDay, (row) => row.threads_day ?? 0, threshold)
  const joined = figure(withYear, (row) => row.year_members_joined, threshold)
  const threadsOfYear = figure(withYear, (row) => row.year_threads, threshold)
  const cell = (map: Map<CommunityRow, PublishedCount>, row: CommunityRow): PublishedCount => map.get(row) ?? { suppressed: true }
  return {
    rule: describeSuppressionRule(threshold),
    threshold,
    lastAggregatedAt,
    latestDay,
    last12Months: latestDay === null ? null : { from: addDays(latestDay, 1 - yearDays), to: latestDay },
    network: {
      communities: rows.length,
      latestDay: { members: members.total, activeMembers30d: active.total, threads: threadsOfDay.total },
      last12Months: { membersJoined: joined.total, threads: threadsOfYear.total },
    },
    communities: rows.map((row) => ({
      slug: row.slug,
      name: row.name,
      latestDay: row.members_total === null ? null : { members: cell(members.cells, row), activeMembers30d: cell(active.cells, row), threads: cell(threadsOfDay.cells, row) },
      last12Months: row.year_days === 0 ? null : { membersJoined: cell(joined.cells, row), threads: cell(threadsOfYear.cells, row) },
    })),
  }
}

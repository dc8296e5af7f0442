import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { addDays, type Day } from '../days.ts'
import { yearDays } from '../publication.ts'
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
  /** When the day was published (by the network roll-up that found every community done with it). */
  lastAggregatedAt: Date | null
  /** The latest published day; null before the first publication. */
  latestDay: Day | null
  last12Months: DayRange | null
  network: { communities: number; latestDay: LatestDayFigures; last12Months: TwelveMonthFigures }
  /** The communities of the published day (those live when it was published), by slug. */
  communities: PublicCommunityFigures[]
}

interface PublishedRow {
  published_day: string
  published_at: Date
  slug: string | null
  name: string | null
  members_total: number | null
  active_members_30d: number | null
  threads_day: number | null
  year_days: number
  year_threads: number
  year_members_joined: number
}

type CommunityRow = PublishedRow & { slug: string; name: string }

/**
 * One row per community of the latest published day (`publishStatistics`), as it was published: its figures
 * on that day and its sums over the 365 days ending then. A publication without communities gives one row
 * with a null slug; none at all, no row.
 */
async function publishedRows(db: Kysely<HubDatabase>): Promise<PublishedRow[]> {
  const result = await sql<PublishedRow>`
    select publication.day::text as published_day, publication.published_at, figures.slug, figures.name,
           figures.members_total, figures.active_members_30d, figures.threads as threads_day,
           figures.year_days, figures.year_threads, figures.year_members_joined
    from (select day, published_at from hub.stats_publications order by day desc limit 1) as publication
    left join hub.stats_publication_figures as figures on figures.day = publication.day
    order by figures.slug`.execute(db)
  return result.rows
}

// Suppresses one figure across the communities that have it, and gives back each community's cell and the total.
function figure<Row>(
  rows: readonly Row[],
  value: (row: Row) => number,
  threshold: number,
): { cells: Map<Row, PublishedCount>; total: PublishedCount } {
  const group = suppressGroup(rows.map(value), threshold)
  return { cells: new Map(rows.map((row, index) => [row, group.cells[index] ?? { suppressed: true }])), total: group.total }
}

/**
 * The public network statistics of the latest published day (never from tenants, never from roll-ups that
 * may still change): network totals and, per community of that day, its members, active members and threads
 * on the day and over the 12 months ending with it, every count suppressed by `suppressGroup` within its
 * figure. Network totals are the sums of the communities listed (not `network_daily_stats`, which also
 * counts archived communities), so each total's group is exactly the cells published beside it. A published
 * day never changes, so neither does this answer until the next day is published.
 *
 * @example await publicStatistics(db, { threshold: 10 })
 * // { rule: 'Counts from 1 to 10 are suppressed …', threshold: 10, latestDay: '2025-03-01', network: { … }, communities: [ … ] }
 */
export async function publicStatistics(db: Kysely<HubDatabase>, options: { threshold: number }): Promise<PublicStatistics> {
  const { threshold } = options
  const published = await publishedRows(db)
  const latestDay = published[0]?.published_day ?? null
  const lastAggregatedAt = published[0]?.published_at ?? null
  const rows = published.filter((row): row is CommunityRow => row.slug !== null && row.name !== null)
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
      latestDay:
        row.members_total === null
          ? null
          : { members: cell(members.cells, row), activeMembers30d: cell(active.cells, row), threads: cell(threadsOfDay.cells, row) },
      last12Months: row.year_days === 0 ? null : { membersJoined: cell(joined.cells, row), threads: cell(threadsOfYear.cells, row) },
    })),
  }
}

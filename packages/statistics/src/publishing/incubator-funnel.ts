import { sql, type Kysely } from 'kysely'
import type { HubDatabase, ProposalStatus } from '@kindred/db'
import { proposalTransitions } from '@kindred/incubator'
import type { Day } from '../days.ts'
import type { DayRange } from './date-range.ts'

/** The incubator at the end of one day: proposals in each status, and how launches went so far. */
export interface IncubatorDay {
  day: Day
  /** Every status, 0 when none. */
  proposalsByStatus: Record<ProposalStatus, number>
  /** Median days from proposal to launch of the communities launched up to this day; null before the first. */
  medianDaysToLaunch: number | null
  /** Median supporters per open proposal; null when none is open. */
  medianSupportersPerProposal: number | null
}

/** The funnel for staff: the latest day aggregated, and each day of the range asked for. */
export interface IncubatorFunnel {
  latest: IncubatorDay | null
  series: IncubatorDay[]
}

/** Every proposal status, in lifecycle order. */
export const proposalStatuses = Object.keys(proposalTransitions) as ProposalStatus[]

interface IncubatorRow {
  day: string
  proposals_by_status: Partial<Record<ProposalStatus, number>>
  median_days_to_launch: string | null
  median_supporters_per_proposal: string | null
}

function toDay(row: IncubatorRow): IncubatorDay {
  const byStatus = Object.fromEntries(proposalStatuses.map((status) => [status, row.proposals_by_status[status] ?? 0])) as Record<
    ProposalStatus,
    number
  >
  return {
    day: row.day,
    proposalsByStatus: byStatus,
    // numeric arrives as text (pg keeps its precision); medians of days and supporters fit a double.
    medianDaysToLaunch: row.median_days_to_launch === null ? null : Number(row.median_days_to_launch),
    medianSupportersPerProposal: row.median_supporters_per_proposal === null ? null : Number(row.median_supporters_per_proposal),
  }
}

function incubatorRows(db: Kysely<HubDatabase>) {
  return db
    .selectFrom('hub.incubator_daily_stats')
    .select([sql<string>`day::text`.as('day'), 'proposals_by_status', 'median_days_to_launch', 'median_supporters_per_proposal'])
}

/**
 * The incubator funnel from the daily roll-ups: the latest day (whatever the range) and every day of
 * `range` that was aggregated, oldest first.
 *
 * @example await incubatorFunnel(db, { from: '2025-01-01', to: '2025-03-31' })
 * // { latest: { day: '2025-03-30', proposalsByStatus: { open: 12, …, live: 40 }, medianDaysToLaunch: 41, … }, series: [...] }
 */
export async function incubatorFunnel(db: Kysely<HubDatabase>, range: DayRange): Promise<IncubatorFunnel> {
  const [latest, series] = await Promise.all([
    incubatorRows(db).orderBy('hub.incubator_daily_stats.day', 'desc').limit(1).executeTakeFirst(),
    incubatorRows(db)
      .where(sql<boolean>`day between ${range.from}::date and ${range.to}::date`)
      .orderBy('hub.incubator_daily_stats.day')
      .execute(),
  ])
  return { latest: latest === undefined ? null : toDay(latest), series: series.map(toDay) }
}

import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import type { DayRange } from './date-range.ts'

/** The incubator's way to a community, in order. */
export type FunnelStage = 'proposed' | 'ready' | 'approved' | 'live'

/** Every stage, in the order a proposal passes them. */
export const funnelStages: readonly FunnelStage[] = ['proposed', 'ready', 'approved', 'live']

/** One stage of the funnel: how many proposals reached it, and how long they took from the stage before. */
export interface StageFigures {
  stage: FunnelStage
  /** Proposals of the range that reached the stage (at any time since, even if they moved on or back). */
  proposals: number
  /** Median days from reaching the stage before to reaching this one; null for `proposed` and when none did. */
  medianDays: number | null
}

interface StageRow {
  proposed: number
  ready: number
  approved: number
  live: number
  ready_days: string | null
  approved_days: string | null
  live_days: string | null
}

const days = (value: string | null): number | null => (value === null ? null : Number(value))

/**
 * The funnel of the proposals made in `range`: how many reached ready (enough support), approved (by staff)
 * and live (their community open), and the median days each stage took from the one before. Each stage
 * counts from the first time a proposal reached it (a proposal sent back for changes keeps its first
 * `ready`); a community's launch is its `live_at`. Read from the hub's proposals and their history, which
 * stay small (one row per proposal and move), not from a roll-up.
 *
 * @example await incubatorStages(db, { from: '2025-01-01', to: '2025-12-31' })
 * // [{ stage: 'proposed', proposals: 40, medianDays: null }, { stage: 'ready', proposals: 22, medianDays: 12.5 }, …]
 */
export async function incubatorStages(db: Kysely<HubDatabase>, range: DayRange): Promise<StageFigures[]> {
  const result = await sql<StageRow>`
    with made as (
      select proposal.created_at,
        (select min(event.created_at) from hub.proposal_events as event where event.proposal_id = proposal.id and event.to_status = 'ready') as ready_at,
        (select min(event.created_at) from hub.proposal_events as event where event.proposal_id = proposal.id and event.to_status = 'approved') as approved_at,
        community.live_at
      from hub.proposals as proposal
      left join hub.communities as community on community.proposal_id = proposal.id
      where proposal.created_at >= ${range.from}::date at time zone 'UTC' and proposal.created_at < (${range.to}::date + 1) at time zone 'UTC'
    ),
    took as (
      select ready_at, approved_at, live_at,
        extract(epoch from ready_at - created_at) / 86400 as ready_days,
        extract(epoch from approved_at - coalesce(ready_at, created_at)) / 86400 as approved_days,
        extract(epoch from live_at - approved_at) / 86400 as live_days
      from made
    )
    select count(*)::int as proposed, count(ready_at)::int as ready, count(approved_at)::int as approved, count(live_at)::int as live,
      round(percentile_cont(0.5) within group (order by ready_days)::numeric, 1)::text as ready_days,
      round(percentile_cont(0.5) within group (order by approved_days)::numeric, 1)::text as approved_days,
      round(percentile_cont(0.5) within group (order by live_days)::numeric, 1)::text as live_days
    from took`.execute(db)
  const row = result.rows[0]
  if (row === undefined) throw new Error('an aggregate without group by always answers one row')
  return [
    { stage: 'proposed', proposals: row.proposed, medianDays: null },
    { stage: 'ready', proposals: row.ready, medianDays: days(row.ready_days) },
    { stage: 'approved', proposals: row.approved, medianDays: days(row.approved_days) },
    { stage: 'live', proposals: row.live, medianDays: days(row.live_days) },
  ]
}

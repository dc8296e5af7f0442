import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'

/** A statistics run staff asked for: what to follow. */
export interface StatisticsRun {
  id: string
  requestedAt: Date
}

/** How far a run has gone: the live communities aggregated since it was asked for, then the network. */
export interface StatisticsRunProgress extends StatisticsRun {
  /** Live communities now: each is aggregated by the run. */
  communities: number
  /** Of those, the ones aggregated since the run was asked for (by it, or by a run that started after it). */
  communitiesDone: number
  /** Whether the network was rolled up after the last of those communities. */
  networkDone: boolean
  /** Every community done and the network after them (a network without live communities has nothing to do). */
  done: boolean
}

interface ProgressRow {
  id: string
  requested_at: Date
  communities: number
  communities_done: number
  network_done: boolean
}

/**
 * Records that staff asked for a run (`hub.stats_runs`), to follow with `statisticsRunProgress`. Queuing
 * the jobs is the caller's (`requestStatisticsRun` does both).
 *
 * @example await recordStatisticsRun(db, { requestedBy: staffId }) // { id: '7', requestedAt: 2025-03-03T10:00:00.000Z }
 */
export async function recordStatisticsRun(db: Kysely<HubDatabase>, options: { requestedBy?: string | null } = {}): Promise<StatisticsRun> {
  const row = await db
    .insertInto('hub.stats_runs')
    .values({ requested_by: options.requestedBy ?? null })
    .returning(['id', 'requested_at'])
    .executeTakeFirstOrThrow()
  return { id: row.id, requestedAt: row.requested_at }
}

/**
 * A run's progress, read from the roll-ups it moves (nothing is written as it goes): live communities whose
 * progress mark was set at or after the request, and a network roll-up written after the last of them.
 * Undefined for an unknown run.
 *
 * @example await statisticsRunProgress(db, '7') // { id: '7', communities: 1000, communitiesDone: 412, networkDone: false, done: false, … }
 */
export async function statisticsRunProgress(db: Kysely<HubDatabase>, id: string): Promise<StatisticsRunProgress | undefined> {
  const result = await sql<ProgressRow>`
    with run as (select id, requested_at from hub.stats_runs where id = ${id}::bigint),
    live as (
      select progress.last_run_at from hub.communities as community
      left join hub.stats_progress as progress on progress.community_id = community.id
      where community.status = 'live'
    )
    select run.id::text as id, run.requested_at,
      (select count(*) from live)::int as communities,
      (select count(*) from live where live.last_run_at >= run.requested_at)::int as communities_done,
      coalesce((select max(computed_at) from hub.network_daily_stats) >= (select max(live.last_run_at) from live where live.last_run_at >= run.requested_at), false) as network_done
    from run`.execute(db)
  const row = result.rows[0]
  if (row === undefined) return undefined
  const allDone = row.communities_done === row.communities
  return {
    id: row.id,
    requestedAt: row.requested_at,
    communities: row.communities,
    communitiesDone: row.communities_done,
    networkDone: row.network_done,
    done: allDone && (row.communities === 0 || row.network_done),
  }
}

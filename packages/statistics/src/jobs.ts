import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { isDay, type Day } from './days.ts'

/** The graphile-worker tasks of the statistics, named `<subject>__<action>`. */
export const statisticsTasks = {
  /** Hourly by cron (and on staff request): queues one `stats__community` per live community. */
  aggregate: 'stats__aggregate',
  /** One community's days since its last complete day. */
  community: 'stats__community',
  /** The network's and the incubator's days, after the communities' (debounced). */
  network: 'stats__network',
} as const

/** The payload of a `stats__community` job. */
export interface CommunityJobPayload {
  communityId: string
}

/**
 * The payload of a `stats__network` job: one entry per community run that asked for it. graphile-worker
 * concatenates array payloads when a job with the same key is replaced, so no asked-for day is lost.
 */
export type NetworkJobPayload = Array<{ from: Day }>

/**
 * The job key and the queue of a community's aggregation. The key keeps one waiting job per community;
 * the queue makes a job wait while another for the same community runs (a key alone would not: a running
 * job's key is taken away and a second job created).
 *
 * @example communityJobKey('42') // 'stats:42'
 */
export function communityJobKey(communityId: string): string {
  return `stats:${communityId}`
}

const aggregateJobKey = 'stats:aggregate'
const networkJobKey = 'stats:network'
// A community job failing three times in a row waits for the next hourly run, which queues it afresh.
const maxAttempts = 3
// Community runs finishing within this many seconds of each other share one network roll-up.
const networkDebounceSeconds = 5

/**
 * Queues a full statistics run now: the same fan-out as the hourly schedule. Idempotent while the run has
 * not started (one job key). Works on a transaction too, so the run is queued only if the caller commits.
 *
 * @example await requestStatisticsRun(db) // POST /v1/admin/stats/refresh answers 202 after this
 */
export async function requestStatisticsRun(db: Kysely<HubDatabase>): Promise<void> {
  await sql`select graphile_worker.add_job(${statisticsTasks.aggregate}, '{}'::json, job_key => ${aggregateJobKey}, max_attempts => ${maxAttempts}::int)`.execute(db)
}

/**
 * Queues one `stats__community` job per live community, keyed and queued per community, in one statement.
 * Returns how many were queued.
 *
 * @example const queued = await enqueueCommunityRuns(db) // 1000
 */
export async function enqueueCommunityRuns(db: Kysely<HubDatabase>): Promise<number> {
  const result = await sql<{ queued: number }>`
    select count(*)::int as queued from graphile_worker.add_jobs((
      select array_agg(row(
        ${statisticsTasks.community}::text, json_build_object('communityId', id::text), 'stats:' || id, null::timestamptz,
        ${maxAttempts}::smallint, 'stats:' || id, null::smallint, null::text[]
      )::graphile_worker.job_spec order by id)
      from hub.communities where status = 'live'
    ))`.execute(db)
  return result.rows[0]?.queued ?? 0
}

/**
 * Asks for the network's days from `from` to be computed again, a few seconds from now: a run that asks
 * again before then postpones it and adds its own day. Called in the community run's transaction, so the
 * job sees that run's rows.
 */
export async function enqueueNetworkRun(db: Kysely<HubDatabase>, from: Day): Promise<void> {
  const payload: NetworkJobPayload = [{ from }]
  await sql`select graphile_worker.add_job(${statisticsTasks.network}, ${JSON.stringify(payload)}::json,
    queue_name => ${networkJobKey}, run_at => now() + make_interval(secs => ${networkDebounceSeconds}),
    job_key => ${networkJobKey}, max_attempts => ${maxAttempts}::int)`.execute(db)
}

/** The community of a `stats__community` payload. @throws Error when the payload is not one. */
export function parseCommunityJobPayload(payload: unknown): CommunityJobPayload {
  const communityId = (payload as { communityId?: unknown } | null)?.communityId
  if (typeof communityId !== 'string' || !/^[1-9][0-9]{0,18}$/.test(communityId)) throw new Error(`${statisticsTasks.community} needs {communityId: id}`)
  return { communityId }
}

/** The earliest day a `stats__network` payload asks for. @throws Error when the payload is not one. */
export function parseNetworkJobPayload(payload: unknown): Day {
  const days = Array.isArray(payload) ? payload.map((entry) => (entry as { from?: unknown } | null)?.from) : []
  if (days.length === 0 || !days.every(isDay)) throw new Error(`${statisticsTasks.network} needs [{from: YYYY-MM-DD}, …]`)
  return days.reduce((earliest, day) => (day < earliest ? day : earliest))
}

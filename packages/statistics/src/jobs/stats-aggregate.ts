import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { cronPayload, defineJob } from '@kindred/job-definition'
import type { StatisticsDependencies } from '../dependencies.ts'
import { recordStatisticsRun, type StatisticsRun } from '../runs.ts'
import { statsCommunityJob } from './stats-community.ts'

/**
 * `stats__aggregate`: queues one `stats__community` job per live community, which queue the network roll-up.
 * Run by cron (`KINDRED_STATS_SCHEDULE`, hourly by default) and on staff request (`requestStatisticsRun`);
 * one waiting run at a time (the key).
 */
export const statsAggregateJob = defineJob({
  name: 'stats__aggregate',
  payload: cronPayload,
  key: () => 'stats:aggregate',
  maxAttempts: 3,
  schedule: '0 * * * *',
  run: async (deps: StatisticsDependencies) => {
    const live = await deps.db.selectFrom('hub.communities').select('id').where('status', '=', 'live').orderBy('id').execute()
    const queued = await statsCommunityJob.enqueueAll(
      deps.db,
      live.map((community) => ({ communityId: community.id })),
    )
    deps.logger.info({ communities: queued }, 'statistics run queued')
  },
})

/**
 * Queues a full statistics run now: the same fan-out as the schedule, and records the request so its
 * progress can be followed (`statisticsRunProgress`). The fan-out is idempotent while the run has not
 * started (one job key): two requests then follow the same run. Works on a transaction too, so the run is
 * queued only if the caller commits.
 *
 * @example const run = await requestStatisticsRun(db, { requestedBy: staffId }) // POST /v1/admin/stats/refresh answers 202 with it
 */
export async function requestStatisticsRun(db: Kysely<HubDatabase>, options: { requestedBy?: string | null } = {}): Promise<StatisticsRun> {
  const run = await recordStatisticsRun(db, options)
  await statsAggregateJob.enqueue(db, {})
  return run
}

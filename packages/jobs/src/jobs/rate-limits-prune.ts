import type { Kysely } from 'kysely'
import { pruneRateLimits, type HubDatabase } from '@kindred/db'
import { cronPayload, defineJob, type JobDependencies } from '@kindred/job-definition'

/**
 * `rate_limits__prune`: deletes the rate-limit counters whose window has ended, hourly by cron. A counter
 * is only ever read within its window, so this changes no limit; without it `hub.rate_limits` keeps a row
 * for every address and account that ever called, for good. Safe on several workers at once.
 *
 * It lives here rather than beside the counters because @kindred/db sits below @kindred/job-definition.
 */
export const rateLimitsPruneJob = defineJob({
  name: 'rate_limits__prune',
  payload: cronPayload,
  maxAttempts: 3,
  schedule: '30 * * * *',
  run: async (deps: JobDependencies & { db: Kysely<HubDatabase> }) => {
    const pruned = await pruneRateLimits(deps.db)
    if (pruned > 0) deps.logger.info({ pruned }, 'ended rate-limit windows pruned')
  },
})

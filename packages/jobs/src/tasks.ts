import { parseCronItems, type ParsedCronItem, type TaskList } from 'graphile-worker'
import {
  accountLinksPruneJob,
  emailChangeNoticeMailJob,
  emailTakenMailJob,
  emailVerificationMailJob,
  passwordResetMailJob,
  webSessionsPruneJob,
} from '@kindred/identity'
import { proposalFounderMailJob, proposalLiveMailJob, proposalsExpireJob } from '@kindred/incubator'
import type { RunnableJob } from '@kindred/job-definition'
import { ownershipHandOverJob } from '@kindred/moderation'
import {
  dailyDigestPlanJob,
  digestMailJob,
  joinDecisionMailJob,
  messageMailJob,
  moderationMailJob,
  notificationMailJob,
  notificationsFanOutJob,
  weeklyDigestPlanJob,
} from '@kindred/notifications'
import { accountEraseJob } from '@kindred/personal-data'
import { statsAggregateJob, statsCommunityJob, statsNetworkJob } from '@kindred/statistics'
import { charterDistributeJob, communityMoveJob, communityProvisionJob } from '@kindred/tenancy'
import type { TaskDependencies } from './dependencies.ts'
import { rateLimitsPruneJob } from './jobs/rate-limits-prune.ts'

/**
 * Every background job Kindred runs. Each is one module in the package that does its work (defined with
 * `defineJob`, @kindred/job-definition), or in `./jobs/` for the hub's housekeeping of @kindred/db, which
 * sits below @kindred/job-definition; a job added there is listed here, and nowhere else.
 */
export const kindredJobs: readonly RunnableJob<TaskDependencies>[] = [
  communityProvisionJob,
  communityMoveJob,
  charterDistributeJob,
  proposalsExpireJob,
  accountEraseJob,
  ownershipHandOverJob,
  notificationsFanOutJob,
  notificationMailJob,
  messageMailJob,
  joinDecisionMailJob,
  moderationMailJob,
  dailyDigestPlanJob,
  weeklyDigestPlanJob,
  digestMailJob,
  statsAggregateJob,
  statsCommunityJob,
  statsNetworkJob,
  rateLimitsPruneJob,
  webSessionsPruneJob,
  accountLinksPruneJob,
  passwordResetMailJob,
  emailVerificationMailJob,
  emailTakenMailJob,
  emailChangeNoticeMailJob,
  proposalFounderMailJob,
  proposalLiveMailJob,
]

/**
 * Every background task, named `<subject>__<action>`, bound to what the jobs need: each checks its payload
 * when it starts (a payload its schema refuses fails the job for good) and then runs its handler.
 *
 * @example const worker = await startWorker({ pool, logger, concurrency: 4, tasks: kindredTasks(deps), cronItems: kindredCronItems() })
 */
export function kindredTasks(deps: TaskDependencies): TaskList {
  const tasks: TaskList = {}
  for (const job of kindredJobs) {
    if (job.name in tasks) throw new Error(`Two jobs are named ${job.name}`)
    tasks[job.name] = job.task(deps)
  }
  return tasks
}

/**
 * The recurring jobs, on the schedule each job declares (`proposals__expire`, `rate_limits__prune`, `web_sessions__prune` and `account_links__prune` hourly; `stats__aggregate` on
 * `statisticsSchedule`, `config.statistics.schedule`, hourly unless given; `digests__plan_daily` at 07:00 UTC and
 * `digests__plan_weekly` on Mondays at 07:00 UTC), with the job's attempts.
 * graphile-worker schedules each one once per match across all workers (its `known_crontabs` table), so
 * running several workers does not multiply them. A run missed while no worker was up is skipped (a
 * statistics run catches up on every day since the last complete one anyway), unless the job asks to catch
 * up (`catchUpHours`: the digests, whose day would otherwise go untold).
 *
 * @example kindredCronItems({ statisticsSchedule: config.statistics.schedule })
 */
export function kindredCronItems(options: { statisticsSchedule?: string } = {}): ParsedCronItem[] {
  const configured: Record<string, string | undefined> = { [statsAggregateJob.name]: options.statisticsSchedule }
  return parseCronItems(
    kindredJobs.flatMap((job) => {
      const match = configured[job.name] ?? job.schedule
      if (match === undefined) return []
      return [
        {
          task: job.name,
          identifier: job.name,
          match,
          options: { backfillPeriod: job.catchUpHours * 3_600_000, maxAttempts: job.maxAttempts },
        },
      ]
    }),
  )
}

import { parseCronItems, type ParsedCronItem, type TaskList } from 'graphile-worker'
import { accountEraseTask } from './tasks/account-erase.ts'
import { charterDistributeTask } from './tasks/charter-distribute.ts'
import { communityProvisionTask } from './tasks/community-provision.ts'
import { ownershipHandOverTask } from './tasks/ownership-hand-over.ts'
import type { TaskDependencies } from './tasks/dependencies.ts'
import { proposalsExpireTask } from './tasks/proposals-expire.ts'
import { statsAggregateTask } from './tasks/stats-aggregate.ts'
import { statsCommunityTask } from './tasks/stats-community.ts'
import { statsNetworkTask } from './tasks/stats-network.ts'

/**
 * Every background task Kindred runs, named `<subject>__<action>`, bound to what they need. Payload types
 * are declared on `GraphileWorker.Tasks` next to each task, so `addJob` calls are checked.
 *
 * @example const worker = await startWorker({ pool, logger, concurrency: 4, tasks: kindredTasks(deps), cronItems: kindredCronItems() })
 */
export function kindredTasks(deps: TaskDependencies): TaskList {
  return {
    community__provision: communityProvisionTask(deps),
    proposals__expire: proposalsExpireTask(deps),
    account__erase: accountEraseTask(deps),
    ownership__hand_over: ownershipHandOverTask(deps),
    charter__distribute: charterDistributeTask(deps),
    stats__aggregate: statsAggregateTask(deps),
    stats__community: statsCommunityTask(deps),
    stats__network: statsNetworkTask(deps),
  }
}

/**
 * The recurring jobs: proposals expire hourly, statistics are aggregated on `statisticsSchedule` (hourly
 * unless given; `config.statistics.schedule`). graphile-worker schedules each one once per match across all
 * workers (its `known_crontabs` table), so running several workers does not multiply them. No backfill: a
 * worker that was down for a while runs each once when it returns, not once per missed hour (a statistics
 * run catches up on every day since the last complete one anyway).
 *
 * @example kindredCronItems({ statisticsSchedule: config.statistics.schedule })
 */
export function kindredCronItems(options: { statisticsSchedule?: string } = {}): ParsedCronItem[] {
  return parseCronItems([
    { task: 'proposals__expire', match: '0 * * * *', identifier: 'proposals__expire', options: { backfillPeriod: 0 } },
    { task: 'stats__aggregate', match: options.statisticsSchedule ?? '0 * * * *', identifier: 'stats__aggregate', options: { backfillPeriod: 0 } },
  ])
}

import { parseCronItems, type ParsedCronItem, type TaskList } from 'graphile-worker'
import { accountEraseTask } from './tasks/account-erase.ts'
import { charterDistributeTask } from './tasks/charter-distribute.ts'
import { communityProvisionTask } from './tasks/community-provision.ts'
import type { TaskDependencies } from './tasks/dependencies.ts'
import { proposalsExpireTask } from './tasks/proposals-expire.ts'

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
    charter__distribute: charterDistributeTask(deps),
  }
}

/**
 * The recurring jobs. graphile-worker schedules each one once per match across all workers (its
 * `known_crontabs` table), so running several workers does not multiply them. No backfill: a worker
 * that was down for a while expires proposals once when it returns, not once per missed hour.
 */
export function kindredCronItems(): ParsedCronItem[] {
  return parseCronItems([{ task: 'proposals__expire', match: '0 * * * *', identifier: 'proposals__expire', options: { backfillPeriod: 0 } }])
}

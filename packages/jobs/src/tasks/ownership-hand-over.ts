import type { Task } from 'graphile-worker'
import { handOverOwnership } from '@kindred/moderation'
import type { TaskDependencies } from './dependencies.ts'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- graphile-worker types job payloads through this global namespace
  namespace GraphileWorker {
    interface Tasks {
      /** Queued with a network ban (see banAccount in @kindred/identity). */
      ownership__hand_over: { accountId: string }
    }
  }
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * `ownership__hand_over`: the communities a banned account owned pass to their longest-serving moderator,
 * or are flagged for staff; idempotent, so a retry after any crash finishes the work. A ban lifted before
 * the job runs changes nothing.
 */
export function ownershipHandOverTask(deps: TaskDependencies): Task<'ownership__hand_over'> {
  return async (payload) => {
    const accountId = (payload as { accountId?: unknown } | null)?.accountId
    if (typeof accountId !== 'string' || !uuid.test(accountId)) throw new Error('ownership__hand_over needs {accountId: uuid}')
    await handOverOwnership({ hub: deps.db, placements: deps.placements }, accountId)
    deps.logger.info({ task: 'ownership__hand_over' }, 'ownership handed over')
  }
}

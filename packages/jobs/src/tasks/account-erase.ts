import type { Task } from 'graphile-worker'
import { eraseAccount } from '@kindred/personal-data'
import type { TaskDependencies } from './dependencies.ts'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- graphile-worker types job payloads through this global namespace
  namespace GraphileWorker {
    interface Tasks {
      /** Queued with the account's erasure request (see requestErasure in @kindred/personal-data). */
      account__erase: { accountId: string }
    }
  }
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** `account__erase`: erases an account everywhere; idempotent, so a retry after any crash finishes the work. */
export function accountEraseTask(deps: TaskDependencies): Task<'account__erase'> {
  return async (payload) => {
    const accountId = (payload as { accountId?: unknown } | null)?.accountId
    if (typeof accountId !== 'string' || !uuid.test(accountId)) throw new Error('account__erase needs {accountId: uuid}')
    await eraseAccount({ hub: deps.db, placements: deps.placements }, accountId)
    deps.logger.info({ task: 'account__erase' }, 'account erased')
  }
}

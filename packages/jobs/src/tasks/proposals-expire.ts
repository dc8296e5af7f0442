import type { Task } from 'graphile-worker'
import { expireOverdueProposals } from '@kindred/incubator'
import type { TaskDependencies } from './dependencies.ts'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- graphile-worker types job payloads through this global namespace
  namespace GraphileWorker {
    interface Tasks {
      /** Run hourly by cron; graphile-worker adds `_cron` to the payload. */
      proposals__expire: Record<string, unknown>
    }
  }
}

/** `proposals__expire`: expires the proposals whose support window closed (safe to run on several workers). */
export function proposalsExpireTask(deps: TaskDependencies): Task<'proposals__expire'> {
  return async () => {
    const expired = await expireOverdueProposals(deps.db)
    if (expired.length > 0) deps.logger.info({ expired: expired.length }, 'overdue proposals expired')
  }
}

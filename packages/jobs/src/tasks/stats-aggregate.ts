import type { Task } from 'graphile-worker'
import { enqueueCommunityRuns } from '@kindred/statistics'
import type { TaskDependencies } from './dependencies.ts'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- graphile-worker types job payloads through this global namespace
  namespace GraphileWorker {
    interface Tasks {
      /** Run by cron (graphile-worker adds `_cron`) and by requestStatisticsRun (@kindred/statistics). */
      stats__aggregate: Record<string, unknown>
    }
  }
}

/** `stats__aggregate`: queues one `stats__community` job per live community (they queue the network roll-up). */
export function statsAggregateTask(deps: TaskDependencies): Task<'stats__aggregate'> {
  return async () => {
    const queued = await enqueueCommunityRuns(deps.db)
    deps.logger.info({ communities: queued }, 'statistics run queued')
  }
}

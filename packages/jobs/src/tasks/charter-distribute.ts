import type { Task } from 'graphile-worker'
import { distributeCharter } from '@kindred/tenancy'
import type { TaskDependencies } from './dependencies.ts'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- graphile-worker types job payloads through this global namespace
  namespace GraphileWorker {
    interface Tasks {
      /** Queued with each charter version published (see publishCharter in @kindred/charter). */
      charter__distribute: { version: number }
    }
  }
}

/** `charter__distribute`: copies a published charter version into every community; idempotent. */
export function charterDistributeTask(deps: TaskDependencies): Task<'charter__distribute'> {
  return async (payload) => {
    const version = (payload as { version?: unknown } | null)?.version
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw new Error('charter__distribute needs {version: integer ≥ 1}')
    const reached = await distributeCharter({ db: deps.db, placements: deps.placements }, version)
    deps.logger.info({ version, communities: reached }, 'charter copied into every community')
  }
}

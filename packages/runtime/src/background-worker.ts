import { kindredTasks, startWorker } from '@kindred/jobs'
import type { Database } from '@kindred/db'
import type { ProcessContext } from './run-process.ts'

/**
 * A graphile-worker's pool needs a connection for LISTEN and one per concurrent job, and is kept apart from
 * the API's pool so that a burst of jobs can never starve HTTP requests of connections (or the reverse).
 */
export const workerPoolSize = (concurrency: number): number => concurrency + 2

/** Runs Kindred's background tasks on `database` until shutdown, when running jobs are allowed to finish. */
export async function startBackgroundWorker(context: ProcessContext, database: Database): Promise<void> {
  const worker = await startWorker({
    pool: database.pool,
    logger: context.logger,
    concurrency: context.config.worker.concurrency,
    tasks: kindredTasks,
  })
  context.onShutdown(() => worker.stop())
}

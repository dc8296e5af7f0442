import { kindredCronItems, kindredTasks, startWorker } from '@kindred/jobs'
import type { Database } from '@kindred/db'
import type { Placements } from '@kindred/community'
import { createMailer } from '@kindred/mail'
import { unsubscribeKeyPurpose } from '@kindred/notifications'
import { deriveKey } from '@kindred/tokens'
import type { ProcessContext } from './run-process.ts'

/**
 * A graphile-worker's pool needs a connection for LISTEN and one per concurrent job, and is kept apart from
 * the API's pool so that a burst of jobs can never starve HTTP requests of connections (or the reverse).
 */
export const workerPoolSize = (concurrency: number): number => concurrency + 2

/**
 * Runs Kindred's background tasks and recurring jobs on `database` until shutdown, when running jobs are
 * allowed to finish. Tasks reach community schemas through `placements`; the keys they need (unsubscribe
 * links) are derived from the master key.
 *
 * @example await startBackgroundWorker(context, workerDatabase, placements, masterKey)
 */
export async function startBackgroundWorker(
  context: ProcessContext,
  database: Database,
  placements: Placements,
  masterKey: Buffer,
): Promise<void> {
  const { config, logger } = context
  const mailer = createMailer(config.mail)
  context.onShutdown(async () => mailer.close())
  const worker = await startWorker({
    pool: database.pool,
    logger,
    concurrency: config.worker.concurrency,
    tasks: kindredTasks({
      db: database.db,
      placements,
      logger,
      config,
      mailer,
      unsubscribeKey: deriveKey(masterKey, unsubscribeKeyPurpose),
    }),
    cronItems: kindredCronItems({ statisticsSchedule: config.statistics.schedule }),
  })
  context.onShutdown(() => worker.stop())
}

import { Logger as WorkerLogger, run, runMigrations, type TaskList } from 'graphile-worker'
import type pg from 'pg'
import type { Logger } from '@kindred/log'

export interface WorkerOptions {
  pool: pg.Pool
  logger: Logger
  concurrency: number
  tasks: TaskList
}

export interface Worker {
  /** Stops taking jobs, waits for running ones to finish, and releases what it holds. */
  stop(): Promise<void>
}

const levels = { error: 'error', warning: 'warn', info: 'info', debug: 'debug' } as const

function workerLogger(logger: Logger): WorkerLogger {
  const log = logger.child({ component: 'worker' })
  return new WorkerLogger((scope) => (level, message, meta) => log[levels[level]]({ ...scope, ...meta }, message))
}

/**
 * Installs or upgrades graphile-worker's own schema. Safe to run from several processes at once.
 */
export async function migrateJobQueue(pool: pg.Pool): Promise<void> {
  await runMigrations({ pgPool: pool })
}

/**
 * Starts a graphile-worker runner on the given pool. Signals are left to the process, which stops the
 * worker as one step of its graceful shutdown.
 *
 * @example const worker = await startWorker({ pool, logger, concurrency: 4, tasks: kindredTasks })
 */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const runner = await run({
    pgPool: options.pool,
    concurrency: options.concurrency,
    noHandleSignals: true,
    taskList: options.tasks,
    parsedCronItems: [],
    logger: workerLogger(options.logger),
  })
  return { stop: () => runner.stop() }
}

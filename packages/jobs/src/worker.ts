import { setTimeout as sleep } from 'node:timers/promises'
import { Logger as WorkerLogger, run, runMigrations, type Job, type ParsedCronItem, type Runner, type TaskList } from 'graphile-worker'
import type pg from 'pg'
import type { Logger } from '@kindred/log'
import { startLiveness, type Liveness } from './liveness.ts'

export interface WorkerOptions {
  pool: pg.Pool
  logger: Logger
  concurrency: number
  tasks: TaskList
  /** Recurring jobs (see kindredCronItems); none unless given. */
  cronItems?: ParsedCronItem[]
  /** Milliseconds before restarting a runner that stopped on its own; doubles up to a minute. */
  restartDelayMs?: number
  /** How long a runner that began stopping on its own may take to finish before another replaces it. */
  stuckAfterMs?: number
  /** Heartbeat of this process's workers, and the silence after which another process frees their jobs. */
  liveness?: { heartbeatMs?: number; silentAfterMs?: number }
}

export interface Worker {
  /** Stops taking jobs, waits for running ones to finish, and releases what it holds. */
  stop(): Promise<void>
}

const levels = { error: 'error', warning: 'warn', info: 'info', debug: 'debug' } as const
const maxRestartDelayMs = 60_000

// graphile-worker logs each job it completes or fails with the whole job, payload included (account ids, or
// whatever a malformed job holds): only the job's identity and attempts go on.
function withoutPayload(meta: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const job = meta?.job as Partial<Job> | null | undefined
  if (job === undefined || job === null) return meta
  return { ...meta, job: { id: job.id, task: job.task_identifier, attempts: job.attempts, maxAttempts: job.max_attempts } }
}

function workerLogger(logger: Logger): WorkerLogger {
  return new WorkerLogger((scope) => (level, message, meta) => logger[levels[level]]({ ...scope, ...withoutPayload(meta) }, message))
}

/**
 * Installs or upgrades graphile-worker's own schema. Safe to run from several processes at once.
 */
export async function migrateJobQueue(pool: pg.Pool): Promise<void> {
  await runMigrations({ pgPool: pool })
}

function startRunner(options: WorkerOptions, logger: Logger, liveness: Liveness): Promise<Runner> {
  return run({
    events: liveness.events,
    pgPool: options.pool,
    concurrency: options.concurrency,
    noHandleSignals: true,
    taskList: options.tasks,
    parsedCronItems: options.cronItems ?? [],
    logger: workerLogger(logger),
    // Batched, a failed "job done" write stops the runner, which is then restarted. Unbatched, graphile-worker
    // leaves that rejection unhandled, which would take the whole process down with it.
    preset: { worker: { completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
  })
}

/**
 * Starts a graphile-worker runner on the given pool and keeps it running: a runner that stops on its own
 * (the database was away for longer than its retries) is restarted with backoff until `stop()`. Signals
 * are left to the process, which stops the worker as one step of its graceful shutdown.
 *
 * @example const worker = await startWorker({ pool, logger, concurrency: 4, tasks: kindredTasks(deps), cronItems: kindredCronItems() })
 */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const logger = options.logger.child({ component: 'worker' })
  const initialDelayMs = options.restartDelayMs ?? 1000
  const stopped = new AbortController()
  const liveness = startLiveness({ pool: options.pool, logger, ...options.liveness })
  let current: Runner | undefined
  const stuckAfterMs = options.stuckAfterMs ?? 15_000

  const restart = async (): Promise<void> => {
    for (let delay = initialDelayMs; ; delay = Math.min(delay * 2, maxRestartDelayMs)) {
      try {
        await sleep(delay, undefined, { signal: stopped.signal })
      } catch {
        return // stop() was called while waiting
      }
      try {
        await begin()
        logger.info('worker restarted')
        return
      } catch (error) {
        logger.warn({ error: { message: (error as Error).message } }, 'worker could not restart; will try again')
      }
    }
  }

  // A runner whose pool died settles its promise without being asked to stop (resolving, usually: the
  // error is logged by graphile-worker itself). Any settlement we did not ask for means: start a new one.
  const begin = async (): Promise<void> => {
    const runner = await startRunner(options, logger, liveness)
    if (stopped.signal.aborted) {
      await runner.stop()
      return
    }
    current = runner
    let replaced = false
    const ended = (): void => {
      if (current === runner) current = undefined
      if (stopped.signal.aborted || replaced) return
      logger.error('worker stopped on its own; restarting')
      void restart()
    }
    runner.promise.then(ended, ended)
    // graphile-worker 0.18 can leave a pool that shuts itself down waiting forever: its job batchers count
    // a recovery twice after a lost connection, and release only at exactly zero. Such a runner, or one
    // held by a job that never ends, is left to itself and a new one takes the jobs; its own running jobs
    // keep their locks and heartbeats.
    liveness.events.once('pool:gracefulShutdown', () => {
      if (stopped.signal.aborted) return
      setTimeout(() => {
        if (current !== runner || stopped.signal.aborted) return
        replaced = true
        current = undefined
        logger.error({ stuckAfterMs }, 'worker did not finish stopping on its own; starting another')
        runner.stop().catch(() => undefined)
        void restart()
      }, stuckAfterMs).unref()
    })
  }

  try {
    await begin()
  } catch (error) {
    await liveness.stop()
    throw error
  }
  return {
    stop: async () => {
      stopped.abort()
      const runner = current
      current = undefined
      // A runner already stopping by itself refuses stop(); waiting for it to finish is what we want then.
      await runner?.stop().catch(() => runner.promise.catch(() => undefined))
      await liveness.stop()
    },
  }
}

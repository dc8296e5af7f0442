import { Logger as WorkerLogger, runOnce, type TaskList } from 'graphile-worker'
import type pg from 'pg'
import { randomBytes } from 'node:crypto'
import { kindredTasks, type TaskDependencies } from '@kindred/jobs'
import { createMailer } from '@kindred/mail'
import { unsubscribeKeyPurpose } from '@kindred/notifications'
import { deriveKey } from '@kindred/tokens'
import type { TestHub } from './hub.ts'

const quiet = new WorkerLogger(() => () => undefined)

/**
 * Runs every job that is due now, once each, with `tasks`, and returns when none is left: tests run jobs
 * deterministically instead of starting a worker and sleeping. A failing job is rescheduled by
 * graphile-worker (with its backoff) and not run again here.
 */
export async function runDueJobs(pool: pg.Pool, tasks: TaskList): Promise<void> {
  await runOnce({ pgPool: pool, taskList: tasks, logger: quiet })
  // graphile-worker records a job's success or failure without awaiting it, so runOnce can return while
  // that write is still on its way; until it lands, the job stays locked (and a failure's backoff unset).
  for (let attempt = 0; attempt < 500; attempt += 1) {
    const locked = await pool.query<{ n: string }>('select count(*) as n from graphile_worker._private_jobs where locked_at is not null')
    if (locked.rows[0]?.n === '0') return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('jobs stayed locked after runOnce returned')
}

export interface QueuedJob {
  task: string
  payload: unknown
  attempts: number
  maxAttempts: number
  lastError: string | null
  key: string | null
  lockedBy: string | null
}

/** The jobs in the queue (done jobs are deleted by graphile-worker; failed ones stay until retried). */
export async function queuedJobs(pool: pg.Pool): Promise<QueuedJob[]> {
  // graphile-worker's public `jobs` view leaves the payload out; tests read its private table.
  const result = await pool.query<QueuedJob>(
    `select tasks.identifier as task, jobs.payload, jobs.attempts, jobs.max_attempts as "maxAttempts",
            jobs.last_error as "lastError", jobs.key, jobs.locked_by as "lockedBy"
       from graphile_worker._private_jobs jobs join graphile_worker._private_tasks tasks on tasks.id = jobs.task_id
      order by jobs.id`,
  )
  return result.rows
}

/**
 * Every task of Kindred bound to the test hub's database, placements, logs, configuration and mailer.
 *
 * @example await runDueJobs(hub.database.pool, hubTasks(hub))
 */
export function hubTasks(hub: TestHub): TaskList {
  return kindredTasks({
    db: hub.database.db,
    placements: hub.placements,
    logger: hub.logs.logger,
    config: hub.config,
    mailer: hub.mailer,
    unsubscribeKey: deriveKey(hub.masterKey, unsubscribeKeyPurpose),
  })
}

/**
 * What the tasks run with, for a test without a hub: a mailer to the configuration's SMTP server (which
 * connects only when a job sends) and an unsubscribe key of the test's own.
 *
 * @example await runDueJobs(pool, kindredTasks(taskDependencies({ db, placements, logger, config })))
 */
export function taskDependencies(deps: Omit<TaskDependencies, 'mailer' | 'unsubscribeKey'>): TaskDependencies {
  return { ...deps, mailer: createMailer(deps.config.mail), unsubscribeKey: randomBytes(32) }
}

/**
 * Runs the hub's due jobs, then, `rounds` times, what they queued with a delay (mail waiting for its
 * fan-out to commit, a batch's debounce) as if the delay had passed.
 *
 * @example await runJobsAndDelayed(hub) // a reply's fan-out, then its mail
 */
export async function runJobsAndDelayed(hub: TestHub, rounds = 1): Promise<void> {
  await runDueJobs(hub.database.pool, hubTasks(hub))
  for (let round = 0; round < rounds; round++) {
    await hub.database.pool.query('update graphile_worker._private_jobs set run_at = now()')
    await runDueJobs(hub.database.pool, hubTasks(hub))
  }
}

import { EventEmitter } from 'node:events'
import type { WorkerEvents } from 'graphile-worker'
import type pg from 'pg'
import type { Logger } from '@kindred/log'

export interface LivenessOptions {
  pool: pg.Pool
  logger: Logger
  /** How often this process records its workers as alive. */
  heartbeatMs?: number
  /** A worker not seen for this long is dead, and its jobs locked for at least as long are freed. */
  silentAfterMs?: number
}

export interface Liveness {
  /** Given to graphile-worker's `run`, whose worker events tell which workers this process runs. */
  events: WorkerEvents
  stop(): Promise<void>
}

// Jobs locked by a worker with no recent heartbeat, for longer than the silence allowed: their worker died
// without releasing them. Jobs of a worker still beating are never touched, however long they run.
const freeOrphanedJobs = `
  with orphaned as (
    select distinct job.locked_by as worker_id
    from graphile_worker.jobs as job
    where job.locked_by is not null
      and job.locked_at < now() - $1::interval
      and not exists (
        select 1 from hub.worker_heartbeats as beat
        where beat.worker_id = job.locked_by and beat.seen_at > now() - $1::interval
      )
  )
  select count(*)::int as workers, graphile_worker.force_unlock_workers(array_agg(worker_id)) is null as done
  from orphaned having count(*) > 0`

// Heartbeats of workers long gone (a day) are forgotten, so the table stays the size of the fleet.
const forgetOldBeats = `delete from hub.worker_heartbeats where seen_at < now() - interval '1 day'`

const recordBeats = `
  insert into hub.worker_heartbeats (worker_id, seen_at) select unnest($1::text[]), now()
  on conflict (worker_id) do update set seen_at = excluded.seen_at`

/**
 * Keeps the jobs of dead workers from waiting four hours: records this process's workers as alive every
 * `heartbeatMs`, and on each beat frees the jobs of workers silent for `silentAfterMs` (every process
 * sweeps; freeing is idempotent). Tasks must be idempotent anyway, since a freed job runs again.
 *
 * @example const liveness = startLiveness({ pool, logger }); await run({ ..., events: liveness.events })
 */
export function startLiveness(options: LivenessOptions): Liveness {
  const heartbeatMs = options.heartbeatMs ?? 10_000
  const silence = `${Math.ceil((options.silentAfterMs ?? 60_000) / 1000)} seconds`
  const log = options.logger.child({ component: 'worker-liveness' })
  const events: WorkerEvents = new EventEmitter()
  // Jobs are locked in the name of the worker pool (graphile-worker's `locked_by`), one per runner.
  const workers = new Set<string>()
  events.on('pool:create', ({ workerPool }) => workers.add(workerPool.id))
  let beating: Promise<void> = Promise.resolve()
  const forget = ({ workerPool }: { workerPool: { id: string } }): void => {
    workers.delete(workerPool.id)
    const forgetting = options.pool.query('delete from hub.worker_heartbeats where worker_id = $1', [workerPool.id])
    beating = beating
      .then(() => forgetting)
      .then(
        () => undefined,
        () => undefined,
      )
  }
  // Only once its jobs have finished: until then, they are still its own.
  events.on('pool:gracefulShutdown:complete', forget)
  events.on('pool:forcefulShutdown:complete', forget)

  const beat = async (): Promise<void> => {
    try {
      if (workers.size > 0) await options.pool.query(recordBeats, [[...workers]])
      const freed = await options.pool.query<{ workers: number }>(freeOrphanedJobs, [silence])
      const workersFreed = freed.rows[0]?.workers ?? 0
      if (workersFreed > 0) log.warn({ workers: workersFreed }, 'freed the jobs of workers that stopped without releasing them')
      await options.pool.query(forgetOldBeats)
    } catch (error) {
      // The database may be away; the next beat tries again, and the runner's own supervision handles the rest.
      log.warn({ error: { message: (error as Error).message } }, 'worker heartbeat failed')
    }
  }
  const timer = setInterval(() => {
    beating = beating.then(beat)
  }, heartbeatMs)
  timer.unref()
  beating = beat()

  return {
    events,
    stop: async () => {
      clearInterval(timer)
      await beating
    },
  }
}

import type { JobHelpers, Task } from 'graphile-worker'
import { sql, type Kysely } from 'kysely'
import { Type, type Static, type TSchema } from 'typebox'
import type { HubDatabase } from '@kindred/db'
import type { Logger } from '@kindred/log'
import { describePayload, InvalidJobPayloadError, payloadCheck } from './payload-check.ts'

/** A task identifier: `<subject>__<action>`, in snake case (`community__provision`, `ownership__hand_over`). */
export type JobName = `${string}__${string}`

const jobNamePattern = /^[a-z]+(?:_[a-z]+)*__[a-z]+(?:_[a-z]+)*$/

/** The attempt a handler runs in. */
export interface JobAttempt {
  /** 1 on the first run. */
  attempt: number
  maxAttempts: number
  /** No retry follows if this attempt fails. */
  isLast: boolean
}

/** What every handler runs with at least; each job names what else it needs (the worker has the hub database, the placements, the logger and the configuration). */
export interface JobDependencies {
  logger: Logger
}

export interface JobSpec<Schema extends TSchema, Deps extends JobDependencies> {
  name: JobName
  /** The payload as a TypeBox schema: checked when the job is queued and again when it starts. */
  payload: Schema
  /** Attempts before graphile-worker gives up (retries wait exp(min(attempts, 10)) seconds). */
  maxAttempts: number
  /** The job key: one waiting job per key; queueing again replaces it (an array payload is appended to). */
  key?: (payload: Static<Schema>) => string
  /** The named queue: its jobs run one at a time. */
  queue?: (payload: Static<Schema>) => string
  /** Seconds before the job may run; queueing again under the same key postpones it (a debounce). */
  delaySeconds?: number
  /** A five-field cron pattern (UTC) for a recurring job; the worker's configuration may override it. */
  schedule?: string
  /**
   * Hours after a scheduled time in which a worker that was down at that time still runs it, once, when it
   * is back (graphile-worker's backfill); none by default.
   */
  catchUpHours?: number
  run: (deps: Deps, payload: Static<Schema>, attempt: JobAttempt) => Promise<void>
}

/**
 * A job as a package that queues it but cannot import it sees it: a package below the one owning the job (the
 * owner depends on it) takes the job as an argument, typed by its payload, and queues it in its transaction.
 *
 * @example export async function publishCharter(db, input, jobs: { distribution: QueueableJob<{ version: number }> })
 */
export interface QueueableJob<Payload> {
  readonly name: string
  /** Queues the job with SQL on `db`, which should be the caller's transaction: the job exists if and only if it commits. */
  readonly enqueue: (db: Kysely<HubDatabase>, payload: Payload) => Promise<void>
}

/** A job as the worker sees it: what @kindred/jobs collects into its task list and cron items. */
export interface RunnableJob<Deps> {
  readonly name: string
  readonly maxAttempts: number
  readonly schedule: string | undefined
  readonly catchUpHours: number
  /** The graphile-worker task, bound to `deps`: checks the payload, then runs the handler. */
  readonly task: (deps: Deps) => Task
}

export interface JobDefinition<Schema extends TSchema, Deps extends JobDependencies>
  extends QueueableJob<Static<Schema>>, RunnableJob<Deps> {
  readonly name: JobName
  readonly payload: Schema
  /** The job key a payload is queued under, or null for a job without one. */
  readonly jobKey: (payload: Static<Schema>) => string | null
  /** Queues one job per payload in one statement (`add_jobs`); returns how many. */
  readonly enqueueAll: (db: Kysely<HubDatabase>, payloads: readonly Static<Schema>[]) => Promise<number>
  /** The payload, checked. @throws InvalidJobPayloadError */
  readonly parse: (payload: unknown) => Static<Schema>
}

/** An id as PostgreSQL's uuid type takes it, for payload schemas: `{ accountId: uuidSchema }`. */
export const uuidSchema = Type.String({ format: 'uuid', title: 'uuid', description: 'a UUID' })

/**
 * The payload of a recurring job: graphile-worker's cron adds `_cron` (when the run was due, and whether it is a
 * backfill) to what it queues; queued by hand, it is `{}`.
 */
export const cronPayload = Type.Object(
  { _cron: Type.Optional(Type.Object({ ts: Type.String(), backfilled: Type.Boolean() }, { title: 'cron details' })) },
  { additionalProperties: false },
)

// graphile-worker has no way to fail the running job for good (graphile/worker#148), and
// `permanently_fail_jobs` leaves locked jobs alone: leaving the job no attempt makes the failure that the
// worker records next its last. The row is ours while we hold its lock. The job object is graphile-worker's
// own, so its log line and `job:failed` event tell the same.
async function leaveNoAttempt(helpers: JobHelpers): Promise<void> {
  await helpers.query('update graphile_worker._private_jobs set max_attempts = attempts where id = $1', [helpers.job.id])
  helpers.job.max_attempts = helpers.job.attempts
}

/**
 * Defines a background job in one place: its name, payload schema, key, queue and attempts, a typed `enqueue`
 * that queues it in the caller's transaction, and its handler. A payload the schema refuses fails the job for
 * good when it starts, logged with the job's name and what is wrong, never a value from the payload.
 *
 * @example
 * export const charterDistributeJob = defineJob({
 *   name: 'charter__distribute',
 *   payload: Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
 *   key: ({ version }) => `charter__distribute:${version}`,
 *   maxAttempts: 25,
 *   run: async (deps: TenancyDependencies, { version }) => { await distributeCharter(deps, version) },
 * })
 * await charterDistributeJob.enqueue(trx, { version: 2 })
 * // select graphile_worker.add_job('charter__distribute', '{"version":2}'::json, queue_name => null,
 * //   run_at => now() + make_interval(secs => 0), job_key => 'charter__distribute:2', max_attempts => 25)
 */
export function defineJob<Schema extends TSchema, Deps extends JobDependencies>(spec: JobSpec<Schema, Deps>): JobDefinition<Schema, Deps> {
  type Payload = Static<Schema>
  const { name, maxAttempts } = spec
  if (!jobNamePattern.test(name)) throw new Error(`A job name is <subject>__<action> in snake case, not ${name}`)
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`${name}: maxAttempts must be a whole number ≥ 1`)
  const delaySeconds = spec.delaySeconds ?? 0
  const check = payloadCheck<Payload>(spec.payload)
  const needs = describePayload(spec.payload)

  const parse = (payload: unknown): Payload => {
    const checked = check(payload)
    if (!checked.ok) throw new InvalidJobPayloadError(name, needs, checked.problems)
    return checked.payload
  }
  const jobKey = (payload: Payload): string | null => spec.key?.(payload) ?? null
  const queueName = (payload: Payload): string | null => spec.queue?.(payload) ?? null

  return {
    name,
    payload: spec.payload,
    maxAttempts,
    schedule: spec.schedule,
    catchUpHours: spec.catchUpHours ?? 0,
    jobKey,
    parse,
    enqueue: async (db, payload) => {
      const checked = parse(payload)
      await sql`select graphile_worker.add_job(${name}, ${JSON.stringify(checked)}::json, queue_name => ${queueName(checked)}::text,
        run_at => now() + make_interval(secs => ${delaySeconds}::double precision), job_key => ${jobKey(checked)}::text,
        max_attempts => ${maxAttempts}::int)`.execute(db)
    },
    enqueueAll: async (db, payloads) => {
      if (payloads.length === 0) return 0
      const specs = payloads.map(parse).map((payload) => ({ payload, queue: queueName(payload), key: jobKey(payload) }))
      const result = await sql<{ queued: number }>`
        select count(*)::int as queued from graphile_worker.add_jobs(array(
          select row(${name}::text, spec.value->'payload', spec.value->>'queue', now() + make_interval(secs => ${delaySeconds}::double precision),
                     ${maxAttempts}::int, spec.value->>'key', null::int, null::text[])::graphile_worker.job_spec
          from json_array_elements(${JSON.stringify(specs)}::json) as spec(value)
        ))`.execute(db)
      return result.rows[0]?.queued ?? 0
    },
    task: (deps) => async (payload, helpers) => {
      const checked = check(payload)
      if (!checked.ok) {
        await leaveNoAttempt(helpers)
        deps.logger.error(
          { task: name, jobId: helpers.job.id, problems: checked.problems },
          'job payload refused; the job will not be retried',
        )
        throw new InvalidJobPayloadError(name, needs, checked.problems)
      }
      const { attempts, max_attempts } = helpers.job
      await spec.run(deps, checked.payload, { attempt: attempts, maxAttempts: max_attempts, isLast: attempts >= max_attempts })
    },
  }
}

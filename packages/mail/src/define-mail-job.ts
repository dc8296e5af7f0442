import type { Kysely } from 'kysely'
import type { Static, TSchema } from 'typebox'
import type { MailConfig } from '@kindred/config'
import type { HubDatabase } from '@kindred/db'
import { defineJob, opaqueKey, type JobDefinition, type JobDependencies, type JobName } from '@kindred/job-definition'
import { deliverAll, type Delivery } from './deliveries.ts'
import type { Mailer, OutgoingMail } from './mailer.ts'

/** What every mail job runs with: the hub, the process's mailer, and the mail configuration (links, sender). */
export interface MailDependencies extends JobDependencies {
  db: Kysely<HubDatabase>
  mailer: Mailer
  config: { mail: MailConfig }
}

export interface MailJobSpec<Schema extends TSchema, Deps extends MailDependencies> {
  name: JobName
  payload: Schema
  /** Who the message is for and its key: one message per key, ever. */
  delivery: (payload: Static<Schema>) => Delivery
  /** Seconds before the job may run (a message about something written in another database's transaction). */
  delaySeconds?: number
  /** The message, made when it is about to go; null when there is nothing to send any more. */
  compose: (deps: Deps, payload: Static<Schema>) => Promise<OutgoingMail | null>
}

// Retries wait exp(min(attempts, 10)) seconds: ten attempts cover about nine hours of an SMTP server away.
const mailAttempts = 10

/**
 * A job that sends one message to one recipient, at most once per delivery key (see deliverOnce), queued
 * in the transaction of what it tells about and retried with back-off while SMTP fails. The job key is a
 * digest of the delivery key, so queueing it twice queues it once. Logs name the job and its outcome, never the address
 * or the message.
 *
 * @example
 * export const passwordResetMail = defineMailJob({ name: 'password_reset__mail', payload, delivery, compose })
 * await passwordResetMail.enqueue(trx, { requestId, accountId })
 */
export function defineMailJob<Schema extends TSchema, Deps extends MailDependencies>(
  spec: MailJobSpec<Schema, Deps>,
): JobDefinition<Schema, Deps> {
  return defineMailBatchJob({
    name: spec.name,
    payload: spec.payload,
    ...(spec.delaySeconds === undefined ? {} : { delaySeconds: spec.delaySeconds }),
    key: (payload) => spec.delivery(payload).key,
    deliveries: (payload) => [spec.delivery(payload)],
    compose: async (deps, payload, due) => {
      const mail = await spec.compose(deps, payload)
      return new Map(due.map(({ key }) => [key, mail]))
    },
  })
}

export interface MailBatchJobSpec<Schema extends TSchema, Deps extends MailDependencies> {
  name: JobName
  payload: Schema
  /** Seconds before the job may run (a message about something written in another database's transaction). */
  delaySeconds?: number
  /** What makes the job one of a kind: queueing a payload with the same key again queues nothing more. */
  key: (payload: Static<Schema>) => string
  /** Each message of the batch: who it is for and its key, one message per key, ever. */
  deliveries: (payload: Static<Schema>) => Delivery[]
  /** The messages of the deliveries still to go, made together when they are about to go (null: nothing to send). */
  compose: (deps: Deps, payload: Static<Schema>, due: Delivery[]) => Promise<ReadonlyMap<string, OutgoingMail | null>>
}

/**
 * A job that sends a batch of messages (one event, many recipients: a reply to a watched thread), each at
 * most once per delivery key (see deliverAll): composed with one query per batch and handed to SMTP
 * several at a time, where a job per message would pay a job's round trips for each. A retry sends only
 * the messages not sent yet.
 *
 * @example
 * export const replyMail = defineMailBatchJob({ name: 'notification__mail', payload, key, deliveries, compose })
 * await replyMail.enqueueAll(hub, batches)
 */
export function defineMailBatchJob<Schema extends TSchema, Deps extends MailDependencies>(
  spec: MailBatchJobSpec<Schema, Deps>,
): JobDefinition<Schema, Deps> {
  return defineJob({
    name: spec.name,
    payload: spec.payload,
    maxAttempts: mailAttempts,
    ...(spec.delaySeconds === undefined ? {} : { delaySeconds: spec.delaySeconds }),
    key: (payload) => opaqueKey(spec.name, spec.key(payload)),
    run: async (deps: Deps, payload) => {
      const counts = await deliverAll(deps, spec.deliveries(payload), (due) => spec.compose(deps, payload, due))
      deps.logger.info({ task: spec.name, ...counts }, 'mail deliveries')
    },
  })
}

import type { Kysely } from 'kysely'
import type { Static, TSchema } from 'typebox'
import type { MailConfig } from '@kindred/config'
import type { HubDatabase } from '@kindred/db'
import { defineJob, opaqueKey, type JobDefinition, type JobDependencies, type JobName } from '@kindred/job-definition'
import { deliverOnce, type Delivery } from './deliveries.ts'
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
  return defineJob({
    name: spec.name,
    payload: spec.payload,
    maxAttempts: mailAttempts,
    key: (payload) => opaqueKey(spec.name, spec.delivery(payload).key),
    run: async (deps: Deps, payload) => {
      const delivery = spec.delivery(payload)
      const outcome = await deliverOnce(deps, delivery, () => spec.compose(deps, payload))
      deps.logger.info({ task: spec.name, kind: delivery.kind, outcome }, 'mail delivery')
    },
  })
}

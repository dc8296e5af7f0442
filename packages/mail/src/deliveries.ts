import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import type { Mailer, OutgoingMail } from './mailer.ts'

/** One message to one recipient: its key names it for good (a retry, a second job, the same key). */
export interface Delivery {
  key: string
  /** What the message is about, in snake case: `email_verification`, `password_reset`. */
  kind: string
  accountId: string | null
}

/** What `deliverOnce` did: handed the message over, found it already sent (or dropped), or dropped it. */
export type DeliveryOutcome = 'sent' | 'alreadyDone' | 'dropped'

// Claims the delivery for this attempt: a new key, or one a crashed or failed attempt left 'sending'.
async function claim(db: Kysely<HubDatabase>, delivery: Delivery): Promise<boolean> {
  const claimed = await db
    .insertInto('hub.mail_deliveries')
    .values({ key: delivery.key, kind: delivery.kind, account_id: delivery.accountId, state: 'sending' })
    .onConflict((conflict) =>
      conflict
        .column('key')
        .doUpdateSet({ attempts: sql<number>`hub.mail_deliveries.attempts + 1`, started_at: sql<Date>`now()` })
        .where('hub.mail_deliveries.state', '=', 'sending'),
    )
    .returning('key')
    .executeTakeFirst()
  return claimed !== undefined
}

async function finish(db: Kysely<HubDatabase>, key: string, state: 'sent' | 'dropped'): Promise<void> {
  await db
    .updateTable('hub.mail_deliveries')
    .set({ state, finished_at: sql<Date>`now()` })
    .where('key', '=', key)
    .execute()
}

/**
 * Sends the message `compose` makes for `delivery`, unless its key was sent (or dropped) before: a job run
 * twice, or retried after a crash, hands it to SMTP once. `compose` runs only when the message is to go and
 * may answer null when there is nothing to send any more (the account is gone, the address already
 * verified): the key is then dropped for good. A failure to hand over throws, for the job to be retried.
 *
 * The one window left: a crash after the SMTP server accepted the message and before its key is marked
 * sent (one round trip) sends it again on retry; SMTP offers no way to ask a server what it took.
 *
 * @example await deliverOnce(deps, { key: `password_reset:${requestId}`, kind: 'password_reset', accountId }, async () => mail)
 */
export async function deliverOnce(
  deps: { db: Kysely<HubDatabase>; mailer: Mailer },
  delivery: Delivery,
  compose: () => Promise<OutgoingMail | null>,
): Promise<DeliveryOutcome> {
  if (!(await claim(deps.db, delivery))) return 'alreadyDone'
  const mail = await compose()
  if (mail === null) {
    await finish(deps.db, delivery.key, 'dropped')
    return 'dropped'
  }
  await deps.mailer.send(mail)
  await finish(deps.db, delivery.key, 'sent')
  return 'sent'
}

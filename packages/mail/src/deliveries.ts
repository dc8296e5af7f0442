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

/** How many of a batch's messages went each way. */
export type DeliveryCounts = Record<DeliveryOutcome, number>

/** Messages of one batch handed to SMTP at once: the mailer's pool takes them as its connections free up. */
export const sendConcurrency = 8

// Claims the deliveries for this attempt, in one statement: new keys, and keys an earlier attempt claimed
// but did not hand over (it failed, or crashed first). Keys sent, dropped, or left 'handing_over' by a crash
// (the server may have taken them) are not returned. An account erased since the message was queued is
// recorded as none (its compose then finds nothing to send).
async function claim(db: Kysely<HubDatabase>, deliveries: readonly Delivery[]): Promise<Set<string>> {
  if (deliveries.length === 0) return new Set()
  const claimed = await db
    .insertInto('hub.mail_deliveries')
    .values(
      deliveries.map((delivery) => ({
        key: delivery.key,
        kind: delivery.kind,
        account_id: sql<string | null>`(select id from hub.accounts where id = ${delivery.accountId}::uuid)`,
        state: 'claimed' as const,
      })),
    )
    .onConflict((conflict) =>
      conflict
        .column('key')
        .doUpdateSet({ attempts: sql<number>`hub.mail_deliveries.attempts + 1`, started_at: sql<Date>`now()` })
        .where('hub.mail_deliveries.state', '=', 'claimed'),
    )
    .returning('key')
    .execute()
  return new Set(claimed.map(({ key }) => key))
}

async function finish(db: Kysely<HubDatabase>, keys: readonly string[], state: 'sent' | 'dropped'): Promise<void> {
  if (keys.length === 0) return
  await db
    .updateTable('hub.mail_deliveries')
    .set({ state, finished_at: sql<Date>`now()` })
    .where('key', 'in', keys)
    .execute()
}

async function mark(db: Kysely<HubDatabase>, key: string, state: 'claimed' | 'handing_over'): Promise<void> {
  await db.updateTable('hub.mail_deliveries').set({ state }).where('key', '=', key).execute()
}

// Sends each message, `sendConcurrency` at a time: marks it 'handing_over', hands it to the server, and
// marks it sent as soon as the server took it. A refusal or an error puts it back to 'claimed' for the
// retry and does not stop the others. The number sent, and the first failure.
async function sendEach(
  deps: { db: Kysely<HubDatabase>; mailer: Mailer },
  messages: ReadonlyArray<[string, OutgoingMail]>,
): Promise<{ sent: number; failure: Error | undefined }> {
  let next = 0
  let sent = 0
  let failure: Error | undefined
  const worker = async (): Promise<void> => {
    for (let index = next++; index < messages.length; index = next++) {
      const [key, mail] = messages[index] as [string, OutgoingMail]
      try {
        await mark(deps.db, key, 'handing_over')
        await deps.mailer.send(mail)
        await finish(deps.db, [key], 'sent')
        sent += 1
      } catch (error) {
        failure ??= error instanceof Error ? error : new Error('The SMTP hand-over failed')
        await mark(deps.db, key, 'claimed').catch(() => undefined)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(sendConcurrency, messages.length) }, worker))
  return { sent, failure }
}

/**
 * Sends the messages `compose` makes for `deliveries`, except those whose key was sent (or dropped)
 * before: a job run twice, or retried after a crash, hands each message to SMTP once. `compose` gets only
 * the deliveries still to go, all at once (one query for a whole batch), and maps each key to its message,
 * or to null when there is nothing to send any more (the account is gone, the notification read): that key
 * is dropped for good. Each message is marked sent as soon as the server takes it; if any hand-over failed,
 * this throws once the others are done, for the job to be retried (the sent ones are then skipped).
 *
 * A crash during a hand-over leaves its key 'handing_over': SMTP offers no way to ask a server what it
 * took, so the retry does not send that message again. Every message goes at most once; the few in flight
 * when a worker dies (up to `sendConcurrency` per job) may not go at all.
 *
 * @example const counts = await deliverAll(deps, deliveries, async (due) => new Map(due.map((d) => [d.key, mailFor(d)])))
 */
export async function deliverAll(
  deps: { db: Kysely<HubDatabase>; mailer: Mailer },
  deliveries: readonly Delivery[],
  compose: (due: Delivery[]) => Promise<ReadonlyMap<string, OutgoingMail | null>>,
): Promise<DeliveryCounts> {
  const claimed = await claim(deps.db, deliveries)
  const due = deliveries.filter(({ key }) => claimed.has(key))
  const messages = due.length === 0 ? new Map<string, OutgoingMail | null>() : await compose(due)
  const dropped = due.filter(({ key }) => (messages.get(key) ?? null) === null).map(({ key }) => key)
  await finish(deps.db, dropped, 'dropped')
  const toSend = [...messages].filter((entry): entry is [string, OutgoingMail] => entry[1] !== null)
  const { sent, failure } = await sendEach(deps, toSend)
  if (failure !== undefined) throw failure
  return { sent, alreadyDone: deliveries.length - due.length, dropped: dropped.length }
}

/**
 * `deliverAll` for one message: sends what `compose` makes unless its key was sent (or dropped) before.
 *
 * @example await deliverOnce(deps, { key: `password_reset:${requestId}`, kind: 'password_reset', accountId }, async () => mail)
 */
export async function deliverOnce(
  deps: { db: Kysely<HubDatabase>; mailer: Mailer },
  delivery: Delivery,
  compose: () => Promise<OutgoingMail | null>,
): Promise<DeliveryOutcome> {
  const counts = await deliverAll(deps, [delivery], async () => new Map([[delivery.key, await compose()]]))
  return counts.sent > 0 ? 'sent' : counts.dropped > 0 ? 'dropped' : 'alreadyDone'
}

import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { proposalFounderMailJob } from './jobs/proposal-founder-mail.ts'
import { recordProposalNews } from './news.ts'
import { statusesMovableTo } from './transitions.ts'

/** How long before its support window closes a founder is reminded that their proposal may expire. */
export const expiryReminderDays = 3

/**
 * Queues a reminder to the founder of every proposal that may expire within `expiryReminderDays` of `now`
 * (open, or waiting for the founder's changes), once per support window: the proposal records the window
 * its reminder was queued for, in the transaction that queues it, so running this every hour, or on two
 * workers at once, reminds each founder once; a window given afresh (changes requested) earns a new one.
 * The founder's news list tells of it too (written in the same transaction). Meant for the hourly
 * `proposals__expire` job.
 *
 * @example const reminded = await remindExpiringProposals(db)
 * @returns How many reminders it queued.
 */
export async function remindExpiringProposals(db: Kysely<HubDatabase>, now: Date = new Date()): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .updateTable('hub.proposals')
      .set({ expiry_reminded_for: sql<Date>`expires_at` })
      .where('status', 'in', statusesMovableTo('expired', 'system'))
      .where('founder_id', 'is not', null)
      .where('expires_at', '>', now)
      .where('expires_at', '<=', sql<Date>`${now}::timestamptz + make_interval(days => ${expiryReminderDays}::int)`)
      .where((eb) => eb.or([eb('expiry_reminded_for', 'is', null), eb('expiry_reminded_for', '!=', eb.ref('expires_at'))]))
      .returning(['id', 'founder_id', 'expires_at'])
      .execute()
    const reminders = due.flatMap(({ id, founder_id, expires_at }) =>
      founder_id === null ? [] : [{ proposalId: id, founderId: founder_id, news: 'expiring' as const, occasion: expires_at.toISOString() }],
    )
    await recordProposalNews(
      trx,
      reminders.map(({ proposalId, founderId, news, occasion }) => ({ accountId: founderId, proposalId, kind: news, occasion })),
    )
    return proposalFounderMailJob.enqueueAll(trx, reminders)
  })
}

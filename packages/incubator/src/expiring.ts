import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { expiryReminderDays } from './expiry-reminders.ts'
import { statusesMovableTo } from './transitions.ts'

/** A proposal whose support window closes soon. */
export interface ExpiringProposal {
  id: string
  slug: string
  diseaseName: string
  expiresAt: Date
}

/**
 * The proposals that may expire within `expiryReminderDays` of `now` (the window in which their founders are
 * reminded), soonest first: what staff's dashboard warns about, as a query its page's statement reads.
 *
 * @example const soon = await expiringProposals(db).execute() // [{ id: '7', slug: 'fop', diseaseName: '…', expiresAt: Date }]
 */
export function expiringProposals(db: Kysely<HubDatabase>, now: Date = new Date(), limit = 50) {
  return db
    .selectFrom('hub.proposals')
    .select(['id', 'slug', 'disease_name as diseaseName', 'expires_at as expiresAt'])
    .where('status', 'in', statusesMovableTo('expired', 'system'))
    .where('expires_at', '>', now)
    .where('expires_at', '<=', sql<Date>`${now}::timestamptz + make_interval(days => ${expiryReminderDays}::int)`)
    .orderBy('expires_at')
    .orderBy('id')
    .limit(limit)
}

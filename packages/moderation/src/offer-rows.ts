import { sql } from 'kysely'
import type { TenantQuery } from '@kindred/community'
import type { OwnershipOffer } from './views.ts'

/** Offers with the pseudonyms of the owner who made them and the moderator they were made to. */
export function selectOffers(tenant: TenantQuery) {
  return tenant
    .selectFrom('ownership_offers as o')
    .innerJoin('members as offerer', 'offerer.member_id', 'o.offered_by')
    .innerJoin('members as offeree', 'offeree.member_id', 'o.offered_to')
    .select([
      'o.id',
      'o.offered_by',
      'offerer.pseudonym as offered_by_pseudonym',
      'o.offered_to',
      'offeree.pseudonym as offered_to_pseudonym',
      'o.reason',
      'o.outcome',
      'o.created_at',
      'o.closed_at',
    ])
}

type OfferRow = Awaited<ReturnType<ReturnType<typeof selectOffers>['executeTakeFirstOrThrow']>>

export const offerView = (row: OfferRow): OwnershipOffer => ({
  id: row.id,
  offeredBy: { memberId: row.offered_by, pseudonym: row.offered_by_pseudonym },
  offeredTo: { memberId: row.offered_to, pseudonym: row.offered_to_pseudonym },
  reason: row.reason,
  state: row.outcome ?? 'open',
  createdAt: row.created_at,
  closedAt: row.closed_at,
})

/**
 * Closes the open offer as lapsed when what it offered no longer holds: ownership changed hands some other
 * way (no `memberId`), or the member it was made by or to stopped being an owner or a moderator. The
 * change that made it lapse is what the moderation log records.
 */
export async function lapseOffers(trx: TenantQuery, memberId?: string): Promise<void> {
  let update = trx
    .updateTable('ownership_offers')
    .set({ closed_at: sql<Date>`now()`, outcome: 'lapsed' })
    .where('closed_at', 'is', null)
  if (memberId !== undefined) update = update.where((eb) => eb.or([eb('offered_by', '=', memberId), eb('offered_to', '=', memberId)]))
  await update.execute()
}

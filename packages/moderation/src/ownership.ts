import { sql } from 'kysely'
import { KindredError } from '@kindred/errors'
import { assertModerator, type CommunityActor, type OwnershipOfferOutcome, type TenantQuery } from '@kindred/community'
import { writeLog } from './log.ts'
import { assertOwner, isCurrent, memberForUpdate, setRole, type MemberRow } from './members.ts'
import { lapseOffers, offerView, selectOffers } from './offer-rows.ts'
import type { OwnershipOffer } from './views.ts'

const uniqueViolation = '23505'

/** What the log says when a former owner becomes a moderator by handing ownership over. */
export const handedOverReason = 'Handed ownership over'

const closedMessages: Record<OwnershipOfferOutcome, string> = {
  accepted: 'This offer of ownership was accepted already',
  declined: 'This offer of ownership was declined',
  withdrawn: 'This offer of ownership was withdrawn',
  lapsed: 'This offer of ownership lapsed: ownership changed hands, or its moderator stopped moderating',
}

async function findOffer(trx: TenantQuery, offerId: string, lock: boolean) {
  const select = trx.selectFrom('ownership_offers').select(['id', 'offered_by', 'offered_to', 'outcome']).where('id', '=', offerId)
  const offer = await (lock ? select.forUpdate() : select).executeTakeFirst()
  if (offer === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such offer of ownership')
  return offer
}

const offerForUpdate = (trx: TenantQuery, offerId: string) => findOffer(trx, offerId, true)

type OfferLock = Awaited<ReturnType<typeof offerForUpdate>>

function assertOpen(offer: OfferLock): void {
  if (offer.outcome !== null) throw new KindredError('KINDRED_OWNERSHIP_OFFER_CLOSED', closedMessages[offer.outcome])
}

// Only the moderator it was made to answers an offer.
function assertOfferedTo(actor: CommunityActor, offer: OfferLock): void {
  if (offer.offered_to !== actor.member.memberId)
    throw new KindredError('KINDRED_FORBIDDEN', 'This offer of ownership was made to another moderator')
}

async function close(trx: TenantQuery, offerId: string, outcome: OwnershipOfferOutcome): Promise<OwnershipOffer> {
  await trx
    .updateTable('ownership_offers')
    .set({ closed_at: sql<Date>`now()`, outcome })
    .where('id', '=', offerId)
    .execute()
  return offerView(await selectOffers(trx).where('o.id', '=', offerId).executeTakeFirstOrThrow())
}

/**
 * The community's open offer of ownership, or null, for its moderators and owners (403 for anyone else):
 * the moderator it was made to reads its id here to accept or decline it.
 *
 * @example const offer = await openOwnershipOffer(actor) // { id, offeredBy, offeredTo, state: 'open', … } or null
 */
export async function openOwnershipOffer(actor: CommunityActor): Promise<OwnershipOffer | null> {
  assertModerator(actor.member)
  const row = await selectOffers(actor.tenant.query).where('o.closed_at', 'is', null).executeTakeFirst()
  return row === undefined ? null : offerView(row)
}

/**
 * An offer of ownership, open or closed, for the community's moderators and owners. 404 if there is none.
 *
 * @example const offer = await ownershipOffer(actor, '12')
 */
export async function ownershipOffer(actor: CommunityActor, offerId: string): Promise<OwnershipOffer> {
  assertModerator(actor.member)
  const row = await selectOffers(actor.tenant.query).where('o.id', '=', offerId).executeTakeFirst()
  if (row === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such offer of ownership')
  return offerView(row)
}

/**
 * An owner offers ownership to one of the community's current moderators (approved, not left, not banned),
 * who becomes owner only by accepting it. One offer is open at a time: 409 `KINDRED_OWNERSHIP_OFFER_OPEN`
 * while another is (the owner withdraws it first). 403 for anyone but an owner; 409 `KINDRED_CONFLICT` when
 * the member is no current moderator; 404 for no such member. Logged as `offer_ownership`.
 *
 * @example const offer = await offerOwnership(owner, moderatorId, 'Moving abroad next year')
 */
export async function offerOwnership(actor: CommunityActor, memberId: string, reason?: string): Promise<OwnershipOffer> {
  assertOwner(actor.member)
  return actor.tenant.transaction(async (trx) => {
    const target = await memberForUpdate(trx, memberId)
    if (target.role !== 'moderator' || !isCurrent(target)) {
      throw new KindredError('KINDRED_CONFLICT', 'Ownership is offered to a current moderator of the community only')
    }
    const open = await trx.selectFrom('ownership_offers').select('id').where('closed_at', 'is', null).executeTakeFirst()
    if (open !== undefined) throw offerOpen()
    let inserted: { id: string }
    try {
      inserted = await trx
        .insertInto('ownership_offers')
        .values({ offered_by: actor.member.memberId, offered_to: memberId, reason: reason ?? null })
        .returning('id')
        .executeTakeFirstOrThrow()
    } catch (error) {
      // Two owners offering at once: the unique index on the open offer lets one through.
      if ((error as { code?: string }).code === uniqueViolation) throw offerOpen()
      throw error
    }
    await writeLog(trx, actor.member.memberId, [{ action: 'offer_ownership', memberId, reason }])
    return offerView(await selectOffers(trx).where('o.id', '=', inserted.id).executeTakeFirstOrThrow())
  })
}

const offerOpen = (): KindredError =>
  new KindredError(
    'KINDRED_OWNERSHIP_OFFER_OPEN',
    'An offer of ownership is open already: it is accepted, declined or withdrawn before another is made',
  )

/**
 * An owner withdraws the open offer (403 for anyone else; 409 `KINDRED_OWNERSHIP_OFFER_CLOSED` once it was
 * answered, withdrawn or lapsed). Logged as `withdraw_ownership_offer`, naming the moderator.
 *
 * @example await withdrawOwnershipOffer(owner, offer.id, 'Staying after all')
 */
export async function withdrawOwnershipOffer(actor: CommunityActor, offerId: string, reason?: string): Promise<OwnershipOffer> {
  assertOwner(actor.member)
  return actor.tenant.transaction(async (trx) => {
    const offer = await offerForUpdate(trx, offerId)
    assertOpen(offer)
    await writeLog(trx, actor.member.memberId, [{ action: 'withdraw_ownership_offer', memberId: offer.offered_to, reason }])
    return close(trx, offerId, 'withdrawn')
  })
}

/**
 * The moderator an offer was made to declines it (403 for anyone else; 409
 * `KINDRED_OWNERSHIP_OFFER_CLOSED` when it is no longer open). Logged as `decline_ownership`, naming the
 * owner who made it.
 *
 * @example await declineOwnershipOffer(moderator, offer.id, 'Not this year')
 */
export async function declineOwnershipOffer(actor: CommunityActor, offerId: string, reason?: string): Promise<OwnershipOffer> {
  assertModerator(actor.member)
  return actor.tenant.transaction(async (trx) => {
    const offer = await offerForUpdate(trx, offerId)
    assertOfferedTo(actor, offer)
    assertOpen(offer)
    await writeLog(trx, actor.member.memberId, [{ action: 'decline_ownership', memberId: offer.offered_by, reason }])
    return close(trx, offerId, 'declined')
  })
}

/**
 * The moderator an offer was made to accepts it: in one transaction they become owner and the owner who
 * made it becomes a moderator (free to leave from then on). 403 for anyone else, and for a moderator no
 * longer current; 409 `KINDRED_OWNERSHIP_OFFER_CLOSED` when it was withdrawn, declined or lapsed; 409
 * `KINDRED_CONFLICT` if whoever made it is no longer an owner. Logged as `accept_ownership` and
 * `appoint_moderator`, both naming the former owner.
 *
 * @example const offer = await acceptOwnershipOffer(moderator, offer.id) // offer.state === 'accepted'
 */
export async function acceptOwnershipOffer(actor: CommunityActor, offerId: string): Promise<OwnershipOffer> {
  assertModerator(actor.member)
  return actor.tenant.transaction(async (trx) => {
    // Members are locked before offers everywhere (a ban locks its member, then lapses their offers), so
    // the offer is read first without a lock, its two members locked, then the offer itself.
    const seen = await findOffer(trx, offerId, false)
    assertOfferedTo(actor, seen)
    const [taker, giver] = await lockPair(trx, seen.offered_to, seen.offered_by)
    assertOpen(await offerForUpdate(trx, offerId))
    if (taker.role !== 'moderator' || !isCurrent(taker))
      throw new KindredError('KINDRED_FORBIDDEN', 'Only a current moderator takes ownership')
    if (giver.role !== 'owner') throw new KindredError('KINDRED_CONFLICT', 'Whoever made this offer is no longer an owner')
    await setRole(trx, actor.tenant.schema, taker.member_id, 'owner')
    await setRole(trx, actor.tenant.schema, giver.member_id, 'moderator')
    await writeLog(trx, taker.member_id, [
      { action: 'accept_ownership', memberId: giver.member_id },
      { action: 'appoint_moderator', memberId: giver.member_id, reason: handedOverReason },
    ])
    return close(trx, offerId, 'accepted')
  })
}

// Both rows, locked in one order (by id) whoever locks them, so two transactions on the pair cannot deadlock.
async function lockPair(trx: TenantQuery, first: string, second: string): Promise<[MemberRow, MemberRow]> {
  const [a, b] = [first, second].sort()
  const rowA = await memberForUpdate(trx, a ?? first)
  const rowB = await memberForUpdate(trx, b ?? second)
  return rowA.member_id === first ? [rowA, rowB] : [rowB, rowA]
}

export { lapseOffers }

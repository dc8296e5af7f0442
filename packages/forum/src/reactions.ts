import { sql } from 'kysely'
import { KindredError } from '@kindred/errors'
import type { TenantQuery, CommunityActor } from '@kindred/community'
import { assertCharterAccepted } from './charter.ts'

/** The "me too" count of a post after a reaction, and whether the member has one on it. */
export interface MeToo {
  meTooCount: number
  meToo: boolean
}

// +1 if the reaction is new, 0 if the member had already said it.
async function insertReaction(trx: TenantQuery, postId: string, memberId: string): Promise<number> {
  const result = await trx
    .insertInto('reactions')
    .values({ post_id: postId, member_id: memberId })
    .onConflict((conflict) => conflict.doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0n)
}

// -1 if there was a reaction to take back, 0 otherwise.
async function deleteReaction(trx: TenantQuery, postId: string, memberId: string): Promise<number> {
  const result = await trx.deleteFrom('reactions').where('post_id', '=', postId).where('member_id', '=', memberId).executeTakeFirst()
  return -Number(result.numDeletedRows)
}

// Only visible posts take reactions; the count moves with the reaction row in one transaction.
async function react(actor: CommunityActor, postId: string, add: boolean): Promise<MeToo> {
  const memberId = actor.member.memberId
  return actor.tenant.transaction(async (trx) => {
    const post = await trx
      .selectFrom('posts')
      .select(['id'])
      .where('id', '=', postId)
      .where('deleted_at', 'is', null)
      .where('hidden_at', 'is', null)
      .forUpdate()
      .executeTakeFirst()
    if (post === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such post')
    const delta = add ? await insertReaction(trx, postId, memberId) : await deleteReaction(trx, postId, memberId)
    const updated = await trx
      .updateTable('posts')
      .set({ me_too_count: sql<number>`me_too_count + ${delta}` })
      .where('id', '=', postId)
      .returning('me_too_count')
      .executeTakeFirstOrThrow()
    return { meTooCount: updated.me_too_count, meToo: add }
  })
}

/**
 * Says "me too" to a post: one per member per post (saying it again changes nothing). Needs the charter
 * in force accepted.
 *
 * @example const { meTooCount } = await addMeToo(actor, '40')
 */
export async function addMeToo(actor: CommunityActor, postId: string): Promise<MeToo> {
  await assertCharterAccepted(actor)
  return react(actor, postId, true)
}

/**
 * Takes the member's "me too" back; taking back one that is not there changes nothing.
 *
 * @example const { meTooCount } = await removeMeToo(actor, '40')
 */
export async function removeMeToo(actor: CommunityActor, postId: string): Promise<MeToo> {
  return react(actor, postId, false)
}

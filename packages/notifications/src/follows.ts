import { sql } from 'kysely'
import type { CommunityActor, FollowLevel } from '@kindred/community'
import { KindredError } from '@kindred/errors'

/**
 * How a member follows a thread: as they chose ('watching', 'muted'), else 'participating' when they
 * started it or replied to it (told of replies all the same), else 'normal' (told only of what names them).
 */
export type ThreadFollowing = FollowLevel | 'participating' | 'normal'

const noThread = (): KindredError => new KindredError('KINDRED_NOT_FOUND', 'No such thread')

/**
 * Watches or mutes a visible thread, or (`null`) goes back to following it as a participant or not at all.
 * 404 for a thread that is not there or hidden.
 *
 * @example await followThread(actor, '12', 'muted')
 */
export async function followThread(actor: CommunityActor, threadId: string, level: FollowLevel | null): Promise<ThreadFollowing> {
  const { memberId } = actor.member
  await actor.tenant.transaction(async (trx) => {
    const thread = await trx
      .selectFrom('threads')
      .select('id')
      .where('id', '=', threadId)
      .where('deleted_at', 'is', null)
      .where('hidden_at', 'is', null)
      .executeTakeFirst()
    if (thread === undefined) throw noThread()
    if (level === null) await trx.deleteFrom('thread_follows').where('member_id', '=', memberId).where('thread_id', '=', threadId).execute()
    else
      await trx
        .insertInto('thread_follows')
        .values({ member_id: memberId, thread_id: threadId, level })
        .onConflict((conflict) => conflict.columns(['member_id', 'thread_id']).doUpdateSet({ level }))
        .execute()
  })
  return threadFollowing(actor, threadId)
}

/**
 * How the member follows a thread (see ThreadFollowing), in one query.
 *
 * @example await threadFollowing(actor, '12') // 'participating'
 */
export async function threadFollowing(actor: CommunityActor, threadId: string): Promise<ThreadFollowing> {
  const { memberId } = actor.member
  const row = await actor.tenant.query
    .selectFrom('threads as t')
    .select((eb) => [
      eb
        .selectFrom('thread_follows as f')
        .select('f.level')
        .whereRef('f.thread_id', '=', 't.id')
        .where('f.member_id', '=', memberId)
        .as('level'),
      eb
        .or([
          eb('t.author_id', '=', memberId),
          eb.exists(
            eb
              .selectFrom('posts as p')
              .select(sql`1`.as('one'))
              .whereRef('p.thread_id', '=', 't.id')
              .where('p.author_id', '=', memberId),
          ),
        ])
        .as('participates'),
    ])
    .where('t.id', '=', threadId)
    .executeTakeFirst()
  if (row === undefined) throw noThread()
  return row.level ?? (row.participates === true ? 'participating' : 'normal')
}

/**
 * Watches (every new thread and reply) or mutes a category, or (`null`) follows it as before. 404 for a
 * category that is not there.
 *
 * @example await followCategory(actor, '3', 'watching')
 */
export async function followCategory(actor: CommunityActor, categoryId: string, level: FollowLevel | null): Promise<FollowLevel | null> {
  const { memberId } = actor.member
  await actor.tenant.transaction(async (trx) => {
    const category = await trx.selectFrom('categories').select('id').where('id', '=', categoryId).executeTakeFirst()
    if (category === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such category')
    if (level === null)
      await trx.deleteFrom('category_follows').where('member_id', '=', memberId).where('category_id', '=', categoryId).execute()
    else
      await trx
        .insertInto('category_follows')
        .values({ member_id: memberId, category_id: categoryId, level })
        .onConflict((conflict) => conflict.columns(['member_id', 'category_id']).doUpdateSet({ level }))
        .execute()
  })
  return level
}

/**
 * How the member follows a category: 'watching', 'muted', or null (neither). 404 for a category that is
 * not there.
 *
 * @example await categoryFollowing(actor, '3') // 'watching'
 */
export async function categoryFollowing(actor: CommunityActor, categoryId: string): Promise<FollowLevel | null> {
  const row = await actor.tenant.query
    .selectFrom('categories as c')
    .leftJoin('category_follows as f', (join) => join.onRef('f.category_id', '=', 'c.id').on('f.member_id', '=', actor.member.memberId))
    .select('f.level')
    .where('c.id', '=', categoryId)
    .executeTakeFirst()
  if (row === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such category')
  return row.level
}

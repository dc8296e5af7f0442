import { sql } from 'kysely'
import { KindredError } from '@kindred/errors'
import type { CommunityActor } from '@kindred/community'
import { forumKeys, micros } from './keys.ts'

/** Where a post is read: its thread, and the cursor of the page holding it (none for the first page). */
export interface PostPlace {
  threadId: string
  cursor?: string
}

/**
 * Where a post is found when its thread is read `limit` posts at a time from the start, as `readThread`
 * pages it: where a new reply lands, and where a link to any post leads. Deleted and hidden posts keep their
 * place, so every post has one; 404 for a post this community does not have.
 *
 * @example const { threadId, cursor } = await placeOfPost(actor, postId, 50)
 */
export async function placeOfPost(actor: CommunityActor, postId: string, limit: number): Promise<PostPlace> {
  const { query } = actor.tenant
  const target = await query
    .selectFrom('posts as target')
    .select((eb) => [
      'target.thread_id',
      eb
        .selectFrom('posts as p')
        .select(sql<string>`count(*)`.as('count'))
        .whereRef('p.thread_id', '=', 'target.thread_id')
        .where(sql<boolean>`(p.created_at, p.id) < (target.created_at, target.id)`)
        .as('earlier'),
    ])
    .where('target.id', '=', postId)
    .executeTakeFirst()
  if (target === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such post')
  const pageStart = Math.floor(Number(target.earlier ?? 0) / limit) * limit
  if (pageStart === 0) return { threadId: target.thread_id }
  // The page holding the post begins after the last post of the page before it.
  const before = await query
    .selectFrom('posts as p')
    .select(['p.id', micros('p.created_at').as('position')])
    .where('p.thread_id', '=', target.thread_id)
    .orderBy('p.created_at')
    .orderBy('p.id')
    .offset(pageStart - 1)
    .limit(1)
    .executeTakeFirstOrThrow()
  return { threadId: target.thread_id, cursor: forumKeys.encode([before.position, before.id]) }
}

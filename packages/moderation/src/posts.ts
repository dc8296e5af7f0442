import { sql } from 'kysely'
import { KindredError } from '@kindred/errors'
import { assertModerator, settleReports, type CommunityActor, type TenantQuery } from '@kindred/community'
import { postContents } from './content.ts'
import { writeLog } from './log.ts'
import type { ModeratedContent } from './views.ts'

const notFound = (): KindredError => new KindredError('KINDRED_NOT_FOUND', 'No such post')

// The post, locked for the change, and whether it opens its thread (the thread's first post).
async function postForUpdate(trx: TenantQuery, id: string) {
  const post = await trx
    .selectFrom('posts')
    .select(['id', 'thread_id', 'hidden_at', 'deleted_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  if (post === undefined) throw notFound()
  const first = await trx
    .selectFrom('posts')
    .select('id')
    .where('thread_id', '=', post.thread_id)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirstOrThrow()
  return { ...post, opening: first.id === post.id }
}

async function readPost(actor: CommunityActor, id: string): Promise<ModeratedContent> {
  const post = (await postContents(actor.tenant, [id])).get(id)
  if (post === undefined) throw notFound()
  return post
}

/**
 * A post as moderators see it: its body even when hidden (moderators and owners; 403 for anyone else).
 *
 * @example const post = await moderatedPost(actor, '40') // { state: 'hidden', bodyMarkdown: '…' }
 */
export async function moderatedPost(actor: CommunityActor, id: string): Promise<ModeratedContent> {
  assertModerator(actor.member)
  return readPost(actor, id)
}

/**
 * Hides a post from members (its place stays, shown as hidden, without its body), with the reason; its
 * open reports are resolved as `hidden`. Hiding a thread's opening post hides the whole thread (out of
 * the lists, 404 to members, no replies) until it is restored. 409 for a post already hidden or deleted.
 *
 * @example const { resolvedReports } = await hidePost(actor, '40', 'Medical advice that could harm')
 */
export async function hidePost(
  actor: CommunityActor,
  id: string,
  reason: string,
): Promise<{ post: ModeratedContent; threadHidden: boolean; resolvedReports: number }> {
  assertModerator(actor.member)
  const moderatorId = actor.member.memberId
  const outcome = await actor.tenant.transaction(async (trx) => {
    const post = await postForUpdate(trx, id)
    if (post.deleted_at !== null) throw new KindredError('KINDRED_CONFLICT', 'A deleted post has nothing left to hide')
    if (post.hidden_at !== null) throw new KindredError('KINDRED_CONFLICT', 'This post is hidden already')
    await trx
      .updateTable('posts')
      .set({ hidden_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute()
    if (post.opening)
      await trx
        .updateTable('threads')
        .set({ hidden_at: sql<Date>`now()` })
        .where('id', '=', post.thread_id)
        .execute()
    const resolved = await trx
      .updateTable('reports')
      .set({ resolved_at: sql<Date>`now()`, resolved_by: moderatorId, resolution: 'hidden' })
      .where('post_id', '=', id)
      .where('resolved_at', 'is', null)
      .returning('id')
      .execute()
    await settleReports(
      trx,
      resolved.map((report) => report.id),
    )
    await writeLog(trx, moderatorId, [{ action: 'hide_post', postId: id, threadId: post.thread_id, reason }])
    return { threadHidden: post.opening, resolvedReports: resolved.length }
  })
  return { post: await readPost(actor, id), ...outcome }
}

/**
 * Shows a hidden post to members again (and its thread, for an opening post). Reports resolved by hiding
 * it stay resolved. 409 for a post that is not hidden.
 *
 * @example await restorePost(actor, '40', 'Rephrased by its author with the moderators')
 */
export async function restorePost(actor: CommunityActor, id: string, reason?: string): Promise<ModeratedContent> {
  assertModerator(actor.member)
  await actor.tenant.transaction(async (trx) => {
    const post = await postForUpdate(trx, id)
    if (post.hidden_at === null) throw new KindredError('KINDRED_CONFLICT', 'This post is not hidden')
    await trx.updateTable('posts').set({ hidden_at: null }).where('id', '=', id).execute()
    if (post.opening) await trx.updateTable('threads').set({ hidden_at: null }).where('id', '=', post.thread_id).execute()
    await writeLog(trx, actor.member.memberId, [{ action: 'restore_post', postId: id, threadId: post.thread_id, reason }])
  })
  return readPost(actor, id)
}

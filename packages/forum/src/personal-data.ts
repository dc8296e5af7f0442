import { sql } from 'kysely'
import type { TenantHandle } from '@kindred/community'
import { renderMarkdown } from './markdown.ts'

/**
 * What the forum of one community holds from a member, for their export: the threads they opened and
 * their posts (bodies included) as whole rows, the earlier bodies of their edited posts, the posts
 * they said "me too" to, and how far they have read each thread.
 *
 * @example const forum = await exportMemberForum(tenant, memberId) // { threads, posts, postEdits, meToo, readMarks }
 */
export async function exportMemberForum(tenant: TenantHandle, memberId: string) {
  const tdb = tenant.query
  const threads = await tdb
    .selectFrom('threads')
    .select(sql<Record<string, unknown>>`to_jsonb(threads)`.as('row'))
    .where('author_id', '=', memberId)
    .orderBy('id')
    .execute()
  const posts = await tdb
    .selectFrom('posts')
    .select(sql<Record<string, unknown>>`to_jsonb(posts)`.as('row'))
    .where('author_id', '=', memberId)
    .orderBy('id')
    .execute()
  const postEdits = await tdb
    .selectFrom('post_edits as e')
    .innerJoin('posts as p', 'p.id', 'e.post_id')
    .select(['e.post_id as postId', 'e.previous_markdown as previousMarkdown', 'e.edited_at as editedAt'])
    .where('p.author_id', '=', memberId)
    .orderBy('e.id')
    .execute()
  const meToo = await tdb
    .selectFrom('reactions')
    .select(['post_id as postId', 'created_at as createdAt'])
    .where('member_id', '=', memberId)
    .orderBy('created_at')
    .execute()
  const readMarks = await tdb
    .selectFrom('read_marks')
    .select(['thread_id as threadId', 'post_id as postId', 'read_at as readAt'])
    .where('member_id', '=', memberId)
    .orderBy('thread_id')
    .execute()
  return { threads: threads.map((t) => t.row), posts: posts.map((p) => p.row), postEdits, meToo, readMarks }
}

/**
 * Erases a member's words from the forum of one community: every post body and thread title they wrote
 * becomes `notice` (thread structure and positions stay), their edit history goes, their "me too" reactions go
 * (the counts follow), and so do what they had read and what they had spent of their write budgets. Running
 * it again changes nothing more.
 *
 * @example await eraseMemberForum(tenant, memberId, '[removed at the request of its author]')
 */
export async function eraseMemberForum(tenant: TenantHandle, memberId: string, notice: string): Promise<void> {
  await tenant.transaction(async (trx) => {
    await trx
      .deleteFrom('post_edits')
      .where('post_id', 'in', (eb) => eb.selectFrom('posts').select('id').where('author_id', '=', memberId))
      .execute()
    await trx
      .updateTable('posts')
      .set({ body_markdown: notice, body_html: renderMarkdown(notice), search_vector: null })
      .where('author_id', '=', memberId)
      .execute()
    await trx.updateTable('threads').set({ title: notice }).where('author_id', '=', memberId).execute()
    await trx.deleteFrom('read_marks').where('member_id', '=', memberId).execute()
    await trx.deleteFrom('write_budgets').where('member_id', '=', memberId).execute()
    const reacted = await trx.deleteFrom('reactions').where('member_id', '=', memberId).returning('post_id').execute()
    for (const { post_id: postId } of reacted) {
      await trx
        .updateTable('posts')
        .set({ me_too_count: sql<number>`greatest(me_too_count - 1, 0)` })
        .where('id', '=', postId)
        .execute()
    }
  })
}

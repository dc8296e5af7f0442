import { sql, type Transaction } from 'kysely'
import { KindredError } from '@kindred/errors'
import type { TenantDatabase } from '@kindred/tenancy'
import { assertCharterAccepted } from './charter.ts'
import { renderMarkdown } from './markdown.ts'
import { afterPosition, micros, toPage } from './keyset.ts'
import { assertModerator, type ForumActor } from './member.ts'
import { postView, selectPosts } from './post-rows.ts'
import { postSearchVector } from './search-vector.ts'
import type { Page, PostView } from './views.ts'

export interface PostEdit {
  previousMarkdown: string
  editedAt: Date
}

const postNotFound = (): KindredError => new KindredError('KINDRED_NOT_FOUND', 'No such post')

async function readPost(actor: ForumActor, id: string): Promise<PostView> {
  const row = await selectPosts(actor.tenant, actor.member.memberId).where('p.id', '=', id).executeTakeFirst()
  if (row === undefined) throw postNotFound()
  return postView(row)
}

/**
 * Replies to a thread: 404 for a thread that is not there (or hidden), 409 `KINDRED_THREAD_LOCKED` for a
 * locked one. The thread's reply count and latest activity move in the same transaction, under a lock of
 * the thread row so a thread being locked at that moment is respected.
 *
 * @example const post = await replyToThread(actor, '12', 'Same here, since childhood.')
 */
export async function replyToThread(actor: ForumActor, threadId: string, body: string): Promise<PostView> {
  await assertCharterAccepted(actor)
  const { db, schema } = actor.tenant
  const postId = await db.transaction().execute(async (trx) => {
    const thread = await trx
      .withSchema(schema)
      .selectFrom('threads')
      .select(['locked_at'])
      .where('id', '=', threadId)
      .where('deleted_at', 'is', null)
      .where('hidden_at', 'is', null)
      .forUpdate()
      .executeTakeFirst()
    if (thread === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such thread')
    if (thread.locked_at !== null) throw new KindredError('KINDRED_THREAD_LOCKED', 'This thread is locked: it takes no more replies')
    const post = await trx
      .withSchema(schema)
      .insertInto('posts')
      .values({
        thread_id: threadId,
        author_id: actor.member.memberId,
        body_markdown: body,
        body_html: renderMarkdown(body),
        search_vector: postSearchVector(schema, null, body),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await trx
      .withSchema(schema)
      .updateTable('threads')
      .set({ reply_count: sql<number>`reply_count + 1`, last_activity_at: sql<Date>`now()` })
      .where('id', '=', threadId)
      .execute()
    return post.id
  })
  return readPost(actor, postId)
}

// The member's own post, locked for the change: 404 if absent, 403 if someone else's.
async function ownPostForUpdate(trx: Transaction<TenantDatabase>, schema: string, actor: ForumActor, id: string) {
  const row = await trx
    .withSchema(schema)
    .selectFrom('posts')
    .select(['author_id', 'thread_id', 'body_markdown', 'deleted_at', 'hidden_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  if (row === undefined) throw postNotFound()
  if (row.author_id !== actor.member.memberId) throw new KindredError('KINDRED_FORBIDDEN', 'Only its author can change a post')
  return row
}

// The thread's title if the post opens its thread (the title is searched with the opening post), else null.
async function openingPostTitle(trx: Transaction<TenantDatabase>, schema: string, threadId: string, postId: string): Promise<string | null> {
  const opening = await trx
    .withSchema(schema)
    .selectFrom('posts as p')
    .innerJoin('threads as t', 't.id', 'p.thread_id')
    .select(['p.id', 't.title'])
    .where('p.thread_id', '=', threadId)
    .orderBy('p.created_at')
    .orderBy('p.id')
    .limit(1)
    .executeTakeFirstOrThrow()
  return opening.id === postId ? opening.title : null
}

/**
 * Changes the member's own post; the previous body goes into its edit history (for moderators). A deleted
 * or hidden post cannot be edited (409).
 *
 * @example const post = await editPost(actor, '40', 'Corrected: since 2019.')
 */
export async function editPost(actor: ForumActor, id: string, body: string): Promise<PostView> {
  await assertCharterAccepted(actor)
  const { db, schema } = actor.tenant
  await db.transaction().execute(async (trx) => {
    const post = await ownPostForUpdate(trx, schema, actor, id)
    if (post.deleted_at !== null || post.hidden_at !== null) throw new KindredError('KINDRED_CONFLICT', 'A deleted or hidden post cannot be edited')
    await trx.withSchema(schema).insertInto('post_edits').values({ post_id: id, previous_markdown: post.body_markdown }).execute()
    const title = await openingPostTitle(trx, schema, post.thread_id, id)
    await trx
      .withSchema(schema)
      .updateTable('posts')
      .set({ body_markdown: body, body_html: renderMarkdown(body), edited_at: sql<Date>`now()`, search_vector: postSearchVector(schema, title, body) })
      .where('id', '=', id)
      .execute()
  })
  return readPost(actor, id)
}

/**
 * Deletes the member's own post: its body, edit history and reactions go, its place in the thread stays
 * (shown as deleted). Deleting it again changes nothing.
 *
 * @example await deletePost(actor, '40')
 */
export async function deletePost(actor: ForumActor, id: string): Promise<void> {
  const { db, schema } = actor.tenant
  await db.transaction().execute(async (trx) => {
    await ownPostForUpdate(trx, schema, actor, id)
    await trx.withSchema(schema).deleteFrom('post_edits').where('post_id', '=', id).execute()
    await trx.withSchema(schema).deleteFrom('reactions').where('post_id', '=', id).execute()
    await trx
      .withSchema(schema)
      .updateTable('posts')
      .set({ body_markdown: '', body_html: '', me_too_count: 0, search_vector: null, deleted_at: sql<Date>`coalesce(deleted_at, now())` })
      .where('id', '=', id)
      .execute()
  })
}

/**
 * A post's earlier bodies, oldest first, a page at a time (keyset: `edited_at, id`; an author may edit
 * without end), for moderators and owners (403 for anyone else). A tampered cursor is 400.
 *
 * @example const { items, next } = await postEdits(actor, '40', { limit: 20 }) // items: [{ previousMarkdown, editedAt }]
 */
export async function postEdits(actor: ForumActor, id: string, page: { cursor?: string; limit: number }): Promise<Page<PostEdit>> {
  assertModerator(actor.member)
  const { db, schema } = actor.tenant
  const post = await db.withSchema(schema).selectFrom('posts').select('id').where('id', '=', id).executeTakeFirst()
  if (post === undefined) throw postNotFound()
  let select = db
    .withSchema(schema)
    .selectFrom('post_edits')
    .select(['id', 'previous_markdown', 'edited_at', micros('edited_at').as('position')])
    .where('post_id', '=', id)
  if (page.cursor !== undefined) select = select.where(afterPosition('edited_at', 'id', '>', page.cursor))
  const rows = await select.orderBy('edited_at').orderBy('id').limit(page.limit + 1).execute()
  return toPage(rows, page.limit, (row) => ({ previousMarkdown: row.previous_markdown, editedAt: row.edited_at }))
}

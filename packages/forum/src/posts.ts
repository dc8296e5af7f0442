import { sql } from 'kysely'
import { KindredError } from '@kindred/errors'
import {
  assertModerator,
  assertWithinBudgets,
  budgetValues,
  budgetWaitMs,
  queryTemplate,
  spendBudgets,
  spentBudgets,
  withinBudgets,
  type BudgetValues,
  type CommunityActor,
  type TenantHandle,
  type TenantQuery,
} from '@kindred/community'
import { assertCharterAccepted } from './charter.ts'
import { renderMarkdown } from './markdown.ts'
import { afterPosition, micros, toPage } from './keys.ts'
import { newPostValues, postView, selectPosts, writtenPost, writtenRow, type NewPostValues } from './post-rows.ts'
import { assertMayPost, postingStanding } from './posting-standing.ts'
import { postSearchVector } from './search-vector.ts'
import type { Page, PostView } from './views.ts'

export interface PostEdit {
  previousMarkdown: string
  editedAt: Date
}

const postNotFound = (): KindredError => new KindredError('KINDRED_NOT_FOUND', 'No such post')

async function readPost(actor: CommunityActor, id: string): Promise<PostView> {
  const row = await selectPosts(actor.tenant, actor.member.memberId).where('p.id', '=', id).executeTakeFirst()
  if (row === undefined) throw postNotFound()
  return postView(row)
}

type ReplyValues = NewPostValues & BudgetValues & { threadId: string }

// A reply in one statement (one round trip, atomic as a transaction): the member's posts budget, the
// author's standing and charter acceptance, the thread's reply count and latest activity, the post with
// its search vector, its place in the fan-out's queue; the last select says which check refused.
// Compiled once per community.
//
// The thread row is locked once, by the update, whose conditions are checked again on the row's latest
// version (so a moderator locking the thread at that moment is respected). Locking it first (FOR NO KEY
// UPDATE) and updating it after in the same statement deadlocked under concurrent replies: the update
// works from the statement's snapshot, an older version of the row, and waited on that version's tuple
// lock, held by another reply waiting for this one's lock.
const writeReply = queryTemplate((tenant: TenantHandle, values: ReplyValues) =>
  tenant.query
    .with('poster', (db) => postingStanding(db, values.memberId))
    .with('spent', (db) => spentBudgets(db, values.memberId, values))
    // The thread as the statement found it: why nothing was written, if nothing was.
    .with('thread', (db) =>
      db
        .selectFrom('threads')
        .select(['id', 'locked_at'])
        .where('id', '=', values.threadId)
        .where('deleted_at', 'is', null)
        .where('hidden_at', 'is', null),
    )
    .with('bumped', (db) =>
      db
        .updateTable('threads')
        .from('poster')
        .set({ reply_count: sql<number>`reply_count + 1`, last_activity_at: sql<Date>`now()` })
        .where('threads.id', '=', values.threadId)
        .where('threads.deleted_at', 'is', null)
        .where('threads.hidden_at', 'is', null)
        .where('threads.locked_at', 'is', null)
        .where((eb) => eb.ref('poster.may_post'))
        .where(withinBudgets)
        .returning('threads.id'),
    )
    .with('post', (db) =>
      db
        .insertInto('posts')
        .columns(['thread_id', 'author_id', 'body_markdown', 'body_html', 'search_vector'])
        .expression((eb) =>
          eb
            .selectFrom('bumped')
            .select([
              'bumped.id',
              sql<string>`${values.memberId}::uuid`.as('author_id'),
              sql<string>`${values.body}::text`.as('body_markdown'),
              sql<string>`${values.html}::text`.as('body_html'),
              postSearchVector(tenant.schema, null, values.body).as('search_vector'),
            ]),
        )
        .returning(['id', 'thread_id', 'created_at', 'me_too_count']),
    )
    // Queued for the fan-out, which tells those who follow the thread or are mentioned.
    .with('noticed', (db) =>
      db
        .insertInto('post_notices')
        .columns(['post_id'])
        .expression((eb) => eb.selectFrom('post').select('post.id')),
    )
    .selectFrom('poster')
    .leftJoin('thread', (join) => join.onTrue())
    .leftJoin('post', (join) => join.onTrue())
    .select([
      budgetWaitMs.as('budget_wait_ms'),
      'poster.left_at',
      'poster.banned_at',
      'poster.approval',
      'poster.accepted',
      'thread.id as found_thread',
      'thread.locked_at',
      'post.id',
      'post.thread_id',
      'post.created_at',
      'post.me_too_count',
    ]),
)

/**
 * Replies to a thread, in one statement that spends the member's posts budget (429 `KINDRED_RATE_LIMITED`
 * once it is exceeded, before any other refusal): 403 `KINDRED_CHARTER_ACCEPTANCE_REQUIRED` for a member who has
 * not accepted the charter in force, 404 for a thread that is not there (or hidden), 409
 * `KINDRED_THREAD_LOCKED` for a locked one, 409 `KINDRED_CONFLICT` for one locked, hidden or deleted as the
 * reply was written. The thread's reply count and latest activity move in the same statement. The
 * answer is made of what the statement returned and what the actor knows, with no read after the write.
 *
 * @example const post = await replyToThread(actor, '12', 'Same here, since childhood.')
 */
export async function replyToThread(actor: CommunityActor, threadId: string, body: string): Promise<PostView> {
  const post = newPostValues(actor.member, body)
  const [row] = await writeReply(actor.tenant, { ...post, ...budgetValues(actor, ['posts']), threadId })
  assertWithinBudgets(row?.budget_wait_ms)
  assertMayPost(row)
  if (row.found_thread === null) throw new KindredError('KINDRED_NOT_FOUND', 'No such thread')
  if (row.locked_at !== null) throw new KindredError('KINDRED_THREAD_LOCKED', 'This thread is locked: it takes no more replies')
  // Locked, hidden or deleted while the statement ran.
  if (row.id === null) throw new KindredError('KINDRED_CONFLICT', 'The thread changed as you replied; reload it and try again')
  const written = writtenRow(row, ['id', 'thread_id', 'created_at', 'me_too_count'])
  return writtenPost(
    { id: written.id, threadId: written.thread_id, createdAt: written.created_at, meTooCount: written.me_too_count },
    actor.member,
    post,
  )
}

// The rules of changing a post, whether it is being changed or only about to be (a form to fill in first).
function assertMayChange<Row extends { author_id: string }>(actor: CommunityActor, row: Row | undefined): Row {
  if (row === undefined) throw postNotFound()
  if (row.author_id !== actor.member.memberId) throw new KindredError('KINDRED_FORBIDDEN', 'Only its author can change a post')
  return row
}

const notEditable = (): KindredError => new KindredError('KINDRED_CONFLICT', 'A deleted or hidden post cannot be edited')

// The member's own post, locked for the change: 404 if absent, 403 if someone else's.
async function ownPostForUpdate(trx: TenantQuery, actor: CommunityActor, id: string) {
  const row = await trx
    .selectFrom('posts')
    .select(['author_id', 'thread_id', 'body_markdown', 'deleted_at', 'hidden_at'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  return assertMayChange(actor, row)
}

/**
 * The member's own post, as they are about to edit or delete it, under the rules `editPost` and `deletePost`
 * apply: 404 if there is no such post, 403 `KINDRED_FORBIDDEN` if it is someone else's, and with
 * `{ toEdit: true }` 409 `KINDRED_CONFLICT` for a deleted or hidden post.
 *
 * @example const post = await ownPost(actor, '40', { toEdit: true }) // post.bodyMarkdown fills the edit form
 */
export async function ownPost(actor: CommunityActor, id: string, options: { toEdit: boolean }): Promise<PostView> {
  const row = await selectPosts(actor.tenant, actor.member.memberId).where('p.id', '=', id).executeTakeFirst()
  const post = postView(assertMayChange(actor, row))
  if (options.toEdit && post.state !== 'visible') throw notEditable()
  return post
}

// The thread's title if the post opens its thread (the title is searched with the opening post), else null.
async function openingPostTitle(trx: TenantQuery, threadId: string, postId: string): Promise<string | null> {
  const opening = await trx
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
 * Changes the member's own post, spending the member's posts budget (429 once it is exceeded); the previous
 * body goes into its edit history (for moderators). A deleted or hidden post cannot be edited (409).
 *
 * @example const post = await editPost(actor, '40', 'Corrected: since 2019.')
 */
export async function editPost(actor: CommunityActor, id: string, body: string): Promise<PostView> {
  await spendBudgets(actor, ['posts'])
  await assertCharterAccepted(actor)
  await actor.tenant.transaction(async (trx) => {
    const post = await ownPostForUpdate(trx, actor, id)
    if (post.deleted_at !== null || post.hidden_at !== null) throw notEditable()
    await trx.insertInto('post_edits').values({ post_id: id, previous_markdown: post.body_markdown }).execute()
    const title = await openingPostTitle(trx, post.thread_id, id)
    await trx
      .updateTable('posts')
      .set({
        body_markdown: body,
        body_html: renderMarkdown(body),
        edited_at: sql<Date>`now()`,
        search_vector: postSearchVector(actor.tenant.schema, title, body),
      })
      .where('id', '=', id)
      .execute()
  })
  return readPost(actor, id)
}

/**
 * Deletes the member's own post, spending the member's posts budget (429 once it is exceeded): its body, edit history and reactions go, its place in the thread stays
 * (shown as deleted). Deleting it again changes nothing.
 *
 * @example await deletePost(actor, '40')
 */
export async function deletePost(actor: CommunityActor, id: string): Promise<void> {
  await spendBudgets(actor, ['posts'])
  await actor.tenant.transaction(async (trx) => {
    await ownPostForUpdate(trx, actor, id)
    await trx.deleteFrom('post_edits').where('post_id', '=', id).execute()
    await trx.deleteFrom('reactions').where('post_id', '=', id).execute()
    await trx
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
export async function postEdits(actor: CommunityActor, id: string, page: { cursor?: string; limit: number }): Promise<Page<PostEdit>> {
  assertModerator(actor.member)
  const { query } = actor.tenant
  const post = await query.selectFrom('posts').select('id').where('id', '=', id).executeTakeFirst()
  if (post === undefined) throw postNotFound()
  let select = query
    .selectFrom('post_edits')
    .select(['id', 'previous_markdown', 'edited_at', micros('edited_at').as('position')])
    .where('post_id', '=', id)
  if (page.cursor !== undefined) select = select.where(afterPosition('edited_at', 'id', '>', page.cursor))
  const rows = await select
    .orderBy('edited_at')
    .orderBy('id')
    .limit(page.limit + 1)
    .execute()
  return toPage(rows, page.limit, (row) => ({ previousMarkdown: row.previous_markdown, editedAt: row.edited_at }))
}

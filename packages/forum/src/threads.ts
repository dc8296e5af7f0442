import { KindredError } from '@kindred/errors'
import { queryTemplate, type TenantHandle } from '@kindred/tenancy'
import { assertCharterAccepted } from './charter.ts'
import { decodeCursor } from './cursor.ts'
import { afterKey, afterPosition, micros, toPage } from './keyset.ts'
import { renderMarkdown } from './markdown.ts'
import type { ForumActor } from './member.ts'
import { postView, selectPosts } from './post-rows.ts'
import { postSearchVector } from './search-vector.ts'
import type { Page, PostView, ThreadSummary } from './views.ts'

export interface ThreadQuery {
  categoryId?: string
  cursor?: string
  limit: number
}

export interface NewThread {
  categoryId: string
  title: string
  body: string
}

const notFound = (): KindredError => new KindredError('KINDRED_NOT_FOUND', 'No such thread')

function selectThreads(tenant: TenantHandle) {
  return tenant.db
    .withSchema(tenant.schema)
    .selectFrom('threads as t')
    .innerJoin('members as m', 'm.member_id', 't.author_id')
    .select([
      't.id',
      't.category_id',
      't.title',
      't.created_at',
      't.last_activity_at',
      't.reply_count',
      't.locked_at',
      't.author_id',
      'm.pseudonym',
      'm.role',
      micros('t.last_activity_at').as('position'),
    ])
    .where('t.deleted_at', 'is', null)
    .where('t.hidden_at', 'is', null)
}

type ThreadRow = Awaited<ReturnType<ReturnType<typeof selectThreads>['executeTakeFirstOrThrow']>>

const threadView = (row: ThreadRow): ThreadSummary => ({
  id: row.id,
  categoryId: row.category_id,
  title: row.title,
  author: { memberId: row.author_id, pseudonym: row.pseudonym, role: row.role },
  createdAt: row.created_at,
  lastActivityAt: row.last_activity_at,
  replyCount: row.reply_count,
  locked: row.locked_at !== null,
})

type ThreadListValues = {
  rows: number
  categoryId: string | undefined
  afterMicros: string | undefined
  afterId: string | undefined
}

// The list every member opens first, compiled once per community and shape (see queryTemplate).
const threadList = queryTemplate((tenant: TenantHandle, values: ThreadListValues) => {
  let select = selectThreads(tenant)
  if (values.categoryId !== undefined) select = select.where('t.category_id', '=', values.categoryId)
  if (values.afterMicros !== undefined && values.afterId !== undefined) {
    select = select.where(afterKey('t.last_activity_at', 't.id', '<', { micros: values.afterMicros, id: values.afterId }))
  }
  return select.orderBy('t.last_activity_at', 'desc').orderBy('t.id', 'desc').limit(values.rows)
})

/**
 * Threads by latest activity, newest first, a page at a time (keyset: `last_activity_at desc, id desc`);
 * hidden and deleted threads are left out. A tampered cursor is 400.
 *
 * @example const { items, next } = await listThreads(tenant, { categoryId: '2', limit: 20 })
 */
export async function listThreads(tenant: TenantHandle, query: ThreadQuery): Promise<Page<ThreadSummary>> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor)
  const rows = await threadList(tenant, { rows: query.limit + 1, categoryId: query.categoryId, afterMicros: after?.micros, afterId: after?.id })
  return toPage(rows, query.limit, threadView)
}

/** One visible thread, or 404. */
export async function findThread(tenant: TenantHandle, id: string): Promise<ThreadSummary> {
  const row = await selectThreads(tenant).where('t.id', '=', id).executeTakeFirst()
  if (row === undefined) throw notFound()
  return threadView(row)
}

/**
 * Opens a thread in a category with its opening post, in one transaction; the member must have accepted
 * the charter in force.
 *
 * @example const { thread, post } = await createThread(actor, { categoryId: '1', title: 'Hello', body: 'I am new here' })
 */
export async function createThread(actor: ForumActor, thread: NewThread): Promise<{ thread: ThreadSummary; post: PostView }> {
  await assertCharterAccepted(actor)
  const { db, schema } = actor.tenant
  const category = await db.withSchema(schema).selectFrom('categories').select('id').where('id', '=', thread.categoryId).executeTakeFirst()
  if (category === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such category')
  const ids = await db.transaction().execute(async (trx) => {
    const created = await trx
      .withSchema(schema)
      .insertInto('threads')
      .values({ category_id: thread.categoryId, author_id: actor.member.memberId, title: thread.title })
      .returning(['id', 'created_at'])
      .executeTakeFirstOrThrow()
    const post = await trx
      .withSchema(schema)
      .insertInto('posts')
      .values({
        thread_id: created.id,
        author_id: actor.member.memberId,
        body_markdown: thread.body,
        body_html: renderMarkdown(thread.body),
        created_at: created.created_at,
        search_vector: postSearchVector(schema, thread.title, thread.body),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { threadId: created.id, postId: post.id }
  })
  const post = await selectPosts(actor.tenant, actor.member.memberId).where('p.id', '=', ids.postId).executeTakeFirstOrThrow()
  return { thread: await findThread(actor.tenant, ids.threadId), post: postView(post) }
}

/**
 * A thread with its posts in order (the opening post first), a page at a time (keyset: `created_at, id`).
 *
 * @example const { thread, posts } = await readThread(actor, '12', { limit: 20 })
 */
export async function readThread(
  actor: ForumActor,
  id: string,
  page: { cursor?: string; limit: number },
): Promise<{ thread: ThreadSummary; posts: Page<PostView> }> {
  const thread = await findThread(actor.tenant, id)
  let select = selectPosts(actor.tenant, actor.member.memberId).where('p.thread_id', '=', id)
  if (page.cursor !== undefined) select = select.where(afterPosition('p.created_at', 'p.id', '>', page.cursor))
  const rows = await select.orderBy('p.created_at').orderBy('p.id').limit(page.limit + 1).execute()
  return { thread, posts: toPage(rows, page.limit, postView) }
}


import { sql } from 'kysely'
import { KindredError } from '@kindred/errors'
import {
  assertWithinBudgets,
  budgetValues,
  budgetWaitMs,
  queryTemplate,
  spentBudgets,
  withinBudgets,
  type BudgetValues,
  type CommunityActor,
  type TenantHandle,
} from '@kindred/community'
import { afterPosition, forumKeys, micros, toPage } from './keys.ts'
import { authorOf, newPostValues, postView, selectPosts, writtenPost, writtenRow, type NewPostValues } from './post-rows.ts'
import { readingColumns, readingOf, type ThreadReading } from './read-marks.ts'
import { assertMayPost, postingStanding } from './posting-standing.ts'
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
  return tenant.query
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
  readerId: string
  categoryId: string | undefined
  // The cursor's two keys as values of their own: a template's values are passed to the query as they are.
  afterMicros: string | undefined
  afterId: string | undefined
}

// The list every member opens first, with their reading of each thread, in one statement compiled once
// per community and shape (see queryTemplate).
const threadList = queryTemplate((tenant: TenantHandle, values: ThreadListValues) => {
  let select = selectThreads(tenant).select((eb) => readingColumns(eb, values.readerId))
  if (values.categoryId !== undefined) select = select.where('t.category_id', '=', values.categoryId)
  if (values.afterMicros !== undefined && values.afterId !== undefined) {
    select = select.where(forumKeys.after(['t.last_activity_at', 't.id'], 'desc', [values.afterMicros, values.afterId]))
  }
  return select.orderBy('t.last_activity_at', 'desc').orderBy('t.id', 'desc').limit(values.rows)
})

/** A thread as the list shows it to one member: its summary and their reading of it. */
export type ListedThread = ThreadSummary & ThreadReading

/**
 * Threads by latest activity, newest first, a page at a time (keyset: `last_activity_at desc, id desc`),
 * each with the reader's unread posts and its opening post's excerpt, in one statement; hidden and deleted
 * threads are left out. A tampered cursor is 400.
 *
 * @example const { items, next } = await listThreads(actor, { categoryId: '2', limit: 20 }) // items[0].unread === 3
 */
export async function listThreads(
  reader: { tenant: TenantHandle; member: { memberId: string } },
  query: ThreadQuery,
): Promise<Page<ListedThread>> {
  const after = query.cursor === undefined ? undefined : forumKeys.decode(query.cursor)
  const rows = await threadList(reader.tenant, {
    rows: query.limit + 1,
    readerId: reader.member.memberId,
    categoryId: query.categoryId,
    afterMicros: after?.[0],
    afterId: after?.[1],
  })
  return toPage(rows, query.limit, (row) => ({ ...threadView(row), ...readingOf(row) }))
}

/** One visible thread, or 404. */
export async function findThread(tenant: TenantHandle, id: string): Promise<ThreadSummary> {
  const row = await selectThreads(tenant).where('t.id', '=', id).executeTakeFirst()
  if (row === undefined) throw notFound()
  return threadView(row)
}

type NewThreadValues = NewPostValues & BudgetValues & { categoryId: string; title: string }

// The whole of opening a thread in one statement (one round trip, atomic as a transaction): the member's
// threads and posts budgets, the author's standing and charter acceptance, the category's check, the
// thread, its opening post with its search vector and its place in the fan-out's queue; each step writes
// only if the one before found what it needed, and the last select says which did not. Compiled once per
// community.
const openThread = queryTemplate((tenant: TenantHandle, values: NewThreadValues) =>
  tenant.query
    .with('poster', (db) => postingStanding(db, values.memberId))
    .with('spent', (db) => spentBudgets(db, values.memberId, values))
    .with('category', (db) => db.selectFrom('categories').select('id').where('id', '=', values.categoryId))
    .with('thread', (db) =>
      db
        .insertInto('threads')
        .columns(['category_id', 'author_id', 'title'])
        .expression((eb) =>
          eb
            .selectFrom(['category', 'poster'])
            .select(['category.id', sql<string>`${values.memberId}::uuid`.as('author_id'), sql<string>`${values.title}::text`.as('title')])
            .where((eb) => eb.ref('poster.may_post'))
            .where(withinBudgets),
        )
        .returning(['id', 'created_at', 'last_activity_at', 'reply_count', 'locked_at']),
    )
    .with('post', (db) =>
      db
        .insertInto('posts')
        .columns(['thread_id', 'author_id', 'body_markdown', 'body_html', 'created_at', 'search_vector'])
        .expression((eb) =>
          eb
            .selectFrom('thread')
            .select([
              'thread.id',
              sql<string>`${values.memberId}::uuid`.as('author_id'),
              sql<string>`${values.body}::text`.as('body_markdown'),
              sql<string>`${values.html}::text`.as('body_html'),
              'thread.created_at',
              postSearchVector(tenant.schema, values.title, values.body).as('search_vector'),
            ]),
        )
        .returning(['id', 'me_too_count']),
    )
    .with('noticed', (db) =>
      db
        .insertInto('post_notices')
        .columns(['post_id'])
        .expression((eb) => eb.selectFrom('post').select('post.id')),
    )
    .selectFrom('poster')
    .leftJoin('category', (join) => join.onTrue())
    .leftJoin('thread', (join) => join.onTrue())
    .leftJoin('post', (join) => join.onTrue())
    .select([
      budgetWaitMs.as('budget_wait_ms'),
      'poster.left_at',
      'poster.banned_at',
      'poster.approval',
      'poster.accepted',
      'category.id as found_category',
      'thread.id as thread_id',
      'thread.created_at',
      'thread.last_activity_at',
      'thread.reply_count',
      'thread.locked_at',
      'post.id as post_id',
      'post.me_too_count',
    ]),
)

/**
 * Opens a thread in a category with its opening post, in one statement that spends the member's threads
 * and posts budgets (429 `KINDRED_RATE_LIMITED` once one is exceeded, before any other refusal); the member must have accepted
 * the charter in force (403 `KINDRED_CHARTER_ACCEPTANCE_REQUIRED`), the category must exist (404). The
 * answer is made of what the statement returned and what the actor knows, with no read after the write.
 *
 * @example const { thread, post } = await createThread(actor, { categoryId: '1', title: 'Hello', body: 'I am new here' })
 */
export async function createThread(actor: CommunityActor, thread: NewThread): Promise<{ thread: ThreadSummary; post: PostView }> {
  const post = newPostValues(actor.member, thread.body)
  const budgets = budgetValues(actor, ['threads', 'posts'])
  const [row] = await openThread(actor.tenant, { ...post, ...budgets, categoryId: thread.categoryId, title: thread.title })
  assertWithinBudgets(row?.budget_wait_ms)
  assertMayPost(row)
  if (row.found_category === null) throw new KindredError('KINDRED_NOT_FOUND', 'No such category')
  const written = writtenRow(row, ['thread_id', 'created_at', 'last_activity_at', 'reply_count', 'post_id', 'me_too_count'])
  return {
    thread: {
      id: written.thread_id,
      categoryId: row.found_category,
      title: thread.title,
      author: authorOf(actor.member),
      createdAt: written.created_at,
      lastActivityAt: written.last_activity_at,
      replyCount: written.reply_count,
      locked: written.locked_at !== null,
    },
    post: writtenPost(
      { id: written.post_id, threadId: written.thread_id, createdAt: written.created_at, meTooCount: written.me_too_count },
      actor.member,
      post,
    ),
  }
}

/**
 * A thread with its posts in order (the opening post first), a page at a time (keyset: `created_at, id`),
 * and the member's read mark on it before this read (`mark`: the last post they were shown, null if none
 * or when the page is empty; see read-marks.ts). Reading moves no mark: `recordReading` does.
 *
 * @example const { thread, posts, mark } = await readThread(actor, '12', { limit: 20 })
 */
export async function readThread(
  actor: CommunityActor,
  id: string,
  page: { cursor?: string; limit: number },
): Promise<{ thread: ThreadSummary; posts: Page<PostView>; mark: string | null }> {
  const thread = await findThread(actor.tenant, id)
  let select = selectPosts(actor.tenant, actor.member.memberId)
    .select((eb) =>
      // Uncorrelated, so run once for the whole page rather than per row: the mark costs no round trip.
      eb
        .selectFrom('read_marks as r')
        .select('r.post_id')
        .where('r.thread_id', '=', id)
        .where('r.member_id', '=', actor.member.memberId)
        .as('mark'),
    )
    .where('p.thread_id', '=', id)
  if (page.cursor !== undefined) select = select.where(afterPosition('p.created_at', 'p.id', '>', page.cursor))
  const rows = await select
    .orderBy('p.created_at')
    .orderBy('p.id')
    .limit(page.limit + 1)
    .execute()
  return { thread, posts: toPage(rows, page.limit, postView), mark: rows[0]?.mark ?? null }
}

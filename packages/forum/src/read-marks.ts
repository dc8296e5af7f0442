import { sql, type ExpressionBuilder, type SqlBool, type Expression } from 'kysely'
import { KindredError } from '@kindred/errors'
import type { CommunityActor, TenantDatabase, TenantHandle } from '@kindred/community'
import { listedExcerpt } from './excerpt.ts'

/**
 * Read state, in the words of this module: a member's **mark** on a thread is the last post they were
 * shown of it (`read_marks`, one row per member and thread, only ever moved forward). A thread's **unread**
 * posts are those after the mark (post ids follow posting order) that someone else wrote and that are
 * visible; a thread the member never opened is unread from its opening post.
 */

/** The most threads with unread posts counted for one community ("99+" beyond): the switcher on every page stays cheap. */
export const unreadThreadsCap = 100

type Builder = ExpressionBuilder<TenantDatabase & { t: TenantDatabase['threads'] }, 't'>

// A post the member has not read: after their mark on the thread `t`, by someone else, visible.
function unreadPosts(eb: Builder, memberId: string) {
  return eb
    .selectFrom('posts as u')
    .whereRef('u.thread_id', '=', 't.id')
    .where('u.id', '>', (eb) => eb.fn.coalesce(markOf(eb, memberId), sql<string>`0`))
    .where('u.author_id', '<>', memberId)
    .where('u.deleted_at', 'is', null)
    .where('u.hidden_at', 'is', null)
}

function markOf(eb: Builder, memberId: string) {
  return eb.selectFrom('read_marks as r').select('r.post_id').whereRef('r.thread_id', '=', 't.id').where('r.member_id', '=', memberId)
}

// Cheap first test before counting: a thread whose last activity is not after the marked post's time has
// nothing new (replies set `last_activity_at` to their own `created_at`), which is most threads once read.
function activeSinceMark(eb: Builder, memberId: string): Expression<SqlBool> {
  const markedAt = eb
    .selectFrom('read_marks as r')
    .innerJoin('posts as rp', 'rp.id', 'r.post_id')
    .select('rp.created_at')
    .whereRef('r.thread_id', '=', 't.id')
    .where('r.member_id', '=', memberId)
  return eb('t.last_activity_at', '>', eb.fn.coalesce(markedAt, sql<Date>`'-infinity'::timestamptz`))
}

/** The most unread posts counted in one thread ("99+" beyond): a long thread never read costs no more than this. */
export const unreadPostsCap = 100

/** What the thread list shows of each thread beyond its summary, for one member. */
export interface ThreadReading {
  /** Posts after the member's mark, by others and visible, counted up to `unreadPostsCap`. */
  unread: number
  /** The opening post as plain text, shortened; null when it is no longer visible. */
  excerpt: string | null
}

/**
 * The columns of the thread `t` (a row of the thread list) that make its reading for the member: `unread`
 * (posts after their mark, counted up to the cap, and only when the thread moved since the mark) and
 * `opening` (the opening post's text, null when it is no longer visible). Selected by the list's own
 * statement, so reading state adds no round trip to it.
 */
export function readingColumns(eb: Builder, memberId: string) {
  const capped = unreadPosts(eb, memberId).select('u.id').limit(unreadPostsCap)
  return [
    eb
      .case()
      .when(activeSinceMark(eb, memberId))
      .then(eb.selectFrom(capped.as('c')).select((eb) => eb.fn.countAll<string>().as('n')))
      .else(sql<string>`0`)
      .end()
      .as('unread'),
    eb
      .selectFrom('posts as o')
      .select(sql<string | null>`case when o.deleted_at is null and o.hidden_at is null then left(o.body_markdown, 1000) end`.as('b'))
      .whereRef('o.thread_id', '=', 't.id')
      .orderBy('o.created_at')
      .orderBy('o.id')
      .limit(1)
      .as('opening'),
  ] as const
}

/** A thread's reading from the columns `readingColumns` selected. */
export const readingOf = (row: { unread: string | null; opening: string | null }): ThreadReading => ({
  unread: Number(row.unread ?? 0),
  excerpt: row.opening === null ? null : listedExcerpt(row.opening),
})

/**
 * How many visible threads of the community have posts the member has not read, up to `unreadThreadsCap`
 * (the switcher says "99+" beyond). One query; only the member's id is needed (every page's header asks,
 * for each of the visitor's communities).
 *
 * @example const count = await unreadThreadCount(actor) // 4
 */
export async function unreadThreadCount(actor: {
  tenant: TenantHandle
  member: Pick<CommunityActor['member'], 'memberId'>
}): Promise<number> {
  const { memberId } = actor.member
  const row = await actor.tenant.query
    .selectFrom((db) =>
      db
        .selectFrom('threads as t')
        .select('t.id')
        .where('t.deleted_at', 'is', null)
        .where('t.hidden_at', 'is', null)
        .where((eb) => eb.and([activeSinceMark(eb, memberId), eb.exists(unreadPosts(eb, memberId).select('u.id'))]))
        .limit(unreadThreadsCap)
        .as('unread'),
    )
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** Post ids compare as numbers (bigint), never as text: '9' comes before '10'. */
const after = (id: string, mark: string | null): boolean => mark === null || BigInt(id) > BigInt(mark)

/**
 * The first post of `posts` (a page of a thread, in order) the member has not read: after `mark` (their
 * mark before this visit), by someone else, visible. Undefined when there is none.
 *
 * @example firstUnread(actor.member, page.posts.items, page.mark)?.id // '41'
 */
export function firstUnread<P extends { id: string; author: { memberId: string }; state: string }>(
  member: { memberId: string },
  posts: readonly P[],
  mark: string | null,
): P | undefined {
  return posts.find((post) => after(post.id, mark) && post.author.memberId !== member.memberId && post.state === 'visible')
}

/**
 * Moves the member's mark on a thread forward to `postId` (a post of that thread, visible thread), in one
 * upsert that leaves a mark already at or beyond it untouched. Whether it moved is the answer. A post not
 * in the thread, or a thread hidden or deleted, is 404.
 *
 * @example await markRead(actor, '12', '41') // true: the mark was before post 41, or there was none
 */
export async function markRead(actor: CommunityActor, threadId: string, postId: string): Promise<boolean> {
  const row = await actor.tenant.query
    .with('post', (db) =>
      db
        .selectFrom('posts as p')
        .innerJoin('threads as t', 't.id', 'p.thread_id')
        .select(['p.id', 'p.thread_id'])
        .where('p.id', '=', postId)
        .where('p.thread_id', '=', threadId)
        .where('t.deleted_at', 'is', null)
        .where('t.hidden_at', 'is', null),
    )
    .with('mark', (db) =>
      db
        .insertInto('read_marks')
        .columns(['member_id', 'thread_id', 'post_id'])
        .expression((eb) => eb.selectFrom('post').select([sql<string>`${actor.member.memberId}::uuid`.as('member_id'), 'thread_id', 'id']))
        .onConflict((conflict) =>
          conflict
            .columns(['member_id', 'thread_id'])
            .doUpdateSet({ post_id: (eb) => eb.ref('excluded.post_id'), read_at: sql<Date>`now()` })
            .where('read_marks.post_id', '<', (eb) => eb.ref('excluded.post_id')),
        )
        .returning('post_id'),
    )
    .selectFrom('post')
    .leftJoin('mark', (join) => join.onTrue())
    .select(['post.id', 'mark.post_id as moved'])
    .executeTakeFirst()
  if (row === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such post in this thread')
  return row.moved !== null
}

/**
 * After a page of a thread was shown to the member: moves their mark to its last post when that is beyond
 * `mark` (their mark before the page was read), else writes nothing. At most one statement; whether the
 * mark moved is the answer.
 *
 * @example await recordReading(actor, thread.id, page.mark, page.posts.items)
 */
export async function recordReading(
  actor: CommunityActor,
  threadId: string,
  mark: string | null,
  posts: readonly { id: string }[],
): Promise<boolean> {
  // The page's highest id, not its last post: two replies written at once may stand in either order.
  const furthest = posts.reduce<string | null>((max, { id }) => (after(id, max) ? id : max), null)
  if (furthest === null || !after(furthest, mark)) return false
  return markRead(actor, threadId, furthest)
}

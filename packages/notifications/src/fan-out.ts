import { sql } from 'kysely'
import type { TenantHandle, TenantQuery } from '@kindred/community'
import { mentionCandidates, mentioned } from './mentions.ts'

/** The most posts one fan-out run reads: a burst is told in several runs, each a short transaction. */
export const fanOutBatch = 500

/** One member newly told of one post: a reply in a thread they follow, or a mention of their pseudonym. */
export interface Told {
  notificationId: string
  kind: 'reply' | 'mention'
  memberId: string
  postId: string
}

// Members in good standing, who may be told of anything.
const inGoodStanding = (trx: TenantQuery) =>
  trx.selectFrom('members').where('approval', '=', 'approved').where('left_at', 'is', null).where('banned_at', 'is', null)

// The members each post mentions (see mentionCandidates), in two statements for the whole batch: the posts'
// text, then the members any of their mentions may name. Only this community's pseudonyms are looked at.
async function mentionsOf(trx: TenantQuery, postIds: readonly string[]) {
  const posts = await trx
    .selectFrom('posts as p')
    .innerJoin('threads as t', 't.id', 'p.thread_id')
    .select(['p.id', 'p.thread_id', 'p.author_id', 'p.body_markdown'])
    .where('p.id', 'in', postIds)
    .where('p.deleted_at', 'is', null)
    .where('p.hidden_at', 'is', null)
    .where('t.deleted_at', 'is', null)
    .where('t.hidden_at', 'is', null)
    .where('p.body_markdown', 'like', '%@%')
    .execute()
  const candidates = new Map(posts.map((post) => [post.id, mentionCandidates(post.body_markdown)]))
  const names = [...new Set([...candidates.values()].flat(2).map((one) => one.toLowerCase()))]
  if (names.length === 0) return []
  const members = await inGoodStanding(trx)
    .select(['member_id', 'pseudonym'])
    // One array parameter, however many names a batch of 500 posts holds.
    .where(sql<boolean>`lower(pseudonym) = any(${names}::text[])`)
    .execute()
  const byName = new Map(members.map((member) => [member.pseudonym.toLowerCase(), member.member_id]))
  return posts.flatMap((post) =>
    [...mentioned(candidates.get(post.id) ?? [], byName)]
      .filter((memberId) => memberId !== post.author_id)
      .map((memberId) => ({ member_id: memberId, kind: 'mention' as const, thread_id: post.thread_id, post_id: post.id })),
  )
}

// A mention is addressed to the member: it is told even in a thread or category they muted, and replaces
// the reply notification of the same post (one notification per member and post).
async function tellMentions(trx: TenantQuery, postIds: readonly string[]) {
  const rows = await mentionsOf(trx, postIds)
  if (rows.length === 0) return []
  return trx
    .insertInto('notifications')
    .values(rows)
    .onConflict((conflict) => conflict.doNothing())
    .returning(['id', 'kind', 'member_id', 'post_id'])
    .execute()
}

// Who hears of a post: the thread's author and everyone who posted in it before, and whoever watches the
// thread or its category; less the post's own author, members not in good standing, and whoever muted the
// thread, or muted the category without watching the thread.
function tell(trx: TenantQuery, postIds: readonly string[]) {
  return trx
    .with('batch', (db) =>
      db
        .selectFrom('posts as p')
        .innerJoin('threads as t', 't.id', 'p.thread_id')
        .select(['p.id as post_id', 'p.thread_id', 'p.author_id', 't.category_id', 't.author_id as thread_author'])
        .where('p.id', 'in', postIds)
        .where('p.deleted_at', 'is', null)
        .where('p.hidden_at', 'is', null)
        .where('t.deleted_at', 'is', null)
        .where('t.hidden_at', 'is', null),
    )
    .with('heard', (db) =>
      db
        .selectFrom('batch as b')
        .select(['b.post_id', 'b.thread_id', 'b.thread_author as member_id'])
        .union((db) =>
          db
            .selectFrom('batch as b')
            .innerJoin('posts as q', (join) => join.onRef('q.thread_id', '=', 'b.thread_id').onRef('q.id', '<', 'b.post_id'))
            .select(['b.post_id', 'b.thread_id', 'q.author_id as member_id']),
        )
        .union((db) =>
          db
            .selectFrom('batch as b')
            .innerJoin('thread_follows as f', 'f.thread_id', 'b.thread_id')
            .select(['b.post_id', 'b.thread_id', 'f.member_id'])
            .where('f.level', '=', 'watching'),
        )
        .union((db) =>
          db
            .selectFrom('batch as b')
            .innerJoin('category_follows as c', 'c.category_id', 'b.category_id')
            .select(['b.post_id', 'b.thread_id', 'c.member_id'])
            .where('c.level', '=', 'watching'),
        ),
    )
    .insertInto('notifications')
    .columns(['member_id', 'kind', 'thread_id', 'post_id'])
    .expression((eb) =>
      eb
        .selectFrom('heard as h')
        .innerJoin('batch as b', 'b.post_id', 'h.post_id')
        .innerJoin('members as m', 'm.member_id', 'h.member_id')
        .leftJoin('thread_follows as tf', (join) =>
          join.onRef('tf.thread_id', '=', 'h.thread_id').onRef('tf.member_id', '=', 'h.member_id'),
        )
        .leftJoin('category_follows as cf', (join) =>
          join.onRef('cf.category_id', '=', 'b.category_id').onRef('cf.member_id', '=', 'h.member_id'),
        )
        .select(['h.member_id', sql<'reply'>`'reply'`.as('kind'), 'h.thread_id', 'h.post_id'])
        .whereRef('h.member_id', '<>', 'b.author_id')
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('notifications as told')
                .select(sql`1`.as('one'))
                .whereRef('told.post_id', '=', 'h.post_id')
                .whereRef('told.member_id', '=', 'h.member_id')
                .where('told.kind', '=', 'mention'),
            ),
          ),
        )
        .where('m.approval', '=', 'approved')
        .where('m.left_at', 'is', null)
        .where('m.banned_at', 'is', null)
        .where((eb) => eb.or([eb('tf.level', 'is', null), eb('tf.level', '<>', 'muted')]))
        .where((eb) => eb.or([eb('cf.level', 'is', null), eb('cf.level', '<>', 'muted'), eb('tf.level', '=', 'watching')])),
    )
    .onConflict((conflict) => conflict.doNothing())
    .returning(['id', 'kind', 'member_id', 'post_id'])
}

/**
 * Tells the members of a community of posts no one was told of yet (at most `fanOutBatch` of them, taken
 * from the queue the posts trigger fills): one notification per member and post (a mention of the member's
 * pseudonym, else a reply in a thread they follow), in one transaction that
 * also takes the posts off the queue, so two runs at once tell each post once (`skip locked`: each takes
 * others) and a run that fails tells nothing. `then` runs inside the transaction (`trx`) with who was told
 * (to queue their mail): if it throws, nothing is kept. Answers how many posts were taken (fewer than
 * `fanOutBatch`: the queue is empty).
 *
 * @example while ((await fanOutPosts(tenant, queueMail)) === fanOutBatch);
 */
export async function fanOutPosts(tenant: TenantHandle, then: (told: Told[], trx: TenantQuery) => Promise<void>): Promise<number> {
  return tenant.transaction(async (trx) => {
    const taken = await trx
      .deleteFrom('post_notices')
      .where('post_id', 'in', (db) =>
        db.selectFrom('post_notices').select('post_id').orderBy('post_id').limit(fanOutBatch).forUpdate().skipLocked(),
      )
      .returning('post_id')
      .execute()
    if (taken.length === 0) return 0
    const postIds = taken.map(({ post_id }) => post_id)
    const mentions = await tellMentions(trx, postIds)
    const replies = await tell(trx, postIds).execute()
    await then(
      [...mentions, ...replies].map((row) => ({
        notificationId: row.id,
        kind: row.kind === 'mention' ? ('mention' as const) : ('reply' as const),
        memberId: row.member_id,
        postId: row.post_id ?? '',
      })),
      trx,
    )
    return taken.length
  })
}

/** A notification a trigger wrote (a message, a decision on joining, a moderators' queue) whose mail is not queued yet. */
export interface Notice {
  notificationId: string
  kind: 'message' | 'join_decision' | 'moderation'
  memberId: string
  /** Who sent the message, for a 'message'. */
  senderId: string | null
}

/**
 * Takes notifications that triggers wrote (at most `fanOutBatch`) off their queue and hands them to `then`
 * in the same transaction, to queue their mail: two runs at once take each once, and a run that fails
 * takes nothing. Answers how many were taken (fewer than `fanOutBatch`: the queue is empty).
 *
 * @example while ((await takeNotices(tenant, queueNoticeMail)) === fanOutBatch);
 */
export async function takeNotices(tenant: TenantHandle, then: (notices: Notice[], trx: TenantQuery) => Promise<void>): Promise<number> {
  return tenant.transaction(async (trx) => {
    const taken = await trx
      .deleteFrom('notification_notices')
      .where('notification_id', 'in', (db) =>
        db
          .selectFrom('notification_notices')
          .select('notification_id')
          .orderBy('notification_id')
          .limit(fanOutBatch)
          .forUpdate()
          .skipLocked(),
      )
      .returning('notification_id')
      .execute()
    if (taken.length === 0) return 0
    const rows = await trx
      .selectFrom('notifications as n')
      .innerJoin('members as m', 'm.member_id', 'n.member_id')
      .leftJoin('messages as x', 'x.id', 'n.message_id')
      .select(['n.id', 'n.kind', 'n.member_id', 'x.sender_id'])
      .where(
        'n.id',
        'in',
        taken.map((one) => one.notification_id),
      )
      .where('m.left_at', 'is', null)
      .where('m.banned_at', 'is', null)
      .execute()
    const notices = rows.flatMap(({ id, kind, member_id, sender_id }) =>
      kind === 'message' || kind === 'join_decision' || kind === 'moderation'
        ? [{ notificationId: id, kind, memberId: member_id, senderId: sender_id }]
        : [],
    )
    await then(notices, trx)
    return taken.length
  })
}

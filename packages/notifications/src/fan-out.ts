import { sql } from 'kysely'
import type { TenantHandle, TenantQuery } from '@kindred/community'

/** The most posts one fan-out run reads: a burst is told in several runs, each a short transaction. */
export const fanOutBatch = 500

/** One member newly told of one post. */
export interface Told {
  notificationId: string
  memberId: string
  postId: string
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
        .where('m.approval', '=', 'approved')
        .where('m.left_at', 'is', null)
        .where('m.banned_at', 'is', null)
        .where((eb) => eb.or([eb('tf.level', 'is', null), eb('tf.level', '<>', 'muted')]))
        .where((eb) => eb.or([eb('cf.level', 'is', null), eb('cf.level', '<>', 'muted'), eb('tf.level', '=', 'watching')])),
    )
    .onConflict((conflict) => conflict.doNothing())
    .returning(['id', 'member_id', 'post_id'])
}

/**
 * Tells the members of a community of posts no one was told of yet (at most `fanOutBatch` of them, taken
 * from the queue the posts trigger fills): one notification per member and post, in one transaction that
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
    const rows = await tell(
      trx,
      taken.map(({ post_id }) => post_id),
    ).execute()
    await then(
      rows.map((row) => ({ notificationId: row.id, memberId: row.member_id, postId: row.post_id ?? '' })),
      trx,
    )
    return taken.length
  })
}

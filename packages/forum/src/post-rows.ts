import type { Kysely } from 'kysely'
import type { TenantDatabase, TenantHandle } from '@kindred/tenancy'
import { micros } from './keyset.ts'
import { contentState, type PostView } from './views.ts'

// Posts with their author and whether `readerId` said "me too", for one thread or one post.
export function selectPosts(tenant: TenantHandle, readerId: string) {
  const db: Kysely<TenantDatabase> = tenant.db
  return db
    .withSchema(tenant.schema)
    .selectFrom('posts as p')
    .innerJoin('members as m', 'm.member_id', 'p.author_id')
    .select((eb) => [
      'p.id',
      'p.thread_id',
      'p.author_id',
      'p.body_markdown',
      'p.body_html',
      'p.me_too_count',
      'p.created_at',
      'p.edited_at',
      'p.hidden_at',
      'p.deleted_at',
      'm.pseudonym',
      'm.role',
      micros('p.created_at').as('position'),
      eb
        .exists(eb.selectFrom('reactions as r').select('r.post_id').whereRef('r.post_id', '=', 'p.id').where('r.member_id', '=', readerId))
        .as('me_too'),
    ])
}

export type PostRow = Awaited<ReturnType<ReturnType<typeof selectPosts>['executeTakeFirstOrThrow']>>

/** A post row as members see it: a deleted or hidden post keeps its place, without its body. */
export function postView(row: PostRow): PostView {
  const state = contentState(row.deleted_at, row.hidden_at)
  const visible = state === 'visible'
  return {
    id: row.id,
    threadId: row.thread_id,
    author: { memberId: row.author_id, pseudonym: row.pseudonym, role: row.role },
    state,
    bodyMarkdown: visible ? row.body_markdown : null,
    bodyHtml: visible ? row.body_html : null,
    meTooCount: row.me_too_count,
    meToo: Boolean(row.me_too),
    createdAt: row.created_at,
    editedAt: row.edited_at,
  }
}

import { type TenantHandle, contentState, type Author, type CommunityMember } from '@kindred/community'
import { micros } from './keys.ts'
import { renderMarkdown } from './markdown.ts'
import type { PostView } from './views.ts'

// Posts with their author and whether `readerId` said "me too", for one thread or one post.
export function selectPosts(tenant: TenantHandle, readerId: string) {
  return tenant.query
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

/**
 * The row a write's statement answered, with the columns of what it wrote checked present: they come
 * through left joins (null when a check refused the write), so once the checks passed a null is a bug.
 */
export function writtenRow<Row extends object, K extends keyof Row>(
  row: Row,
  columns: readonly K[],
): Row & { [C in K]: NonNullable<Row[C]> } {
  for (const column of columns)
    if (row[column] === null || row[column] === undefined) throw new Error(`the write returned no ${String(column)}`)
  return row as Row & { [C in K]: NonNullable<Row[C]> }
}

/** What the statement that writes a post takes of it: its author, the body and its HTML. */
export type NewPostValues = {
  memberId: string
  body: string
  html: string
}

export const newPostValues = (member: CommunityMember, body: string): NewPostValues => ({
  memberId: member.memberId,
  body,
  html: renderMarkdown(body),
})

export const authorOf = ({ memberId, pseudonym, role }: CommunityMember): Author => ({ memberId, pseudonym, role })

/** A post just written, as its author sees it: what the insert returned, the author as the request knows them, the body as sent. */
export function writtenPost(
  row: { id: string; threadId: string; createdAt: Date; meTooCount: number },
  member: CommunityMember,
  post: NewPostValues,
): PostView {
  return { ...row, author: authorOf(member), state: 'visible', bodyMarkdown: post.body, bodyHtml: post.html, meToo: false, editedAt: null }
}

import { contentState, type MemberRole, type TenantHandle } from '@kindred/community'
import type { ModeratedContent } from './views.ts'

interface ContentRow {
  id: string
  threadId: string | null
  authorId: string
  pseudonym: string
  role: MemberRole
  bodyMarkdown: string
  bodyHtml: string
  hiddenAt: Date | null
  deletedAt: Date | null
  createdAt: Date
}

// The body whether hidden or not; none once deleted.
function contentView(kind: ModeratedContent['kind'], row: ContentRow): ModeratedContent {
  const state = contentState(row.deletedAt, row.hiddenAt)
  return {
    kind,
    id: row.id,
    threadId: row.threadId,
    author: { memberId: row.authorId, pseudonym: row.pseudonym, role: row.role },
    state,
    bodyMarkdown: state === 'deleted' ? null : row.bodyMarkdown,
    bodyHtml: state === 'deleted' ? null : row.bodyHtml,
    createdAt: row.createdAt,
  }
}

const byId = (kind: ModeratedContent['kind'], rows: ContentRow[]) => new Map(rows.map((row) => [row.id, contentView(kind, row)]))

/** Posts with their authors, as moderators see them, by id. */
export async function postContents(tenant: TenantHandle, ids: readonly string[]): Promise<Map<string, ModeratedContent>> {
  if (ids.length === 0) return new Map()
  const rows = await tenant.query
    .selectFrom('posts as p')
    .innerJoin('members as m', 'm.member_id', 'p.author_id')
    .select([
      'p.id',
      'p.thread_id as threadId',
      'p.author_id as authorId',
      'm.pseudonym',
      'm.role',
      'p.body_markdown as bodyMarkdown',
      'p.body_html as bodyHtml',
      'p.hidden_at as hiddenAt',
      'p.deleted_at as deletedAt',
      'p.created_at as createdAt',
    ])
    .where('p.id', 'in', ids)
    .execute()
  return byId('post', rows)
}

/** Direct messages with their senders, as moderators see them, by id. */
export async function messageContents(tenant: TenantHandle, ids: readonly string[]): Promise<Map<string, ModeratedContent>> {
  if (ids.length === 0) return new Map()
  const rows = await tenant.query
    .selectFrom('messages as msg')
    .innerJoin('members as m', 'm.member_id', 'msg.sender_id')
    .select([
      'msg.id',
      'm.member_id as authorId',
      'm.pseudonym',
      'm.role',
      'msg.body_markdown as bodyMarkdown',
      'msg.body_html as bodyHtml',
      'msg.hidden_at as hiddenAt',
      'msg.deleted_at as deletedAt',
      'msg.created_at as createdAt',
    ])
    .where('msg.id', 'in', ids)
    .execute()
  return byId(
    'message',
    rows.map((row) => ({ ...row, threadId: null })),
  )
}

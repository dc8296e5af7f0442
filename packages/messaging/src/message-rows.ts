import { contentState, type TenantHandle } from '@kindred/community'
import { micros } from '@kindred/pagination'
import type { MessageView } from './views.ts'

/** The columns of `messages as x` a message view needs. */
export const messageColumns = [
  'x.id',
  'x.sender_id',
  'x.recipient_id',
  'x.body_markdown',
  'x.body_html',
  'x.created_at',
  'x.read_at',
  'x.hidden_at',
  'x.deleted_at',
] as const

/** The columns a message view needs, and its keyset position (`created_at` in microseconds). */
export function selectMessages(tenant: TenantHandle) {
  return tenant.query.selectFrom('messages as x').select([...messageColumns, micros('x.created_at').as('position')])
}

export interface MessageRow {
  id: string
  sender_id: string
  recipient_id: string
  body_markdown: string
  body_html: string
  created_at: Date
  read_at: Date | null
  hidden_at: Date | null
  deleted_at: Date | null
}

/** A message row as its sender and recipient see it: a deleted or hidden one keeps its place, without its body. */
export function messageView(row: MessageRow): MessageView {
  const state = contentState(row.deleted_at, row.hidden_at)
  const visible = state === 'visible'
  return {
    id: row.id,
    senderId: row.sender_id,
    recipientId: row.recipient_id,
    state,
    bodyMarkdown: visible ? row.body_markdown : null,
    bodyHtml: visible ? row.body_html : null,
    createdAt: row.created_at,
    readAt: row.read_at,
  }
}

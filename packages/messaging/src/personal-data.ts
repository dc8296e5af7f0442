import { sql } from 'kysely'
import type { TenantHandle } from '@kindred/community'

/**
 * The direct messages of one community that a member sent and received, as whole rows (bodies included),
 * for their export.
 *
 * @example const { sent, received } = await exportMemberMessages(tenant, memberId)
 */
export async function exportMemberMessages(tenant: TenantHandle, memberId: string) {
  const tdb = tenant.query
  const row = sql<Record<string, unknown>>`to_jsonb(messages)`.as('row')
  const sent = await tdb.selectFrom('messages').select(row).where('sender_id', '=', memberId).orderBy('id').execute()
  const received = await tdb.selectFrom('messages').select(row).where('recipient_id', '=', memberId).orderBy('id').execute()
  return { sent: sent.map((message) => message.row), received: received.map((message) => message.row) }
}

/**
 * Erases a member's words from the direct messages of one community: the body of every message they sent
 * is cleared and the message shows as deleted, keeping its place in the other member's conversation.
 * Messages they received are the other members' words and stay. Running it again changes nothing more.
 *
 * @example await eraseMemberMessages(tenant, memberId)
 */
export async function eraseMemberMessages(tenant: TenantHandle, memberId: string): Promise<void> {
  await tenant.query
    .updateTable('messages')
    .set({ body_markdown: '', body_html: '', deleted_at: sql<Date>`coalesce(deleted_at, now())` })
    .where('sender_id', '=', memberId)
    .execute()
}

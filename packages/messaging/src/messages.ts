import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import { tellOfMessage, type CommunityActor } from '@kindred/community'
import { assertCharterAccepted, renderMarkdown } from '@kindred/forum'
import { assertMayContact } from './contact.ts'
import { messageView, selectMessages } from './message-rows.ts'
import type { MessageView } from './views.ts'

export interface NewMessage {
  /** The recipient's member id in this community. */
  to: string
  /** Markdown, rendered as forum posts are. */
  body: string
}

/**
 * Sends a direct message to another member of the community, who is notified of it. Like posting, it needs the charter in force
 * accepted; the recipient's contact settings must admit the sender (see assertMayContact); messaging
 * oneself is 400 `KINDRED_BAD_REQUEST`.
 *
 * @example const message = await sendMessage(hub, actor, { to: memberId, body: 'Hello from a fellow parent' })
 */
export async function sendMessage(hub: Kysely<HubDatabase>, actor: CommunityActor, message: NewMessage): Promise<MessageView> {
  const senderId = actor.member.memberId
  if (message.to === senderId) throw new KindredError('KINDRED_BAD_REQUEST', 'You cannot send a message to yourself')
  await assertCharterAccepted(actor)
  await assertMayContact(hub, actor.tenant, { senderId, recipientId: message.to })
  const id = await actor.tenant.transaction(async (trx) => {
    const sent = await trx
      .insertInto('messages')
      .values({ sender_id: senderId, recipient_id: message.to, body_markdown: message.body, body_html: renderMarkdown(message.body) })
      .returning('id')
      .executeTakeFirstOrThrow()
    await tellOfMessage(trx, { recipientId: message.to, messageId: sent.id })
    return sent.id
  })
  return messageView(await selectMessages(actor.tenant).where('x.id', '=', id).executeTakeFirstOrThrow())
}

/**
 * One's own message, as its sender sees it (to confirm deleting it): a message the member neither sent nor
 * received is 404; one they received is 403, as only its sender may delete it.
 *
 * @example const message = await ownMessage(actor, '31')
 */
export async function ownMessage(actor: CommunityActor, id: string): Promise<MessageView> {
  const me = actor.member.memberId
  const row = await selectMessages(actor.tenant).where('x.id', '=', id).executeTakeFirst()
  if (row === undefined || (row.sender_id !== me && row.recipient_id !== me)) throw new KindredError('KINDRED_NOT_FOUND', 'No such message')
  if (row.sender_id !== me) throw new KindredError('KINDRED_FORBIDDEN', 'Only its sender can delete a message')
  return messageView(row)
}

/**
 * Deletes one's own message (see `ownMessage` for who may): its body goes, its place in the conversation
 * stays (shown as deleted). Deleting again changes nothing.
 *
 * @example await deleteMessage(actor, '31')
 */
export async function deleteMessage(actor: CommunityActor, id: string): Promise<void> {
  await ownMessage(actor, id)
  await actor.tenant.query
    .updateTable('messages')
    .set({ body_markdown: '', body_html: '', deleted_at: sql<Date>`coalesce(deleted_at, now())` })
    .where('id', '=', id)
    .execute()
}

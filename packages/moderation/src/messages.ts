import { sql } from 'kysely'
import { KindredError } from '@kindred/errors'
import { assertModerator, settleReports, type CommunityActor, type TenantQuery } from '@kindred/community'
import { messageContents } from './content.ts'
import { writeLog } from './log.ts'
import type { ModeratedContent } from './views.ts'

// Moderators see a direct message only once one of its members reported it: conversations are private.
const notFound = (): KindredError => new KindredError('KINDRED_NOT_FOUND', 'No such reported message')

// The message, locked for the change, if it was ever reported.
async function reportedMessageForUpdate(trx: TenantQuery, id: string) {
  const message = await trx
    .selectFrom('messages as msg')
    .select(['msg.id', 'msg.hidden_at', 'msg.deleted_at'])
    .where('msg.id', '=', id)
    .where((eb) => eb.exists(eb.selectFrom('reports as r').select('r.id').whereRef('r.message_id', '=', 'msg.id')))
    .forUpdate('msg')
    .executeTakeFirst()
  if (message === undefined) throw notFound()
  return message
}

async function readMessage(actor: CommunityActor, id: string): Promise<ModeratedContent> {
  const message = (await messageContents(actor.tenant, [id])).get(id)
  if (message === undefined) throw notFound()
  return message
}

/**
 * A reported direct message as moderators see it: its body even when hidden (moderators and owners; 403
 * for anyone else). A message nobody reported is 404 to moderators too.
 *
 * @example const message = await moderatedMessage(actor, '12') // { kind: 'message', state: 'hidden', bodyMarkdown: '…' }
 */
export async function moderatedMessage(actor: CommunityActor, id: string): Promise<ModeratedContent> {
  assertModerator(actor.member)
  const reported = await actor.tenant.query.selectFrom('reports').select('id').where('message_id', '=', id).limit(1).executeTakeFirst()
  if (reported === undefined) throw notFound()
  return readMessage(actor, id)
}

/**
 * Hides a reported direct message from both its members (its place stays, without its body), with the
 * reason; its open reports are resolved as `hidden`. 409 for a message already hidden or deleted.
 *
 * @example const { resolvedReports } = await hideMessage(actor, '12', 'Unsolicited product promotion')
 */
export async function hideMessage(
  actor: CommunityActor,
  id: string,
  reason: string,
): Promise<{ message: ModeratedContent; resolvedReports: number }> {
  assertModerator(actor.member)
  const moderatorId = actor.member.memberId
  const resolvedReports = await actor.tenant.transaction(async (trx) => {
    const message = await reportedMessageForUpdate(trx, id)
    if (message.deleted_at !== null) throw new KindredError('KINDRED_CONFLICT', 'A deleted message has nothing left to hide')
    if (message.hidden_at !== null) throw new KindredError('KINDRED_CONFLICT', 'This message is hidden already')
    await trx
      .updateTable('messages')
      .set({ hidden_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute()
    const resolved = await trx
      .updateTable('reports')
      .set({ resolved_at: sql<Date>`now()`, resolved_by: moderatorId, resolution: 'hidden' })
      .where('message_id', '=', id)
      .where('resolved_at', 'is', null)
      .returning('id')
      .execute()
    await settleReports(
      trx,
      resolved.map((report) => report.id),
    )
    await writeLog(trx, moderatorId, [{ action: 'hide_message', messageId: id, reason }])
    return resolved.length
  })
  return { message: await readMessage(actor, id), resolvedReports }
}

/**
 * Shows a hidden message to its members again. Reports resolved by hiding it stay resolved. 409 for a
 * message that is not hidden.
 *
 * @example await restoreMessage(actor, '12', 'Reported by mistake')
 */
export async function restoreMessage(actor: CommunityActor, id: string, reason?: string): Promise<ModeratedContent> {
  assertModerator(actor.member)
  await actor.tenant.transaction(async (trx) => {
    const message = await reportedMessageForUpdate(trx, id)
    if (message.hidden_at === null) throw new KindredError('KINDRED_CONFLICT', 'This message is not hidden')
    await trx.updateTable('messages').set({ hidden_at: null }).where('id', '=', id).execute()
    await writeLog(trx, actor.member.memberId, [{ action: 'restore_message', messageId: id, reason }])
  })
  return readMessage(actor, id)
}

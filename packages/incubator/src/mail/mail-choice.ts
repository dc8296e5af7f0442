import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'

const macLength = 16
// What the token's signed text starts with: a community notification's token (same key, @kindred/notifications)
// starts with a community id, so neither kind of token can pass for the other.
const scope = 'incubator'
const uuidPattern = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/

const mac = (key: Buffer, payload: string): Buffer => createHmac('sha256', key).update(payload).digest().subarray(0, macLength)

/**
 * The token of the one-click link that turns the incubator's mail off for an account: its `mail_link_id`
 * (never its id or address) signed under the unsubscribe key (derived from the master key), so that it
 * works without signing in and cannot be forged for someone else.
 *
 * @example `${publicUrl}/unsubscribe/${incubatorMailToken(deps.unsubscribeKey, recipient.mailLinkId)}`
 */
export function incubatorMailToken(key: Buffer, mailLinkId: string): string {
  const payload = `${scope}.${mailLinkId}`
  return `${Buffer.from(payload).toString('base64url')}.${mac(key, payload).toString('base64url')}`
}

/**
 * The `mail_link_id` an incubator unsubscribe token names.
 *
 * @example const mailLinkId = readIncubatorMailToken(key, request.params.token)
 * @throws KindredError 400 `KINDRED_LINK_INVALID` for a token that is not one of ours (or another kind of ours).
 */
export function readIncubatorMailToken(key: Buffer, token: string): string {
  const [encoded = '', signature = ''] = token.split('.')
  const payload = Buffer.from(encoded, 'base64url').toString()
  const given = Buffer.from(signature, 'base64url')
  const [prefix = '', mailLinkId = '', ...rest] = payload.split('.')
  if (prefix !== scope || rest.length > 0 || !uuidPattern.test(mailLinkId)) {
    throw new KindredError('KINDRED_LINK_INVALID', 'This unsubscribe link is not valid')
  }
  if (given.length !== macLength || !timingSafeEqual(given, mac(key, payload))) {
    throw new KindredError('KINDRED_LINK_INVALID', 'This unsubscribe link is not valid')
  }
  return mailLinkId
}

/**
 * Turns the incubator's mail off for the account an unsubscribe link names, without signing in (the link is
 * the proof); false when no account has that link any more. Using a link twice changes nothing more.
 *
 * @example const done = await stopIncubatorMail(db, readIncubatorMailToken(key, token))
 */
export async function stopIncubatorMail(db: Kysely<HubDatabase>, mailLinkId: string): Promise<boolean> {
  const updated = await db
    .updateTable('hub.accounts')
    .set({ incubator_mail: false })
    .where('mail_link_id', '=', mailLinkId)
    .executeTakeFirst()
  return updated.numUpdatedRows > 0n
}

/**
 * Whether the account takes the incubator's mail (about its proposals and the communities it supported).
 *
 * @example const on = await incubatorMailChoice(db, accountId)
 * @throws KindredError 404 for an unknown account.
 */
export async function incubatorMailChoice(db: Kysely<HubDatabase>, accountId: string): Promise<boolean> {
  const row = await db.selectFrom('hub.accounts').select('incubator_mail').where('id', '=', accountId).executeTakeFirst()
  if (row === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such account')
  return row.incubator_mail
}

/**
 * Turns the incubator's mail on or off for the account, from its own settings.
 *
 * @example await setIncubatorMailChoice(db, accountId, false)
 */
export async function setIncubatorMailChoice(db: Kysely<HubDatabase>, accountId: string, on: boolean): Promise<void> {
  await db.updateTable('hub.accounts').set({ incubator_mail: on }).where('id', '=', accountId).execute()
}

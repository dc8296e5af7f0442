import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import { passwordLength } from './accounts.ts'
import { hashPassword, verifyPassword } from './passwords.ts'
import { revokeAllSessions } from './sessions.ts'

/**
 * Replaces an account's password after checking the current one, and ends every session of the account in
 * the same transaction: refresh tokens are revoked, and access tokens issued up to the end of the current
 * second are refused. The session the caller then starts for its client counts as issued after that.
 */
export async function changePassword(
  db: Kysely<HubDatabase>,
  accountId: string,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  if (input.newPassword.length < passwordLength.min || input.newPassword.length > passwordLength.max) {
    throw new KindredError('KINDRED_VALIDATION_FAILED', `A password has ${passwordLength.min} to ${passwordLength.max} characters`)
  }
  const row = await db.selectFrom('hub.accounts').select('password_hash').where('id', '=', accountId).executeTakeFirst()
  if (row === undefined || !(await verifyPassword(row.password_hash, input.currentPassword))) {
    throw new KindredError('KINDRED_INVALID_CREDENTIALS', 'The current password is incorrect')
  }
  const passwordHash = await hashPassword(input.newPassword)
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('hub.accounts').set({ password_hash: passwordHash }).where('id', '=', accountId).execute()
    await revokeAllSessions(trx, accountId)
  })
}

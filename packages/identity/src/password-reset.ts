import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { checkAccountLink, redeemAccountLink, retireAccountLinks } from './account-links.ts'
import { assertPasswordLength, normaliseEmail } from './accounts.ts'
import { passwordResetMailJob } from './jobs/password-reset-mail.ts'
import { hashPassword } from './passwords.ts'
import { revokeAllSessions } from './sessions.ts'

/**
 * Asks for a password reset for `email`: when an account that may still sign in (not banned, not being
 * erased) has it, queues the message with a link (`password_reset__mail`, which mints the link when it
 * runs). Says nothing either way, and does the same work up to the queueing, so neither the answer nor its
 * time tells whether the address has an account.
 *
 * @example await requestPasswordReset(db, 'Ada@example.org') // select id from hub.accounts where email = $1 …; graphile_worker.add_job(…)
 */
export async function requestPasswordReset(db: Kysely<HubDatabase>, email: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const account = await trx
      .selectFrom('hub.accounts')
      .select('id')
      .where('email', '=', normaliseEmail(email))
      .where('banned_at', 'is', null)
      .where('erasure_requested_at', 'is', null)
      .executeTakeFirst()
    if (account !== undefined) await passwordResetMailJob.enqueue(trx, { requestId: randomUUID(), accountId: account.id })
  })
}

/**
 * Sets a new password through a reset link, in one transaction: the link is used, the password replaced,
 * the account's other reset links end, and so does every session of the account (refresh tokens revoked,
 * access tokens and browser sessions issued up to now refused, as for a password change). Following the
 * link proved the address, so it counts as verified from then on. A password of the wrong length is
 * refused (`KINDRED_VALIDATION_FAILED`) before the link is touched; a link unknown, used or expired is
 * `KINDRED_LINK_INVALID`, refused before the password is hashed. Returns the account, for the caller to
 * forget what it keeps of its sessions.
 *
 * @example const { accountId } = await resetPassword(db, token, 'a new long passphrase'); sessionValidity.forget(accountId)
 */
export async function resetPassword(db: Kysely<HubDatabase>, token: string, newPassword: string): Promise<{ accountId: string }> {
  assertPasswordLength(newPassword)
  // Checked first so that a wrong token costs no password hashing; used below, in the transaction.
  await checkAccountLink(db, 'reset_password', token)
  const passwordHash = await hashPassword(newPassword)
  return db.transaction().execute(async (trx) => {
    const { accountId } = await redeemAccountLink(trx, 'reset_password', token)
    await trx
      .updateTable('hub.accounts')
      .set({ password_hash: passwordHash, email_verified_at: sql<Date>`coalesce(email_verified_at, now())` })
      .where('id', '=', accountId)
      .execute()
    await retireAccountLinks(trx, { accountId, purpose: 'reset_password' })
    await revokeAllSessions(trx, accountId)
    return { accountId }
  })
}

import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import type { Locale } from '@kindred/i18n'
import { redeemAccountLink, retireAccountLinks } from './account-links.ts'
import { emailProblem, normaliseEmail } from './accounts.ts'
import { emailChangeNoticeMailJob } from './jobs/email-change-notice-mail.ts'
import { emailVerificationMailJob } from './jobs/email-verification-mail.ts'
import { verifyPassword } from './passwords.ts'

const uniqueViolation = '23505'

const invalidLink = (): KindredError => new KindredError('KINDRED_LINK_INVALID', 'This link is not valid any more: ask for a new one')

/**
 * Refuses, with `KINDRED_EMAIL_UNVERIFIED` (403), an account that has not confirmed its address: what
 * joining a community, supporting a proposal and proposing one check first. Reading needs no address.
 *
 * @example await assertEmailVerified(db, accountId)
 */
export async function assertEmailVerified(db: Kysely<HubDatabase>, accountId: string): Promise<void> {
  const row = await db.selectFrom('hub.accounts').select('email_verified_at').where('id', '=', accountId).executeTakeFirst()
  if (row?.email_verified_at === null || row === undefined) {
    throw new KindredError(
      'KINDRED_EMAIL_UNVERIFIED',
      'Confirm your email address first: open the link mailed to you, or ask for a new one (POST /v1/me/verification)',
    )
  }
}

/**
 * Uses a verification link: the account's address is confirmed, and when the link names another address
 * (an address change), that address becomes the account's. Every other verification link of the account
 * ends with it. `KINDRED_LINK_INVALID` (400) for a link unknown, used, expired or of another purpose, of an
 * account being erased, or to an address another account has taken since.
 *
 * @example await confirmEmail(db, token)
 */
export async function confirmEmail(db: Kysely<HubDatabase>, token: string): Promise<{ accountId: string }> {
  try {
    return await db.transaction().execute(async (trx) => {
      const link = await redeemAccountLink(trx, 'verify_email', token)
      if (link.email === null) throw invalidLink()
      const confirmed = await trx
        .updateTable('hub.accounts')
        .set({ email: link.email, email_verified_at: sql<Date>`now()` })
        .where('id', '=', link.accountId)
        .where('erasure_requested_at', 'is', null)
        .returning('id')
        .executeTakeFirst()
      if (confirmed === undefined) throw invalidLink()
      await retireAccountLinks(trx, { accountId: link.accountId, purpose: 'verify_email' })
      return { accountId: link.accountId }
    })
  } catch (error) {
    if ((error as { code?: string }).code === uniqueViolation) throw invalidLink()
    throw error
  }
}

/**
 * Mails the account a new link to confirm its address; nothing when it is confirmed already. Whether the
 * message went is not said (the answer is the same), only queued in the same transaction.
 *
 * @example await requestVerification(db, accountId)
 */
export async function requestVerification(db: Kysely<HubDatabase>, accountId: string, language?: Locale): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('hub.accounts').select('email_verified_at').where('id', '=', accountId).executeTakeFirst()
    if (row === undefined || row.email_verified_at !== null) return
    await emailVerificationMailJob.enqueue(trx, { requestId: randomUUID(), accountId, ...(language === undefined ? {} : { language }) })
  })
}

export interface EmailChangeRequest {
  email: string
  /** The account's password, checked again: a session left open is not enough to take the account's mail. */
  password: string
  language?: Locale
}

/**
 * Asks to change the account's address after checking its password (`KINDRED_INVALID_CREDENTIALS`, 401,
 * otherwise; `KINDRED_VALIDATION_FAILED`, 400, for an address not shaped like one). The new address gets a
 * link (`email_verification__mail`) and becomes the account's only when it is used; the current one, if
 * confirmed, is told (`email_change_notice__mail`). An address another account has gets no link, and the
 * caller is answered as if it had: a change tells nobody which addresses have accounts.
 *
 * @example await requestEmailChange(db, accountId, { email: 'ada@example.net', password })
 */
export async function requestEmailChange(db: Kysely<HubDatabase>, accountId: string, request: EmailChangeRequest): Promise<void> {
  if (emailProblem(request.email) !== null)
    throw new KindredError('KINDRED_VALIDATION_FAILED', 'Enter an email address, like name@example.org')
  const row = await db
    .selectFrom('hub.accounts')
    .select(['email', 'password_hash', 'email_verified_at'])
    .where('id', '=', accountId)
    .executeTakeFirst()
  if (row === undefined || !(await verifyPassword(row.password_hash, request.password))) {
    throw new KindredError('KINDRED_INVALID_CREDENTIALS', 'The password is incorrect')
  }
  const email = normaliseEmail(request.email)
  const language = request.language === undefined ? {} : { language: request.language }
  if (email === row.email) return requestVerification(db, accountId, request.language)
  await db.transaction().execute(async (trx) => {
    const requestId = randomUUID()
    const taken = await trx.selectFrom('hub.accounts').select('id').where('email', '=', email).executeTakeFirst()
    if (taken === undefined) await emailVerificationMailJob.enqueue(trx, { requestId, accountId, email, ...language })
    // An address never confirmed may not be its owner's: nobody is known there to warn.
    if (row.email_verified_at !== null) await emailChangeNoticeMailJob.enqueue(trx, { requestId, accountId, from: row.email, to: email })
  })
}

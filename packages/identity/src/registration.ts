import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import type { Locale } from '@kindred/i18n'
import { assertPasswordLength, normaliseEmail } from './accounts.ts'
import { hashPassword } from './passwords.ts'
import { attemptHour, emailTakenMailJob } from './jobs/email-taken-mail.ts'
import { emailVerificationMailJob } from './jobs/email-verification-mail.ts'

/** What a registration did: the caller must answer the same either way, and only the mail differs. */
export type RegistrationOutcome = 'created' | 'taken'

export interface RegistrationRequest {
  email: string
  password: string
  displayName: string
  /** The language of the page the visitor registered on: their mail's, until they choose one. */
  language?: Locale
}

/**
 * Registers an address without telling the caller whether it already had an account: a new address gets
 * an account (not yet verified) and a verification link by mail; an address already registered gets a
 * message saying someone tried (`email_taken__mail`) and nothing else changes. Both take the same work (a
 * password hash, one transaction queueing one message), so neither the answer nor its time tells them
 * apart. The outcome is for tests and logs of counts, never for the answer.
 *
 * @example await requestRegistration(db, { email, password, displayName, language: 'fr' }) // answer 202 whatever it returns
 */
export async function requestRegistration(db: Kysely<HubDatabase>, request: RegistrationRequest): Promise<RegistrationOutcome> {
  assertPasswordLength(request.password)
  const email = normaliseEmail(request.email)
  const passwordHash = await hashPassword(request.password)
  const language = request.language === undefined ? {} : { language: request.language }
  return db.transaction().execute(async (trx) => {
    const id = randomUUID()
    const created = await trx
      .insertInto('hub.accounts')
      .values({ id, email, display_name: request.displayName.trim(), password_hash: passwordHash })
      .onConflict((conflict) => conflict.column('email').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (created !== undefined) {
      await emailVerificationMailJob.enqueue(trx, { requestId: randomUUID(), accountId: id, ...language })
      return 'created'
    }
    // Undefined only when the owner's erasure removed the account in between: then nobody is left to tell.
    const owner = await trx.selectFrom('hub.accounts').select('id').where('email', '=', email).executeTakeFirst()
    if (owner !== undefined) await emailTakenMailJob.enqueue(trx, { accountId: owner.id, hour: attemptHour(new Date()), ...language })
    return 'taken'
  })
}

import type { Kysely } from 'kysely'
import { Type } from 'typebox'
import type { HubDatabase } from '@kindred/db'
import { defaultLocale, locales, supportedLocale, type Locale } from '@kindred/i18n'

/** An account as a security message about it reads it when the message is composed. */
export interface MailRecipient {
  email: string
  verified: boolean
  /** The language the member chose, else the one the job was queued with (the page they used), else English. */
  language: Locale
}

/** A language as a mail job's payload carries it: the page a visitor used, for an account that chose none. */
export const payloadLanguage = Type.Optional(Type.Unsafe<Locale>(Type.Union(locales.map((locale) => Type.Literal(locale)))))

/**
 * The account `accountId` as its mail is written to it, or undefined when it is gone or being erased:
 * nothing is sent to an account on its way out.
 */
export async function mailRecipient(
  db: Kysely<HubDatabase>,
  accountId: string,
  fallbackLanguage: Locale | undefined,
): Promise<MailRecipient | undefined> {
  const row = await db
    .selectFrom('hub.accounts')
    .select(['email', 'language', 'email_verified_at'])
    .where('id', '=', accountId)
    .where('erasure_requested_at', 'is', null)
    .executeTakeFirst()
  if (row === undefined) return undefined
  return {
    email: row.email,
    verified: row.email_verified_at !== null,
    language: supportedLocale(row.language) ?? fallbackLanguage ?? defaultLocale,
  }
}

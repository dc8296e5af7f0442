import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { defaultLocale, supportedLocale, type Locale } from '@kindred/i18n'
import type { MailDependencies } from '@kindred/mail'
import { incubatorMailToken } from './mail-choice.ts'

/** What the incubator's mail jobs run with beyond mail: the key of one-click unsubscribe links. */
export interface IncubatorMailDependencies extends MailDependencies {
  unsubscribeKey: Buffer
}

/** An account as the incubator's mail is written to it. */
export interface IncubatorRecipient {
  email: string
  language: Locale
  mailLinkId: string
}

/**
 * The accounts among `accountIds` to write the incubator's mail to, as they are when it is composed: not
 * banned, not being erased, and not having turned that mail off. Each in its own language, else the
 * proposal's first, else English.
 *
 * @example const recipients = await incubatorRecipients(deps.db, [founderId], proposal.languages)
 */
export async function incubatorRecipients(
  db: Kysely<HubDatabase>,
  accountIds: readonly string[],
  fallbackLanguages: readonly string[],
): Promise<Map<string, IncubatorRecipient>> {
  if (accountIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('hub.accounts')
    .select(['id', 'email', 'language', 'mail_link_id'])
    .where('id', 'in', accountIds)
    .where('banned_at', 'is', null)
    .where('erasure_requested_at', 'is', null)
    .where('incubator_mail', '=', true)
    .execute()
  const fallback = supportedLocale(fallbackLanguages[0]) ?? defaultLocale
  return new Map(
    rows.map((row) => [row.id, { email: row.email, language: supportedLocale(row.language) ?? fallback, mailLinkId: row.mail_link_id }]),
  )
}

/** The one-click unsubscribe address of an incubator message to `recipient`. */
export const unsubscribeUrlOf = (deps: IncubatorMailDependencies, recipient: IncubatorRecipient): string =>
  `${deps.config.mail.publicUrl}/unsubscribe/${incubatorMailToken(deps.unsubscribeKey, recipient.mailLinkId)}`

/** A day as the recipient reads it (`3 March 2026`), in UTC as every support window is. */
export const dayOf = (at: Date, language: Locale): string =>
  new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(at)

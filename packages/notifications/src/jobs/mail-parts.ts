import type { Kysely } from 'kysely'
import { Type } from 'typebox'
import type { NotificationKind, Placements, TenantHandle, TenantQuery } from '@kindred/community'
import type { HubDatabase } from '@kindred/db'
import { supportedLocale, translator, type Locale, type Translator } from '@kindred/i18n'
import { uuidSchema } from '@kindred/job-definition'
import { composeMail, type MailDependencies, type OutgoingMail } from '@kindred/mail'
import { defaultCadences } from '../preferences.ts'
import { unsubscribeToken } from '../unsubscribe.ts'

/** What the notification mail jobs run with beyond mail: the placements, and the key of unsubscribe links. */
export interface NotificationMailDependencies extends MailDependencies {
  placements: Placements
  unsubscribeKey: Buffer
}

/** One member to write to: their account in the hub, their pairwise id in the community. */
export const recipientSchema = Type.Object({ accountId: uuidSchema, memberId: uuidSchema }, { additionalProperties: false })

/** A notification not there yet: what queued the mail has not committed. The job fails and is retried. */
export class NotYetVisible extends Error {}

/** The community a mail is about, while it is live. */
export async function communityOf(db: Kysely<HubDatabase>, communityId: string) {
  return db
    .selectFrom('hub.communities')
    .select(['name', 'slug', 'languages', 'placement', 'schema_name as schemaName'])
    .where('id', '=', communityId)
    .where('status', '=', 'live')
    .executeTakeFirst()
}

/** The community a mail names (its name only) and links to. */
export interface MailCommunity {
  id: string
  name: string
  slug: string
  languages: readonly string[]
}

/** The accounts still there to write to (not banned, not being erased), by id. */
export async function addressesOf(db: Kysely<HubDatabase>, accountIds: readonly string[]) {
  if (accountIds.length === 0) return new Map<string, { email: string; language: string | null }>()
  const rows = await db
    .selectFrom('hub.accounts')
    .select(['id', 'email', 'language'])
    .where('id', 'in', accountIds)
    .where('banned_at', 'is', null)
    .where('erasure_requested_at', 'is', null)
    .execute()
  return new Map(rows.map((row) => [row.id, row]))
}

/**
 * The accounts behind members of a community (the hub's links, never the tenant's): a member who left has
 * none. A declined applicant keeps theirs, so they hear of the decision.
 */
export async function accountsOf(db: Kysely<HubDatabase>, communityId: string, memberIds: readonly string[]): Promise<Map<string, string>> {
  if (memberIds.length === 0) return new Map()
  const links = await db
    .selectFrom('hub.memberships')
    .select(['member_id', 'account_id'])
    .where('community_id', '=', communityId)
    .where('member_id', 'in', [...new Set(memberIds)])
    .where('left_at', 'is', null)
    .execute()
  return new Map(links.map((link) => [link.member_id, link.account_id]))
}

/** Each member's choice for `kind` (their own, else the kind's default) and whether mail may carry text. */
export async function choicesOf(trx: TenantQuery, kind: NotificationKind, memberIds: readonly string[]) {
  if (memberIds.length === 0) return new Map<string, { cadence: string; includeText: boolean }>()
  const rows = await trx
    .selectFrom('notification_preferences')
    .select(['member_id', kind, 'include_text'])
    .where('member_id', 'in', memberIds)
    .execute()
  const chosen = new Map(rows.map((row) => [row.member_id, { cadence: row[kind] ?? defaultCadences[kind], includeText: row.include_text }]))
  return new Map(memberIds.map((memberId) => [memberId, chosen.get(memberId) ?? { cadence: defaultCadences[kind], includeText: false }]))
}

/** The recipient's language: their own, else the community's first, else English. */
export function languageOf(address: { language: string | null }, community: Pick<MailCommunity, 'languages'>): Locale {
  return supportedLocale(address.language) ?? supportedLocale(community.languages[0]) ?? 'en'
}

/** One notification mail before it is made: who, in which community, of which kind, and what it says. */
export interface NoticeMail {
  kind: NotificationKind
  community: MailCommunity
  memberId: string
  to: { email: string; language: Locale }
  subject: string
  paragraphs: string[]
  /** The button: its label and the site path it opens (after `/c/<slug>`). */
  action: { label: string; path: string }
}

/**
 * A notification mail as every kind sends it: HTML and text in the recipient's language, the link to the
 * member's settings, and a one-click unsubscribe from this kind in this community.
 *
 * @example const mail = noticeMail(deps, { kind: 'message', community, memberId, to, subject, paragraphs, action })
 */
export function noticeMail(deps: NotificationMailDependencies, mail: NoticeMail): OutgoingMail {
  const { t } = translator(mail.to.language)
  const { publicUrl } = deps.config.mail
  const base = `${publicUrl}/c/${mail.community.slug}`
  const token = unsubscribeToken(deps.unsubscribeKey, { communityId: mail.community.id, memberId: mail.memberId, kind: mail.kind })
  return {
    to: mail.to.email,
    ...composeMail({
      language: mail.to.language,
      subject: mail.subject,
      paragraphs: mail.paragraphs,
      action: { label: mail.action.label, url: `${base}${mail.action.path}` },
      afterAction: [t('notifyMail.settings', { url: `${base}/notifications/settings` })],
      unsubscribeUrl: `${publicUrl}/unsubscribe/${token}`,
    }),
  }
}

/** The translator of a recipient's language, for the words of their mail. */
export const wordsFor = (to: { language: Locale }): Translator => translator(to.language)

/** What a kind's words are made from: the community, its tenant, the recipient and their choices. */
export interface NoticeContext {
  community: MailCommunity
  tenant: TenantHandle
  memberId: string
  to: { email: string; language: Locale }
  includeText: boolean
  t: Translator['t']
}

/** A kind's words: the subject, the paragraphs and the button. */
export type NoticeWords = Pick<NoticeMail, 'subject' | 'paragraphs' | 'action'>

/**
 * One notification mail to one member, as every kind but posts makes it: nothing when the community is not
 * live any more, the account cannot be written to, or the member no longer takes `kind` at once; else the
 * words `words` makes (null: nothing left to tell), in a `noticeMail`.
 *
 * @example await composeNotice(deps, { communityId, recipient, kind: 'message' }, async ({ t }) => ({ subject: t('…'), … }))
 */
export async function composeNotice(
  deps: NotificationMailDependencies,
  what: { communityId: string; recipient: { accountId: string; memberId: string }; kind: NotificationKind },
  words: (context: NoticeContext) => Promise<NoticeWords | null>,
): Promise<OutgoingMail | null> {
  const found = await communityOf(deps.db, what.communityId)
  if (found === undefined) return null
  const community = { ...found, id: what.communityId }
  const tenant = deps.placements.tenantDb(found)
  const { memberId } = what.recipient
  const [addresses, choices] = await Promise.all([
    addressesOf(deps.db, [what.recipient.accountId]),
    choicesOf(tenant.query, what.kind, [memberId]),
  ])
  const address = addresses.get(what.recipient.accountId)
  const choice = choices.get(memberId)
  if (address === undefined || choice?.cadence !== 'immediately') return null
  const to = { email: address.email, language: languageOf(address, community) }
  const made = await words({ community, tenant, memberId, to, includeText: choice.includeText, t: wordsFor(to).t })
  return made === null ? null : noticeMail(deps, { kind: what.kind, community, memberId, to, ...made })
}

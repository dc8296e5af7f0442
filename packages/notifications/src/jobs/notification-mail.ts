import type { Kysely } from 'kysely'
import { Type, type Static } from 'typebox'
import type { Placements, TenantHandle } from '@kindred/community'
import type { HubDatabase } from '@kindred/db'
import { plainExcerpt } from '@kindred/forum'
import { supportedLocale, translator, type Locale } from '@kindred/i18n'
import { uuidSchema } from '@kindred/job-definition'
import { composeMail, defineMailBatchJob, type Delivery, type MailDependencies, type OutgoingMail } from '@kindred/mail'
import { defaultCadences } from '../preferences.ts'
import { unsubscribeToken } from '../unsubscribe.ts'
import { rowId } from './row-id.ts'

/** What the notification mail jobs run with beyond mail: the placements, and the key of unsubscribe links. */
export interface NotificationMailDependencies extends MailDependencies {
  placements: Placements
  unsubscribeKey: Buffer
}

/** The most recipients one mail job writes to: a thread's thousand watchers are ten jobs, run side by side. */
export const mailBatchSize = 100

const payload = Type.Object(
  {
    communityId: rowId,
    postId: rowId,
    recipients: Type.Array(Type.Object({ accountId: uuidSchema, memberId: uuidSchema }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: mailBatchSize,
    }),
  },
  { additionalProperties: false },
)

type Payload = Static<typeof payload>

// Not there yet: the fan-out that queued this has not committed. The job fails and is retried.
class NotYetVisible extends Error {}

const keyOf = (job: Payload, memberId: string): string => `notification:${job.communityId}:${job.postId}:${memberId}`

async function communityOf(db: Kysely<HubDatabase>, communityId: string) {
  return db
    .selectFrom('hub.communities')
    .select(['name', 'slug', 'languages', 'placement', 'schema_name as schemaName'])
    .where('id', '=', communityId)
    .where('status', '=', 'live')
    .executeTakeFirst()
}

// The accounts still there to write to (not banned, not being erased).
async function addressesOf(db: Kysely<HubDatabase>, accountIds: readonly string[]) {
  const rows = await db
    .selectFrom('hub.accounts')
    .select(['id', 'email', 'language'])
    .where('id', 'in', accountIds)
    .where('banned_at', 'is', null)
    .where('erasure_requested_at', 'is', null)
    .execute()
  return new Map(rows.map((row) => [row.id, row]))
}

async function replyOf(tenant: TenantHandle, postId: string) {
  return tenant.query
    .selectFrom('posts as p')
    .innerJoin('threads as t', 't.id', 'p.thread_id')
    .innerJoin('members as a', 'a.member_id', 'p.author_id')
    .select(['t.title', 'a.pseudonym', 'p.body_markdown'])
    .where('p.id', '=', postId)
    .where('p.deleted_at', 'is', null)
    .where('p.hidden_at', 'is', null)
    .where('t.deleted_at', 'is', null)
    .where('t.hidden_at', 'is', null)
    .executeTakeFirst()
}

// Each member's notification of the post and their choices: who still wants it by mail at once, and with text.
async function wantedBy(tenant: TenantHandle, postId: string, memberIds: readonly string[]) {
  const rows = await tenant.query
    .selectFrom('notifications as n')
    .leftJoin('notification_preferences as np', 'np.member_id', 'n.member_id')
    .select(['n.member_id', 'n.read_at', 'np.reply as cadence', 'np.include_text'])
    .where('n.post_id', '=', postId)
    .where('n.kind', '=', 'reply')
    .where('n.member_id', 'in', memberIds)
    .execute()
  if (rows.length < memberIds.length) throw new NotYetVisible('a notification is not committed yet')
  const wanted = rows.filter((row) => row.read_at === null && (row.cadence ?? defaultCadences.reply) === 'immediately')
  return new Map(wanted.map((row) => [row.member_id, { includeText: row.include_text === true }]))
}

interface ReplyMail {
  job: Payload
  memberId: string
  to: { email: string; language: Locale }
  community: { name: string; slug: string }
  reply: { title: string; pseudonym: string; body_markdown: string }
  includeText: boolean
}

function replyMail(deps: NotificationMailDependencies, { job, memberId, to, community, reply, includeText }: ReplyMail): OutgoingMail {
  const { t } = translator(to.language)
  const { publicUrl } = deps.config.mail
  const names = { thread: reply.title, community: community.name }
  const text = includeText ? [t('notifyMail.reply.wrote', { author: reply.pseudonym }), plainExcerpt(reply.body_markdown, 600)] : []
  const token = unsubscribeToken(deps.unsubscribeKey, { communityId: job.communityId, memberId, kind: 'reply' })
  return {
    to: to.email,
    ...composeMail({
      language: to.language,
      subject: t('notifyMail.reply.subject', names),
      paragraphs: [t('notifyMail.reply.intro', names), ...text],
      action: { label: t('notifyMail.reply.action'), url: `${publicUrl}/c/${community.slug}/p/${job.postId}` },
      afterAction: [t('notifyMail.settings', { url: `${publicUrl}/c/${community.slug}/notifications/settings` })],
      unsubscribeUrl: `${publicUrl}/unsubscribe/${token}`,
    }),
  }
}

async function compose(deps: NotificationMailDependencies, job: Payload, due: Delivery[]): Promise<Map<string, OutgoingMail | null>> {
  const messages = new Map<string, OutgoingMail | null>(due.map(({ key }) => [key, null]))
  const community = await communityOf(deps.db, job.communityId)
  if (community === undefined) return messages
  const tenant = deps.placements.tenantDb(community)
  const reply = await replyOf(tenant, job.postId)
  if (reply === undefined) return messages
  const recipients = job.recipients.filter(({ memberId }) => messages.has(keyOf(job, memberId)))
  const [addresses, wanted] = await Promise.all([
    addressesOf(
      deps.db,
      recipients.map((one) => one.accountId),
    ),
    wantedBy(
      tenant,
      job.postId,
      recipients.map((one) => one.memberId),
    ),
  ])
  for (const { accountId, memberId } of recipients) {
    const address = addresses.get(accountId)
    const choice = wanted.get(memberId)
    if (address === undefined || choice === undefined) continue
    const language = supportedLocale(address.language) ?? supportedLocale(community.languages[0]) ?? 'en'
    const to = { email: address.email, language }
    messages.set(keyOf(job, memberId), replyMail(deps, { job, memberId, to, community, reply, includeText: choice.includeText }))
  }
  return messages
}

/**
 * `notification__mail`: mails members at once of a reply in a thread they take part in or watch, up to
 * `mailBatchSize` of them per job. By default a message names the community and the thread only (the
 * author's pseudonym and the post's text only for a member who opted in), in the member's language, else
 * the community's; it says nothing of any other community. Nothing is sent when the post was hidden or
 * deleted, the notification read on the site, or the member chose otherwise meanwhile. Queued by the
 * fan-out in its own transaction, so a job may start before that commits: it then fails and is retried.
 *
 * @example await notificationMailJob.enqueueAll(hub, [{ communityId, postId, recipients: [{ accountId, memberId }] }])
 */
export const notificationMailJob = defineMailBatchJob({
  name: 'notification__mail',
  payload,
  // The fan-out commits a moment after queueing this: most jobs then find their notifications at once.
  delaySeconds: 2,
  key: (job) => `${job.communityId}:${job.postId}:${job.recipients[0]?.memberId ?? ''}`,
  deliveries: (job) => job.recipients.map(({ accountId, memberId }) => ({ key: keyOf(job, memberId), kind: 'reply', accountId })),
  compose,
})

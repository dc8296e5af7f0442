import { Type, type Static } from 'typebox'
import type { TenantHandle } from '@kindred/community'
import { plainExcerpt } from '@kindred/forum'
import { defineMailBatchJob, type Delivery, type OutgoingMail } from '@kindred/mail'
import { defaultCadences } from '../preferences.ts'
import {
  addressesOf,
  communityOf,
  languageOf,
  noticeMail,
  NotYetVisible,
  recipientSchema,
  wordsFor,
  type NotificationMailDependencies,
} from './mail-parts.ts'
import { rowId } from './row-id.ts'

export type { NotificationMailDependencies } from './mail-parts.ts'

/** The most recipients one mail job writes to: a thread's thousand watchers are ten jobs, run side by side. */
export const mailBatchSize = 100

const payload = Type.Object(
  {
    communityId: rowId,
    postId: rowId,
    /** What the post is to them: a reply in a thread they follow (the default, as before mentions), or a mention. */
    kind: Type.Optional(Type.Union([Type.Literal('reply'), Type.Literal('mention')])),
    recipients: Type.Array(recipientSchema, { minItems: 1, maxItems: mailBatchSize }),
  },
  { additionalProperties: false },
)

type Payload = Static<typeof payload>

const kindOf = (job: Payload): 'reply' | 'mention' => job.kind ?? 'reply'

// A reply keeps the key it had before mentions; a member is told of a post by one kind only.
const keyOf = (job: Payload, memberId: string): string =>
  `notification:${kindOf(job) === 'reply' ? '' : 'mention:'}${job.communityId}:${job.postId}:${memberId}`

async function postOf(tenant: TenantHandle, postId: string) {
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
async function wantedBy(tenant: TenantHandle, job: Payload, memberIds: readonly string[]) {
  const kind = kindOf(job)
  const rows = await tenant.query
    .selectFrom('notifications as n')
    .leftJoin('notification_preferences as np', 'np.member_id', 'n.member_id')
    .select(['n.member_id', 'n.read_at', `np.${kind} as cadence`, 'np.include_text'])
    .where('n.post_id', '=', job.postId)
    .where('n.kind', '=', kind)
    .where('n.member_id', 'in', memberIds)
    .execute()
  if (rows.length < memberIds.length) throw new NotYetVisible('a notification is not committed yet')
  const wanted = rows.filter((row) => row.read_at === null && (row.cadence ?? defaultCadences[kind]) === 'immediately')
  return new Map(wanted.map((row) => [row.member_id, { includeText: row.include_text === true }]))
}

async function compose(deps: NotificationMailDependencies, job: Payload, due: Delivery[]): Promise<Map<string, OutgoingMail | null>> {
  const messages = new Map<string, OutgoingMail | null>(due.map(({ key }) => [key, null]))
  const found = await communityOf(deps.db, job.communityId)
  if (found === undefined) return messages
  const tenant = deps.placements.tenantDb(found)
  const post = await postOf(tenant, job.postId)
  if (post === undefined) return messages
  const community = { ...found, id: job.communityId }
  const kind = kindOf(job)
  const recipients = job.recipients.filter(({ memberId }) => messages.has(keyOf(job, memberId)))
  const [addresses, wanted] = await Promise.all([
    addressesOf(
      deps.db,
      recipients.map((one) => one.accountId),
    ),
    wantedBy(
      tenant,
      job,
      recipients.map((one) => one.memberId),
    ),
  ])
  for (const { accountId, memberId } of recipients) {
    const address = addresses.get(accountId)
    const choice = wanted.get(memberId)
    if (address === undefined || choice === undefined) continue
    const to = { email: address.email, language: languageOf(address, community) }
    const { t } = wordsFor(to)
    const names = { thread: post.title, community: community.name }
    const text = choice.includeText ? [t('notifyMail.reply.wrote', { author: post.pseudonym }), plainExcerpt(post.body_markdown, 600)] : []
    const mail = noticeMail(deps, {
      kind,
      community,
      memberId,
      to,
      subject: t(kind === 'reply' ? 'notifyMail.reply.subject' : 'notifyMail.mention.subject', names),
      paragraphs: [t(kind === 'reply' ? 'notifyMail.reply.intro' : 'notifyMail.mention.intro', names), ...text],
      action: { label: t('notifyMail.reply.action'), path: `/p/${job.postId}` },
    })
    messages.set(keyOf(job, memberId), mail)
  }
  return messages
}

/**
 * `notification__mail`: mails members at once of a post, up to `mailBatchSize` of them per job: a reply in a
 * thread they take part in or watch, or a mention of their pseudonym. By default a message names the
 * community and the thread only (the author's pseudonym and the post's text only for a member who opted
 * in), in the member's language, else the community's; it says nothing of any other community. Nothing is
 * sent when the post was hidden or deleted, the notification read on the site, or the member chose otherwise
 * meanwhile. Queued by the fan-out in its own transaction, so a job may start before that commits: it then
 * fails and is retried.
 *
 * @example await notificationMailJob.enqueueAll(hub, [{ communityId, postId, kind: 'mention', recipients: [{ accountId, memberId }] }])
 */
export const notificationMailJob = defineMailBatchJob({
  name: 'notification__mail',
  payload,
  // The fan-out commits a moment after queueing this: most jobs then find their notifications at once.
  delaySeconds: 2,
  key: (job) => `${kindOf(job) === 'reply' ? '' : 'mention:'}${job.communityId}:${job.postId}:${job.recipients[0]?.memberId ?? ''}`,
  deliveries: (job) => job.recipients.map(({ accountId, memberId }) => ({ key: keyOf(job, memberId), kind: kindOf(job), accountId })),
  compose,
})

import { Type, type Static } from 'typebox'
import { plainExcerpt } from '@kindred/forum'
import { uuidSchema } from '@kindred/job-definition'
import { defineMailBatchJob, type OutgoingMail } from '@kindred/mail'
import { composeNotice, recipientSchema, type NoticeContext, type NotificationMailDependencies } from './mail-parts.ts'
import { rowId } from './row-id.ts'

/** How long a conversation's mail waits for more messages (each new one restarts the wait). */
export const messageMailDelaySeconds = 60

const payload = Type.Object(
  {
    communityId: rowId,
    recipient: recipientSchema,
    /** Who sent the messages: one conversation, one mail. */
    senderId: uuidSchema,
    /** The newest message notification this mail tells of (queueing again with a newer one replaces the job). */
    upTo: rowId,
  },
  { additionalProperties: false },
)

type Payload = Static<typeof payload>

// The recipient's unread notifications of the conversation's messages up to `upTo` that are still there to
// read, and the newest message's words (for a member who opted in to the text).
async function unreadOf({ tenant, memberId }: NoticeContext, job: Payload) {
  const row = await tenant.query
    .selectFrom('notifications as n')
    .innerJoin('messages as x', 'x.id', 'n.message_id')
    .innerJoin('members as s', 's.member_id', 'x.sender_id')
    .select((eb) => [eb.fn.countAll<string>().over().as('unread'), 's.pseudonym', 'x.body_markdown'])
    .where('n.member_id', '=', memberId)
    .where('n.kind', '=', 'message')
    .where('n.id', '<=', job.upTo)
    .where('n.read_at', 'is', null)
    .where('x.sender_id', '=', job.senderId)
    .where('x.read_at', 'is', null)
    .where('x.deleted_at', 'is', null)
    .where('x.hidden_at', 'is', null)
    .orderBy('x.id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row === undefined ? undefined : { ...row, unread: Number(row.unread) }
}

// One mail per conversation and newest message: a retry, or a second job with the same newest message, sends nothing more.
const deliveryKey = (job: Payload): string => `message:${job.communityId}:${job.recipient.memberId}:${job.senderId}:${job.upTo}`

async function mailOf(deps: NotificationMailDependencies, job: Payload): Promise<OutgoingMail | null> {
  return composeNotice(deps, { communityId: job.communityId, recipient: job.recipient, kind: 'message' }, async (context) => {
    const unread = await unreadOf(context, job)
    if (unread === undefined) return null
    const { t, community } = context
    const names = { count: unread.unread, community: community.name }
    const text = context.includeText
      ? [t('notifyMail.reply.wrote', { author: unread.pseudonym }), plainExcerpt(unread.body_markdown, 600)]
      : []
    return {
      subject: t('notifyMail.message.subject', names),
      paragraphs: [t('notifyMail.message.intro', names), ...text],
      action: { label: t('notifyMail.message.action'), path: `/messages/${job.senderId}` },
    }
  })
}

/**
 * `message__mail`: tells a member by mail of the direct messages one member sent them, for those who take
 * messages at once: "You have 2 new private messages in <community>", with a link to the conversation; the
 * sender's pseudonym and the newest message's text only for a member who opted in to the text. Queued by the
 * fan-out for each message, under one key per conversation and a delay that each new message restarts, so a
 * burst of messages is one mail; nothing goes when they were read (or deleted) meanwhile.
 *
 * @example await messageMailJob.enqueue(hub, { communityId, recipient: { accountId, memberId }, senderId, upTo: '31' })
 */
export const messageMailJob = defineMailBatchJob({
  name: 'message__mail',
  payload,
  delaySeconds: messageMailDelaySeconds,
  key: (job) => `${job.communityId}:${job.recipient.memberId}:${job.senderId}`,
  deliveries: (job) => [{ key: deliveryKey(job), kind: 'message', accountId: job.recipient.accountId }],
  compose: async (deps: NotificationMailDependencies, job) => new Map([[deliveryKey(job), await mailOf(deps, job)]]),
})

import { Type, type Static } from 'typebox'
import type { TenantHandle } from '@kindred/community'
import { defineMailBatchJob, type Delivery, type OutgoingMail } from '@kindred/mail'
import { composeNotice, recipientSchema, type NotificationMailDependencies } from './mail-parts.ts'
import { rowId } from './row-id.ts'

/** How long a community's moderators' mail waits for more requests and reports (each new one restarts the wait). */
export const moderationMailDelaySeconds = 300

const payload = Type.Object(
  {
    communityId: rowId,
    /** The moderators who take their queue at once. */
    recipients: Type.Array(recipientSchema, { minItems: 1, maxItems: 100 }),
    /** The newest moderation notification this batch tells of. */
    upTo: rowId,
  },
  { additionalProperties: false },
)

// What waits for the moderators now: requests to join still pending, reports still open.
async function waiting(tenant: TenantHandle) {
  const row = await tenant.query
    .selectNoFrom((eb) => [
      eb
        .selectFrom('members')
        .select((inner) => inner.fn.countAll<string>().as('n'))
        .where('approval', '=', 'pending')
        .where('left_at', 'is', null)
        .where('banned_at', 'is', null)
        .as('requests'),
      eb
        .selectFrom('reports')
        .select((inner) => inner.fn.countAll<string>().as('n'))
        .where('resolved_at', 'is', null)
        .as('reports'),
    ])
    .executeTakeFirstOrThrow()
  return { requests: Number(row.requests ?? 0), reports: Number(row.reports ?? 0) }
}

// Whether the moderator still has unread notifications of this batch (read on the site: nothing to mail).
async function unreadBy(tenant: TenantHandle, memberId: string, upTo: string): Promise<boolean> {
  const row = await tenant.query
    .selectFrom('notifications')
    .select('id')
    .where('member_id', '=', memberId)
    .where('kind', '=', 'moderation')
    .where('id', '<=', upTo)
    .where('read_at', 'is', null)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

type Payload = Static<typeof payload>

const keyOf = (job: Payload, memberId: string): string => `moderation:${job.communityId}:${memberId}:${job.upTo}`

async function compose(deps: NotificationMailDependencies, job: Payload, due: Delivery[]): Promise<Map<string, OutgoingMail | null>> {
  const messages = new Map<string, OutgoingMail | null>(due.map(({ key }) => [key, null]))
  for (const recipient of job.recipients.filter(({ memberId }) => messages.has(keyOf(job, memberId)))) {
    const mail = await composeNotice(
      deps,
      { communityId: job.communityId, recipient, kind: 'moderation' },
      async ({ tenant, memberId, t, community }) => {
        const counts = await waiting(tenant)
        if (counts.requests + counts.reports === 0 || !(await unreadBy(tenant, memberId, job.upTo))) return null
        const names = { ...counts, community: community.name }
        return {
          subject: t('notifyMail.moderation.subject', names),
          paragraphs: [t('notifyMail.moderation.intro', names)],
          action: { label: t('notifyMail.moderation.action'), path: '/moderate' },
        }
      },
    )
    messages.set(keyOf(job, recipient.memberId), mail)
  }
  return messages
}

/**
 * `moderation__mail`: tells a community's moderators who take their queue at once what waits for them
 * ("3 requests to join and 2 reports"), at most one mail per moderator per batch: queued by the fan-out
 * under one key per community with a delay that each new request or report restarts. Nothing goes to a
 * moderator who read the notifications on the site meanwhile, or when nothing waits any more.
 *
 * @example await moderationMailJob.enqueue(hub, { communityId, recipients: [{ accountId, memberId }], upTo: '40' })
 */
export const moderationMailJob = defineMailBatchJob({
  name: 'moderation__mail',
  payload,
  delaySeconds: moderationMailDelaySeconds,
  key: (job) => job.communityId,
  deliveries: (job) => job.recipients.map(({ accountId, memberId }) => ({ key: keyOf(job, memberId), kind: 'moderation', accountId })),
  compose,
})

import { Type } from 'typebox'
import { defineMailJob } from '@kindred/mail'
import { composeNotice, recipientSchema, type NotificationMailDependencies } from './mail-parts.ts'
import { rowId } from './row-id.ts'

const payload = Type.Object({ communityId: rowId, recipient: recipientSchema, notificationId: rowId }, { additionalProperties: false })

/**
 * `join_decision__mail`: tells a member who asked to join a community what the moderators decided, approved
 * or declined (the reason stays in the moderation log and on the site), for those who take decisions at
 * once. A declined applicant keeps their member row and their link in the hub, so they hear of it too.
 * Queued by the fan-out for each decision; one mail per decision, however often it runs.
 *
 * @example await joinDecisionMailJob.enqueue(hub, { communityId, recipient: { accountId, memberId }, notificationId: '12' })
 */
export const joinDecisionMailJob = defineMailJob({
  name: 'join_decision__mail',
  payload,
  delivery: (job) => ({
    key: `join_decision:${job.communityId}:${job.recipient.memberId}:${job.notificationId}`,
    kind: 'join_decision',
    accountId: job.recipient.accountId,
  }),
  compose: async (deps: NotificationMailDependencies, job) =>
    composeNotice(
      deps,
      { communityId: job.communityId, recipient: job.recipient, kind: 'join_decision' },
      async ({ tenant, memberId, t, community }) => {
        const told = await tenant.query
          .selectFrom('notifications')
          .select('decision')
          .where('id', '=', job.notificationId)
          .where('member_id', '=', memberId)
          .where('kind', '=', 'join_decision')
          .executeTakeFirst()
        if (told?.decision === undefined || told.decision === null) return null
        const names = { community: community.name }
        return told.decision === 'approved'
          ? {
              subject: t('notifyMail.joinDecision.approved.subject', names),
              paragraphs: [t('notifyMail.joinDecision.approved.intro', names)],
              action: { label: t('notifyMail.joinDecision.approved.action'), path: '' },
            }
          : {
              subject: t('notifyMail.joinDecision.declined.subject', names),
              paragraphs: [t('notifyMail.joinDecision.declined.intro', names)],
              action: { label: t('notifyMail.joinDecision.declined.action'), path: '' },
            }
      },
    ),
})

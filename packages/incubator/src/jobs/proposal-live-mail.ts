import { Type, type Static } from 'typebox'
import { translator } from '@kindred/i18n'
import { uuidSchema } from '@kindred/job-definition'
import { composeMail, defineMailBatchJob, type Delivery, type OutgoingMail } from '@kindred/mail'
import { incubatorRecipients, unsubscribeUrlOf, type IncubatorMailDependencies } from '../mail/recipients.ts'

/** The most supporters one job writes to: a proposal's thousand supporters are ten jobs, run side by side. */
export const liveMailBatchSize = 100

const payload = Type.Object(
  {
    proposalId: uuidSchema,
    recipients: Type.Array(uuidSchema, { minItems: 1, maxItems: liveMailBatchSize }),
  },
  { additionalProperties: false },
)

type Payload = Static<typeof payload>

const keyOf = (proposalId: string, accountId: string): string => `proposal_supported_live:${proposalId}:${accountId}`

async function compose(deps: IncubatorMailDependencies, job: Payload, due: Delivery[]): Promise<Map<string, OutgoingMail | null>> {
  const messages = new Map<string, OutgoingMail | null>(due.map(({ key }) => [key, null]))
  const community = await deps.db
    .selectFrom('hub.communities')
    .innerJoin('hub.proposals', 'hub.proposals.id', 'hub.communities.proposal_id')
    .select(['hub.communities.name', 'hub.communities.slug', 'hub.proposals.languages'])
    .where('hub.communities.proposal_id', '=', job.proposalId)
    .where('hub.communities.status', '=', 'live')
    .executeTakeFirst()
  if (community === undefined) return messages
  const accountIds = job.recipients.filter((accountId) => messages.has(keyOf(job.proposalId, accountId)))
  const recipients = await incubatorRecipients(deps.db, accountIds, community.languages)
  const { publicUrl } = deps.config.mail
  for (const [accountId, to] of recipients) {
    const { t } = translator(to.language)
    const names = { community: community.name }
    messages.set(keyOf(job.proposalId, accountId), {
      to: to.email,
      ...composeMail({
        language: to.language,
        subject: t('incubatorMail.supportedLive.subject', names),
        paragraphs: [t('incubatorMail.supportedLive.intro', names), t('incubatorMail.supportedLive.next')],
        action: { label: t('incubatorMail.supportedLive.action'), url: `${publicUrl}/c/${community.slug}` },
        afterAction: [t('incubatorMail.choice', { url: `${publicUrl}/account` })],
        unsubscribeUrl: unsubscribeUrlOf(deps, to),
      }),
    })
  }
  return messages
}

/**
 * `proposal_live__mail`: tells the supporters of a proposal (members and volunteer moderators alike) that
 * its community is live, with the link to join it, up to `liveMailBatchSize` of them per job. Queued in the
 * transaction that makes the proposal live (see queueProposalMail). The message names the community only,
 * never who else supported it; nothing goes to a supporter who turned the incubator's mail off, is banned
 * or is being erased.
 *
 * @example await proposalLiveMailJob.enqueueAll(trx, [{ proposalId, recipients: [accountId] }])
 */
export const proposalLiveMailJob = defineMailBatchJob({
  name: 'proposal_live__mail',
  payload,
  key: (job) => `${job.proposalId}:${job.recipients[0] ?? ''}`,
  deliveries: (job) =>
    job.recipients.map((accountId) => ({ key: keyOf(job.proposalId, accountId), kind: 'proposal_supported_live', accountId })),
  compose,
})

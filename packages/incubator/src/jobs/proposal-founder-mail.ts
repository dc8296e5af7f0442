import type { Kysely } from 'kysely'
import { Type, type Static } from 'typebox'
import type { HubDatabase } from '@kindred/db'
import { translator } from '@kindred/i18n'
import { uuidSchema } from '@kindred/job-definition'
import { composeMail, defineMailJob, type OutgoingMail } from '@kindred/mail'
import {
  dayOf,
  incubatorRecipients,
  unsubscribeUrlOf,
  type IncubatorMailDependencies,
  type IncubatorRecipient,
} from '../mail/recipients.ts'
import { statusesMovableTo } from '../transitions.ts'

/** What a founder is told of their proposal: a move of its status, or its support window closing soon. */
export const founderNews = ['changes_requested', 'ready', 'approved', 'live', 'expiring'] as const

export type FounderNews = (typeof founderNews)[number]

const payload = Type.Object(
  {
    proposalId: uuidSchema,
    founderId: uuidSchema,
    news: Type.Unsafe<FounderNews>(Type.Union(founderNews.map((news) => Type.Literal(news)))),
    /** What makes this message one of its kind: the history entry of the move, or the end of the window (`expiring`). */
    occasion: Type.String({ pattern: '^[0-9A-Za-z:.-]{1,40}$', title: 'occasion', description: 'an event id or a time' }),
  },
  { additionalProperties: false },
)

type Payload = Static<typeof payload>

async function proposalOf(db: Kysely<HubDatabase>, proposalId: string) {
  return db
    .selectFrom('hub.proposals')
    .select(['id', 'disease_name', 'languages', 'status', 'expires_at'])
    .where('id', '=', proposalId)
    .executeTakeFirst()
}

type ProposalRow = NonNullable<Awaited<ReturnType<typeof proposalOf>>>

// The paragraphs and action of each kind of message; null when there is nothing to say any more.
type Body = { subject: string; paragraphs: string[]; action: { label: string; url: string } } | null

async function bodyOf(deps: IncubatorMailDependencies, job: Payload, proposal: ProposalRow, to: IncubatorRecipient): Promise<Body> {
  const { t } = translator(to.language)
  const disease = proposal.disease_name
  const { publicUrl } = deps.config.mail
  const open = { label: t('incubatorMail.proposalAction'), url: `${publicUrl}/proposals/${proposal.id}` }
  switch (job.news) {
    case 'changes_requested': {
      const event = await deps.db
        .selectFrom('hub.proposal_events')
        .select('reason')
        .where('id', '=', job.occasion)
        .where('proposal_id', '=', proposal.id)
        .executeTakeFirst()
      const reason =
        event?.reason === null || event?.reason === undefined ? [] : [t('incubatorMail.changesRequested.reason', { reason: event.reason })]
      const date = dayOf(proposal.expires_at, to.language)
      return {
        subject: t('incubatorMail.changesRequested.subject', { disease }),
        paragraphs: [t('incubatorMail.changesRequested.intro', { disease }), ...reason, t('incubatorMail.changesRequested.next', { date })],
        action: open,
      }
    }
    case 'ready':
    case 'approved':
      return {
        subject: t(`incubatorMail.${job.news}.subject`, { disease }),
        paragraphs: [t(`incubatorMail.${job.news}.intro`, { disease }), t(`incubatorMail.${job.news}.next`)],
        action: open,
      }
    case 'live': {
      const community = await deps.db
        .selectFrom('hub.communities')
        .select(['name', 'slug'])
        .where('proposal_id', '=', proposal.id)
        .where('status', '=', 'live')
        .executeTakeFirst()
      if (community === undefined) return null
      return {
        subject: t('incubatorMail.live.subject', { community: community.name }),
        paragraphs: [t('incubatorMail.live.intro', { community: community.name }), t('incubatorMail.live.next')],
        action: { label: t('incubatorMail.live.action'), url: `${publicUrl}/c/${community.slug}` },
      }
    }
    case 'expiring': {
      // Supported enough, withdrawn or given a new window since: this reminder has nothing to say any more.
      if (!statusesMovableTo('expired', 'system').includes(proposal.status) || proposal.expires_at.toISOString() !== job.occasion)
        return null
      const date = dayOf(proposal.expires_at, to.language)
      return {
        subject: t('incubatorMail.expiring.subject', { disease, date }),
        paragraphs: [t('incubatorMail.expiring.intro', { disease }), t('incubatorMail.expiring.next', { date })],
        action: open,
      }
    }
  }
}

async function compose(deps: IncubatorMailDependencies, job: Payload): Promise<OutgoingMail | null> {
  const proposal = await proposalOf(deps.db, job.proposalId)
  if (proposal === undefined) return null
  const to = (await incubatorRecipients(deps.db, [job.founderId], proposal.languages)).get(job.founderId)
  if (to === undefined) return null
  const body = await bodyOf(deps, job, proposal, to)
  if (body === null) return null
  const { t } = translator(to.language)
  return {
    to: to.email,
    ...composeMail({
      language: to.language,
      ...body,
      afterAction: [t('incubatorMail.choice', { url: `${deps.config.mail.publicUrl}/account` })],
      unsubscribeUrl: unsubscribeUrlOf(deps, to),
    }),
  }
}

/**
 * `proposal_founder__mail`: tells a founder what became of their proposal (changes requested, with the
 * staff's reason; ready for review; approved; live, with the link to the community) or that its support
 * window closes soon (`expiring`). One message per `occasion` (the history entry of the move, or the end of
 * the window), queued in the transaction of the move (see queueProposalMail) or of the reminder. It names the
 * proposal and links to its page, never a supporter; nothing goes to a founder who turned the incubator's
 * mail off, is banned or is being erased.
 *
 * @example await proposalFounderMailJob.enqueue(trx, { proposalId, founderId, news: 'approved', occasion: eventId })
 */
export const proposalFounderMailJob = defineMailJob({
  name: 'proposal_founder__mail',
  payload,
  delivery: ({ proposalId, founderId, news, occasion }) => ({
    key: `proposal_${news}:${proposalId}:${occasion}`,
    kind: `proposal_${news}`,
    accountId: founderId,
  }),
  compose,
})

import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import type { MessageId } from '@kindred/i18n'
import { KindredError } from '@kindred/errors'
import { getAccount } from '@kindred/identity'
import {
  decideOnProposal,
  diseaseKey,
  getProposal,
  listProposalSupporters,
  listProposals,
  reviewDecisions,
  similarDiseases,
  type IncubatorSettings,
  type ProposalWithHistory,
} from '@kindred/incubator'
import { communityProvisionJob, getCommunityForStaff, retryProvisioning, type StaffCommunityView } from '@kindred/tenancy'
import { literalUnion, strictObject, type TypeBoxApp } from '../../../routes/typebox.ts'
import type { PageContext } from '../../context.ts'
import { csrfChecked } from '../../csrf-and-cookies.ts'
import { emptyForm, type FormState } from '../../form.ts'
import { formBody, pageResponse } from '../../schemas.ts'
import { staffProposalPage, type DecisionField, type StaffProposalView } from '../../pages/staff-proposal.ts'
import { statusLabel } from '../../pages/proposal-parts.ts'
import { staffProposalPath, staffProposalsPage, staffQueuePath, staffQueueStatuses } from '../../pages/staff-proposals.ts'

/** The longest reason the API takes for a decision. */
const reasonMax = 2000
const statuses = ['open', 'ready', 'changes_requested', 'approved', 'provisioning', 'live', 'declined', 'withdrawn', 'expired'] as const
const doneCodes = ['approved', 'changesRequested', 'declined', 'retried'] as const
type Done = (typeof doneCodes)[number]

const queueQuery = strictObject({
  status: Type.Optional(literalUnion(staffQueueStatuses)),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 512, pattern: '^[A-Za-z0-9_-]+$' })),
})
const proposalParams = strictObject({ id: Type.String({ format: 'uuid' }) })
const proposalQuery = strictObject({ done: Type.Optional(literalUnion(doneCodes)) })
// Bounded well above the API's limit, so a reason too long is the form's error to explain, not a bare 400.
const decisionBody = formBody({
  decision: literalUnion(reviewDecisions),
  reason: Type.String({ maxLength: reasonMax * 2, pattern: '^[^\\u0000]*$' }),
  seenStatus: literalUnion(statuses),
})
const emptyBody = formBody({})
const pageSchema = { hide: true, response: { 200: pageResponse, '4xx': pageResponse } }
const pageSize = 25

const doneMessages: Record<Done, MessageId> = {
  approved: 'staff.incubator.done.approved',
  changesRequested: 'staff.incubator.done.changesRequested',
  declined: 'staff.incubator.done.declined',
  retried: 'staff.incubator.done.retried',
}
const doneOf: Record<(typeof reviewDecisions)[number], Done> = {
  approve: 'approved',
  request_changes: 'changesRequested',
  decline: 'declined',
}

export interface StaffProposalRoutesOptions {
  /** `config.incubator`: the thresholds support is counted against. */
  incubator: IncubatorSettings
}

/**
 * The incubator review: the queue by status, one proposal with everything needed to decide, the decision
 * (`decideOnProposal`, as the API's `/v1/proposals/:id/decision`), then the provisioning of the new
 * community and its retry (`retryProvisioning`, as `/v1/admin/communities/:slug/provisioning/retry`).
 */
export default async function staffProposalRoutes(app: TypeBoxApp, options: StaffProposalRoutesOptions): Promise<void> {
  const settings = options.incubator
  const { db } = app.database
  const checkCsrf = csrfChecked(app)

  // The community of this proposal, once provisioning has created it; slugs are unique across both tables.
  const communityOf = async (proposal: ProposalWithHistory): Promise<StaffCommunityView | null> => {
    if (proposal.status !== 'approved' && proposal.status !== 'provisioning' && proposal.status !== 'live') return null
    try {
      const community = await getCommunityForStaff(db, proposal.slug)
      return community.proposalId === proposal.id ? community : null
    } catch (error) {
      if (error instanceof KindredError && error.code === 'KINDRED_NOT_FOUND') return null
      throw error
    }
  }

  const founderName = async (founderId: string | null): Promise<string | null> =>
    founderId === null ? null : (await getAccount(db, founderId)).displayName

  const proposalView = async (
    context: PageContext,
    id: string,
    extra: Partial<Pick<StaffProposalView, 'done' | 'form' | 'refused'>> = {},
  ): Promise<StaffProposalView> => {
    const proposal = await getProposal(db, settings, id)
    const [founder, supporters, similar, community] = await Promise.all([
      founderName(proposal.founderId),
      listProposalSupporters(db, id),
      similarDiseases(db, diseaseKey(proposal.diseaseName), {
        otherKeys: proposal.alsoKnownAs.map((name) => diseaseKey(name)),
        excludeProposalId: id,
      }),
      communityOf(proposal),
    ])
    return { proposal, founderName: founder, supporters, similar, community, done: null, form: emptyForm(), refused: null, ...extra }
  }

  const backTo = (reply: FastifyReply, id: string, done: Done) => reply.redirect(`${staffProposalPath(id)}?done=${done}`, 303)

  app.get('/staff/proposals', { schema: { ...pageSchema, querystring: queueQuery } }, async (request) => {
    const { status = 'ready', cursor } = request.query
    // Those gathering support by support, the others most recent first.
    const sort = status === 'ready' || status === 'open' ? 'support' : 'newest'
    const page = await listProposals(db, settings, { status, sort, cursor, limit: pageSize })
    const next = page.nextCursor === null ? null : `${staffPath(status)}cursor=${page.nextCursor}`
    return staffProposalsPage(request.page(), { status, proposals: page.proposals, next, now: new Date() })
  })

  app.get('/staff/proposals/:id', { schema: { ...pageSchema, params: proposalParams, querystring: proposalQuery } }, async (request) => {
    const context = request.page()
    const { done } = request.query
    const view = await proposalView(context, request.params.id, { done: done === undefined ? null : context.t(doneMessages[done]) })
    return staffProposalPage(context, view)
  })

  app.post(
    '/staff/proposals/:id/decision',
    { preValidation: checkCsrf, schema: { ...pageSchema, params: proposalParams, body: decisionBody } },
    async (request, reply) => {
      const context = request.page()
      const { id } = request.params
      const { decision, seenStatus } = request.body
      const reason = request.body.reason.trim()
      const form: FormState<DecisionField> = { values: { reason: request.body.reason }, errors: {} }
      // The incubator requires a reason to decline or ask for changes; an approval may give one.
      if (reason === '' && decision !== 'approve') form.errors.reason = context.t('staff.incubator.decision.error.reasonMissing')
      else if (reason.length > reasonMax) form.errors.reason = context.t('staff.incubator.decision.error.reasonTooLong', { max: reasonMax })
      if (Object.keys(form.errors).length > 0)
        return reply.code(400).send(staffProposalPage(context, await proposalView(context, id, { form })))
      try {
        await decideOnProposal(
          db,
          settings,
          { proposalId: id, staffId: request.staffId(), decision, reason, seenStatus },
          { provisioning: communityProvisionJob },
        )
      } catch (error) {
        if (!(error instanceof KindredError) || error.code !== 'KINDRED_INVALID_TRANSITION') throw error
        // Support withdrawn, the founder's withdrawal, another staff member's decision: say what it is now.
        const view = await proposalView(context, id, { form })
        const now = view.proposal.status
        const refused =
          now === seenStatus
            ? context.t('staff.incubator.decision.error.notPossible')
            : context.t('staff.incubator.decision.error.stale', { status: statusLabel(context, now) })
        return reply.code(409).send(staffProposalPage(context, { ...view, refused }))
      }
      return backTo(reply, id, doneOf[decision])
    },
  )

  app.post(
    '/staff/proposals/:id/retry',
    { preValidation: checkCsrf, schema: { ...pageSchema, params: proposalParams, body: emptyBody } },
    async (request, reply) => {
      const context = request.page()
      const { id } = request.params
      const proposal = await getProposal(db, settings, id)
      const community = await communityOf(proposal)
      if (community === null) throw new KindredError('KINDRED_NOT_FOUND', 'This proposal has no community to provision again')
      try {
        await retryProvisioning(db, { slug: community.slug, actorId: request.staffId() })
      } catch (error) {
        if (!(error instanceof KindredError) || error.code !== 'KINDRED_COMMUNITY_STATUS_CONFLICT') throw error
        const refused = context.t('staff.incubator.provisioning.error.notFailed')
        return reply.code(409).send(staffProposalPage(context, await proposalView(context, id, { refused })))
      }
      return backTo(reply, id, 'retried')
    },
  )
}

// The queue's address for a status, ready to take one more parameter.
const staffPath = (status: (typeof staffQueueStatuses)[number]): string =>
  staffQueuePath(status).includes('?') ? `${staffQueuePath(status)}&` : `${staffQueuePath(status)}?`

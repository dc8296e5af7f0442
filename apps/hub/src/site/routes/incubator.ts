import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { KindredError } from '@kindred/errors'
import {
  createProposal,
  diseaseKey,
  editProposal,
  getProposal,
  listProposals,
  proposalFieldProblems,
  proposalLimits,
  ProposalConflictError,
  reopenProposal,
  similarDiseases,
  supportOf,
  supportProposal,
  withdrawProposal,
  withdrawSupport,
  type IncubatorSettings,
  type ProposalFieldProblem,
  type ProposalWithHistory,
} from '@kindred/incubator'
import { literalUnion, strictObject, type TypeBoxApp } from '../../routes/typebox.ts'
import type { PageContext, Visitor } from '../context.ts'
import { csrfChecked } from '../csrf-and-cookies.ts'
import { emptyForm, type FormState } from '../form.ts'
import { formBody, pageResponse, text } from '../schemas.ts'
import { proposalPage, type ProposalViewer } from '../pages/proposal.ts'
import { proposalEditPage } from '../pages/proposal-edit.ts'
import {
  formValues,
  proposalFieldsOf,
  proposalFormFields,
  proposalFormSchemas,
  proposalFormValues,
  type ProposalFormField,
  type ProposalFormView,
} from '../pages/proposal-form.ts'
import { proposalNewPage } from '../pages/proposal-new.ts'
import { unverifiedPage } from '../pages/email-unverified.ts'
import { proposalWithdrawPage } from '../pages/proposal-withdraw.ts'
import { proposalsPage } from '../pages/proposals.ts'
import { signedInOrRedirect } from '../sign-in-first.ts'

const queueQuery = strictObject({
  sort: Type.Optional(literalUnion(['support', 'newest'])),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 512, pattern: '^[A-Za-z0-9_-]+$' })),
})
const proposalParams = strictObject({ id: Type.String({ format: 'uuid' }) })
const proposalBody = formBody({ ...proposalFormSchemas, similarSeen: Type.Optional(text(400)) })
const supportBody = formBody({ as: literalUnion(['member', 'moderator']) })
const withdrawBody = formBody({ reason: text(2000) })
const emptyBody = formBody({})

const pageSize = 20
const pageSchema = { hide: true, response: { 200: pageResponse, '4xx': pageResponse } }

export interface IncubatorRoutesOptions {
  /** `config.incubator`: thresholds per prevalence class and the support window. */
  incubator: IncubatorSettings
}

// The problems of the fields this form has: the incubator may know fields the form does not ask for yet.
type FormProblem = Extract<ProposalFieldProblem, { field: ProposalFormField }>
const isFormProblem = (problem: ProposalFieldProblem): problem is FormProblem => Object.hasOwn(proposalFormFields, problem.field)

function problemMessage({ t }: PageContext, problem: FormProblem): string {
  switch (problem.field) {
    case 'diseaseName':
      return problem.problem === 'length'
        ? t('proposal.form.diseaseName.error.length', proposalLimits.diseaseName)
        : t('proposal.form.diseaseName.error.noLettersOrDigits')
    case 'orphaCode':
      return t('proposal.form.orphaCode.error.format')
    case 'prevalenceClass':
      return t('proposal.form.prevalenceClass.error.unknown')
    case 'slug':
      return problem.problem === 'reserved' ? t('proposal.form.slug.error.reserved') : t('proposal.form.slug.error.format')
    case 'summary':
      return t('proposal.form.summary.error.length', { max: proposalLimits.summary.max })
    case 'founderStatement':
      return t('proposal.form.founderStatement.error.length', { max: proposalLimits.founderStatement.max })
    case 'alsoKnownAs':
      if (problem.problem === 'count') return t('proposal.form.alsoKnownAs.error.count', { max: proposalLimits.alsoKnownAs.max })
      return problem.problem === 'length'
        ? t('proposal.form.alsoKnownAs.error.length', { line: problem.index + 1, ...proposalLimits.diseaseName })
        : t('proposal.form.alsoKnownAs.error.noLettersOrDigits', { line: problem.index + 1 })
    case 'languages':
      return problem.problem === 'count'
        ? t('proposal.form.languages.error.count', { max: proposalLimits.languages.max })
        : t('proposal.form.languages.error.unknown')
  }
}

type FormResult = Pick<ProposalFormView, 'form' | 'duplicate'>

// A duplicate disease or a taken address is a problem of the form, with a way to the one already there.
function conflictForm(context: PageContext, form: FormState<ProposalFormField>, error: ProposalConflictError): FormResult {
  const { t } = context
  if (error.code === 'KINDRED_SLUG_TAKEN') return { form: { ...form, errors: { slug: t('proposal.form.slug.error.taken') } } }
  const message = error.existing.kind === 'community' ? t('proposal.form.duplicate.community') : t('proposal.form.duplicate.proposal')
  return { form: { ...form, errors: { diseaseName: message } }, duplicate: error.existing }
}

/**
 * The incubator's pages: the public queue and each proposal; proposing, supporting, and the founder's
 * edits, reopening and withdrawal. Every rule is @kindred/incubator's, as for the API's routes.
 */
export default async function incubatorRoutes(app: TypeBoxApp, options: IncubatorRoutesOptions): Promise<void> {
  const settings = options.incubator
  const checkCsrf = csrfChecked(app)
  // The API's budget (the same key): a founder proposes as often through either. Spent once the form is
  // valid, as the API's schemas refuse bad bodies before its limit counts them.
  const spendProposalBudget = (request: FastifyRequest, accountId: string) =>
    app.rateLimits(app.limit('proposalsPerAccount', () => accountId))(request)

  const founderOnly = async (proposalId: string, visitor: Visitor): Promise<ProposalWithHistory> => {
    const proposal = await getProposal(app.database.db, settings, proposalId)
    if (proposal.founderId !== visitor.accountId)
      throw new KindredError('KINDRED_FORBIDDEN', 'Only the founder of this proposal can do this')
    return proposal
  }

  const backTo = (reply: FastifyReply, id: string) => reply.redirect(`/proposals/${id}`, 303)

  app.get('/proposals', { schema: { ...pageSchema, querystring: queueQuery } }, async (request) => {
    const { sort = 'support', cursor } = request.query
    const page = await listProposals(app.database.db, settings, { sort, cursor, limit: pageSize })
    const next =
      page.nextCursor === null
        ? null
        : `/proposals?${new URLSearchParams({ ...(sort === 'support' ? {} : { sort }), cursor: page.nextCursor })}`
    return proposalsPage(request.page(), { sort, proposals: page.proposals, next })
  })

  app.get('/proposals/new', { schema: pageSchema }, async (request, reply) => {
    const visitor = signedInOrRedirect(request, reply)
    if (visitor === null) return reply
    // Proposing would be refused: say why before the founder writes the proposal.
    if (!visitor.emailVerified) return unverifiedPage(request.page())
    return proposalNewPage(request.page(), { form: emptyForm<ProposalFormField>() })
  })

  app.post('/proposals/new', { preValidation: checkCsrf, schema: { ...pageSchema, body: proposalBody } }, async (request, reply) => {
    const visitor = signedInOrRedirect(request, reply, '/proposals/new')
    if (visitor === null) return reply
    const context = request.page()
    const values = formValues(request.body)
    const form: FormState<ProposalFormField> = { values, errors: {} }
    const fields = proposalFieldsOf(values)
    for (const problem of proposalFieldProblems(fields).filter(isFormProblem))
      form.errors[problem.field] ??= problemMessage(context, problem)
    if (Object.keys(form.errors).length > 0) return reply.code(400).send(proposalNewPage(context, { form }))
    // Founders of one disease under two names should find each other: similar names are shown once, and
    // the same form sent again with them seen is proposed. The same name is a duplicate, which creating refuses.
    const key = diseaseKey(fields.diseaseName)
    if (request.body.similarSeen !== key) {
      const entries = await similarDiseases(app.database.db, key)
      if (entries.length > 0 && entries.every((entry) => entry.similarity < 1))
        return proposalNewPage(context, { form, similar: { entries, seen: key } })
    }
    await spendProposalBudget(request, visitor.accountId)
    try {
      const { proposal } = await createProposal(app.database.db, settings, visitor.accountId, fields)
      return await backTo(reply, proposal.id)
    } catch (error) {
      if (!(error instanceof ProposalConflictError)) throw error
      return reply.code(409).send(proposalNewPage(context, conflictForm(context, form, error)))
    }
  })

  app.get('/proposals/:id', { schema: { ...pageSchema, params: proposalParams } }, async (request) => {
    const context = request.page()
    const proposal = await getProposal(app.database.db, settings, request.params.id)
    const { visitor } = context
    let viewer: ProposalViewer = null
    if (visitor !== null)
      viewer =
        proposal.founderId === visitor.accountId
          ? { founder: true }
          : { founder: false, support: await supportOf(app.database.db, proposal.id, visitor.accountId) }
    return proposalPage(context, { proposal, viewer, now: new Date() })
  })

  app.post(
    '/proposals/:id/support',
    { preValidation: checkCsrf, schema: { ...pageSchema, params: proposalParams, body: supportBody } },
    async (request, reply) => {
      const visitor = signedInOrRedirect(request, reply, `/proposals/${request.params.id}`)
      if (visitor === null) return reply
      await supportProposal(app.database.db, settings, { proposalId: request.params.id, accountId: visitor.accountId, as: request.body.as })
      return backTo(reply, request.params.id)
    },
  )

  app.post(
    '/proposals/:id/support/withdraw',
    { preValidation: checkCsrf, schema: { ...pageSchema, params: proposalParams, body: emptyBody } },
    async (request, reply) => {
      const visitor = signedInOrRedirect(request, reply, `/proposals/${request.params.id}`)
      if (visitor === null) return reply
      await withdrawSupport(app.database.db, settings, { proposalId: request.params.id, accountId: visitor.accountId })
      return backTo(reply, request.params.id)
    },
  )

  app.get('/proposals/:id/edit', { schema: { ...pageSchema, params: proposalParams } }, async (request, reply) => {
    const visitor = signedInOrRedirect(request, reply)
    if (visitor === null) return reply
    const proposal = await founderOnly(request.params.id, visitor)
    if (proposal.status !== 'changes_requested')
      throw new KindredError('KINDRED_PROPOSAL_NOT_EDITABLE', 'A proposal is edited only when staff have asked for changes')
    return proposalEditPage(request.page(), proposal, { form: { values: proposalFormValues(proposal), errors: {} } })
  })

  app.post(
    '/proposals/:id/edit',
    { preValidation: checkCsrf, schema: { ...pageSchema, params: proposalParams, body: proposalBody } },
    async (request, reply) => {
      const visitor = signedInOrRedirect(request, reply, `/proposals/${request.params.id}/edit`)
      if (visitor === null) return reply
      const context = request.page()
      const proposal = await founderOnly(request.params.id, visitor)
      const values = formValues(request.body)
      const form: FormState<ProposalFormField> = { values, errors: {} }
      const fields = proposalFieldsOf(values)
      for (const problem of proposalFieldProblems(fields).filter(isFormProblem))
        form.errors[problem.field] ??= problemMessage(context, problem)
      if (Object.keys(form.errors).length > 0) return reply.code(400).send(proposalEditPage(context, proposal, { form }))
      try {
        await editProposal(app.database.db, settings, { proposalId: proposal.id, accountId: visitor.accountId, changes: fields })
      } catch (error) {
        if (!(error instanceof ProposalConflictError)) throw error
        return reply.code(409).send(proposalEditPage(context, proposal, conflictForm(context, form, error)))
      }
      return backTo(reply, proposal.id)
    },
  )

  app.post(
    '/proposals/:id/reopen',
    { preValidation: checkCsrf, schema: { ...pageSchema, params: proposalParams, body: emptyBody } },
    async (request, reply) => {
      const visitor = signedInOrRedirect(request, reply, `/proposals/${request.params.id}`)
      if (visitor === null) return reply
      await reopenProposal(app.database.db, settings, { proposalId: request.params.id, accountId: visitor.accountId })
      return backTo(reply, request.params.id)
    },
  )

  app.get('/proposals/:id/withdraw', { schema: { ...pageSchema, params: proposalParams } }, async (request, reply) => {
    const visitor = signedInOrRedirect(request, reply)
    if (visitor === null) return reply
    return proposalWithdrawPage(request.page(), await founderOnly(request.params.id, visitor))
  })

  app.post(
    '/proposals/:id/withdraw',
    { preValidation: checkCsrf, schema: { ...pageSchema, params: proposalParams, body: withdrawBody } },
    async (request, reply) => {
      const visitor = signedInOrRedirect(request, reply, `/proposals/${request.params.id}`)
      if (visitor === null) return reply
      await withdrawProposal(app.database.db, settings, {
        proposalId: request.params.id,
        accountId: visitor.accountId,
        reason: request.body.reason,
      })
      return backTo(reply, request.params.id)
    },
  )
}

import type { FastifyReply } from 'fastify'
import {
  createProposal,
  editProposal,
  ProposalConflictError,
  reopenProposal,
  withdrawProposal,
  type IncubatorSettings,
  type ProposalWithSimilar,
} from '@kindred/incubator'
import type { TypeBoxApp } from '../typebox.ts'
import {
  conflictResponse,
  createBody,
  editBody,
  emptyBody,
  proposalParams,
  proposalResponse,
  proposalWithSimilarResponse,
  withdrawBody,
} from './schemas.ts'
import { conflictView, proposalView, withSimilarView } from './views.ts'

// A duplicate or a taken slug names what it collides with, which the shared error shape has no room for.
async function answerConflicts(reply: FastifyReply, status: number, write: () => Promise<ProposalWithSimilar>) {
  try {
    return await reply.code(status).send(withSimilarView(await write()))
  } catch (error) {
    if (error instanceof ProposalConflictError) return reply.code(409).send(conflictView(error))
    throw error
  }
}

/** The founder's side: propose, edit when staff ask for changes, reopen, withdraw. */
export function foundingRoutes(app: TypeBoxApp, settings: IncubatorSettings): void {
  app.post(
    '/v1/proposals',
    {
      // 5 a day by default: enough for a founder who made a mistake, too few to flood the queue.
      preHandler: app.rateLimits(app.limit('proposalsPerAccount', (request) => request.currentAccountId())),
      schema: {
        operationId: 'createProposal',
        summary: 'Propose a community for a disease; answers similar communities and proposals, so founders can join forces',
        tags: ['proposals'],
        security: [{ bearer: [] }],
        body: createBody,
        response: { 201: proposalWithSimilarResponse, 409: conflictResponse },
      },
    },
    async (request, reply) => {
      const founderId = await request.currentAccountId()
      return answerConflicts(reply, 201, () => createProposal(app.database.db, settings, founderId, request.body))
    },
  )

  app.patch(
    '/v1/proposals/:id',
    {
      schema: {
        operationId: 'editProposal',
        summary: 'Edit a proposal staff sent back for changes (founder only); then reopen it',
        tags: ['proposals'],
        security: [{ bearer: [] }],
        params: proposalParams,
        body: editBody,
        response: { 200: proposalWithSimilarResponse, 409: conflictResponse },
      },
    },
    async (request, reply) => {
      const accountId = await request.currentAccountId()
      return answerConflicts(reply, 200, () =>
        editProposal(app.database.db, settings, { proposalId: request.params.id, accountId, changes: request.body }),
      )
    },
  )

  app.post(
    '/v1/proposals/:id/reopen',
    {
      schema: {
        operationId: 'reopenProposal',
        summary: 'Reopen a proposal after making the changes staff asked for (founder only); it keeps its support',
        tags: ['proposals'],
        security: [{ bearer: [] }],
        params: proposalParams,
        body: emptyBody,
        response: { 200: proposalResponse },
      },
    },
    async (request) => {
      const accountId = await request.currentAccountId()
      return { proposal: proposalView(await reopenProposal(app.database.db, settings, { proposalId: request.params.id, accountId })) }
    },
  )

  app.post(
    '/v1/proposals/:id/withdraw',
    {
      schema: {
        operationId: 'withdrawProposal',
        summary: 'Withdraw a proposal before it is approved (founder only), optionally saying why',
        tags: ['proposals'],
        security: [{ bearer: [] }],
        params: proposalParams,
        body: withdrawBody,
        response: { 200: proposalResponse },
      },
    },
    async (request) => {
      const accountId = await request.currentAccountId()
      const reason = request.body?.reason
      return {
        proposal: proposalView(await withdrawProposal(app.database.db, settings, { proposalId: request.params.id, accountId, reason })),
      }
    },
  )
}

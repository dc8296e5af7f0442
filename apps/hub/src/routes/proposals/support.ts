import { supportProposal, withdrawSupport, type IncubatorSettings } from '@kindred/incubator'
import type { TypeBoxApp } from '../typebox.ts'
import { emptyBody, proposalParams, proposalResponse, supportBody } from './schemas.ts'
import { proposalView } from './views.ts'

/** Supporting a proposal, as a future member or a volunteer moderator, and taking it back. */
export function supportRoutes(app: TypeBoxApp, settings: IncubatorSettings): void {
  app.post(
    '/v1/proposals/:id/support',
    {
      schema: {
        operationId: 'supportProposal',
        summary: 'Support a proposal (201), or change how you support it (200); not the founder, only while open or ready',
        tags: ['proposals'],
        security: [{ bearer: [] }],
        params: proposalParams,
        body: supportBody,
        response: { 200: proposalResponse, 201: proposalResponse },
      },
    },
    async (request, reply) => {
      const accountId = await request.currentAccountId()
      const { change, proposal } = await supportProposal(app.database.db, settings, {
        proposalId: request.params.id,
        accountId,
        as: request.body.as,
      })
      return reply.code(change === 'added' ? 201 : 200).send({ proposal: proposalView(proposal) })
    },
  )

  app.delete(
    '/v1/proposals/:id/support',
    {
      schema: {
        operationId: 'withdrawSupport',
        summary: 'Withdraw your support (until the proposal is approved); a ready proposal may be open again',
        tags: ['proposals'],
        security: [{ bearer: [] }],
        params: proposalParams,
        body: emptyBody,
        response: { 200: proposalResponse },
      },
    },
    async (request) => {
      const accountId = await request.currentAccountId()
      return { proposal: proposalView(await withdrawSupport(app.database.db, settings, { proposalId: request.params.id, accountId })) }
    },
  )
}

import { decideOnProposal, getProposal, listProposalSupporters, type IncubatorSettings } from '@kindred/incubator'
import { communityProvisionJob } from '@kindred/tenancy'
import type { TypeBoxApp } from '../typebox.ts'
import { decisionBody, proposalParams, proposalResponse, supportersResponse } from './schemas.ts'
import { proposalView } from './views.ts'

/**
 * Staff review: who supports a proposal; approve a ready proposal (its community is then provisioned),
 * decline, or request changes.
 */
export function reviewRoutes(app: TypeBoxApp, settings: IncubatorSettings): void {
  app.post(
    '/v1/proposals/:id/decision',
    {
      // A staff route outside the /v1/admin scope: the same hook as that scope's, on this route alone.
      onRequest: app.networkStaff,
      schema: {
        operationId: 'decideOnProposal',
        summary:
          'Staff only: approve a ready proposal (202: its community is being provisioned), decline it or request changes (200), with a reason',
        tags: ['proposals', 'admin'],
        security: [{ bearer: [] }],
        params: proposalParams,
        body: decisionBody,
        response: { 200: proposalResponse, 202: proposalResponse },
      },
    },
    async (request, reply) => {
      const staffId = request.staffId()
      const { decision, reason, seenStatus } = request.body
      const proposal = await decideOnProposal(
        app.database.db,
        settings,
        { proposalId: request.params.id, staffId, decision, reason, seenStatus },
        { provisioning: communityProvisionJob },
      )
      return reply.code(decision === 'approve' ? 202 : 200).send({ proposal: proposalView(proposal) })
    },
  )

  app.get(
    '/v1/proposals/:id/supporters',
    {
      onRequest: app.networkStaff,
      schema: {
        operationId: 'listProposalSupporters',
        summary: 'Staff only: who supports a proposal, by account display name, volunteer moderators first',
        tags: ['proposals', 'admin'],
        security: [{ bearer: [] }],
        params: proposalParams,
        response: { 200: supportersResponse },
      },
    },
    async (request) => {
      await getProposal(app.database.db, settings, request.params.id)
      const supporters = await listProposalSupporters(app.database.db, request.params.id)
      return { supporters: supporters.map((supporter) => ({ ...supporter, since: supporter.since.toISOString() })) }
    },
  )
}

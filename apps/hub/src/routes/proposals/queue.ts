import { getProposal, listProposals, type IncubatorSettings } from '@kindred/incubator'
import type { TypeBoxApp } from '../typebox.ts'
import { proposalParams, proposalResponse, queueQuery, queueResponse } from './schemas.ts'
import { proposalSummaryView, proposalView } from './views.ts'

/** The public side: anyone may read the queue and a proposal, with its progress and history. */
export function queueRoutes(app: TypeBoxApp, settings: IncubatorSettings): void {
  app.get(
    '/v1/proposals',
    {
      schema: {
        operationId: 'listProposals',
        security: [],
        summary: 'The proposals queue (open and ready unless a status is given), with support progress; cursor-paginated',
        tags: ['proposals'],
        querystring: queueQuery,
        response: { 200: queueResponse },
      },
    },
    async (request) => {
      const { status, sort = 'support', cursor, limit = 20 } = request.query
      const page = await listProposals(app.database.db, settings, { status, sort, cursor, limit })
      // nextCursor: the name before the API's one convention, answered for one more release.
      return { proposals: page.proposals.map(proposalSummaryView), next: page.nextCursor, nextCursor: page.nextCursor }
    },
  )

  app.get(
    '/v1/proposals/:id',
    {
      schema: {
        operationId: 'getProposal',
        security: [],
        summary: 'A proposal with its support progress and its history (who, as a role, when and why)',
        tags: ['proposals'],
        params: proposalParams,
        response: { 200: proposalResponse },
      },
    },
    async (request) => ({ proposal: proposalView(await getProposal(app.database.db, settings, request.params.id)) }),
  )
}

import type { FastifyInstance, FastifyReply } from 'fastify'
import { Type, type Static } from 'typebox'
import { dismissReport, listReports, reportMessage, reportPost, reportStates, type FiledReport } from '@kindred/moderation'
import { pagedQuery } from '../../pagination.ts'
import type { ForumLimits } from '../limits.ts'
import { cursor, forumBodyLimitBytes, idParams, limit, members, next, slugParams } from '../schemas.ts'
import { listedReport, moderators, optionalReasonBody, reasonBody, reportReceipt, resolvedReport } from './schemas.ts'

const reportQuery = pagedQuery({
  state: Type.Optional(
    Type.Union(
      reportStates.map((state) => Type.Literal(state)),
      { default: 'open', description: 'open: the queue to work through, oldest first; resolved: hidden or dismissed, newest first' },
    ),
  ),
  cursor: Type.Optional(cursor),
  limit,
})
const filed = Type.Object({ report: reportReceipt }, { additionalProperties: false })
const reportResponses = { 201: filed, 200: filed }

/** Members report posts and messages they received; moderators work through the open reports. */
export default async function reportRoutes(app: FastifyInstance, options: { limits: ForumLimits }): Promise<void> {
  // 201 for a new report, 200 with the member's open report when they had filed one already.
  const answer = (reply: FastifyReply, { report, created }: FiledReport) => reply.code(created ? 201 : 200).send({ report })
  const filing = (operationId: string, summary: string) => ({
    bodyLimit: forumBodyLimitBytes,
    preHandler: options.limits.reports,
    schema: { ...members, operationId, summary, params: idParams, body: reasonBody, response: reportResponses },
  })

  app.post<{ Params: Static<typeof idParams>; Body: Static<typeof reasonBody> }>(
    '/v1/c/:slug/posts/:id/reports',
    filing('reportPost', 'Report a post to the moderators, with the reason; 200 with the open report if one\'s report is open already'),
    async (request, reply) => answer(reply, await reportPost(request.community(), request.params.id, request.body.reason)),
  )

  app.post<{ Params: Static<typeof idParams>; Body: Static<typeof reasonBody> }>(
    '/v1/c/:slug/messages/:id/reports',
    filing('reportMessage', 'Report a direct message one received, with the reason; the moderators will read it'),
    async (request, reply) => answer(reply, await reportMessage(request.community(), request.params.id, request.body.reason)),
  )

  app.get<{ Params: Static<typeof slugParams>; Querystring: Static<typeof reportQuery> }>(
    '/v1/c/:slug/reports',
    {
      schema: {
        ...moderators,
        operationId: 'listReports',
        summary: 'Open reports oldest first (or resolved ones, newest first), with what was reported (its body too), who reported it and why (moderators)',
        params: slugParams,
        querystring: reportQuery,
        response: { 200: Type.Object({ reports: Type.Array(listedReport), next }, { additionalProperties: false }) },
      },
    },
    async (request) => {
      const { state = 'open', cursor, limit } = request.query
      const result = await listReports(request.community(), { state, limit, ...(cursor === undefined ? {} : { cursor }) })
      return { reports: result.items, next: result.next }
    },
  )

  app.post<{ Params: Static<typeof idParams>; Body: Static<typeof optionalReasonBody> }>(
    '/v1/c/:slug/reports/:id/dismiss',
    {
      bodyLimit: forumBodyLimitBytes,
      preHandler: options.limits.moderation,
      schema: {
        ...moderators,
        operationId: 'dismissReport',
        summary: 'Close an open report without acting on what was reported; 409 if resolved already (moderators)',
        params: idParams,
        body: optionalReasonBody,
        response: { 200: Type.Object({ report: resolvedReport }, { additionalProperties: false }) },
      },
    },
    async (request) => ({ report: await dismissReport(request.community(), request.params.id, request.body?.reason) }),
  )
}

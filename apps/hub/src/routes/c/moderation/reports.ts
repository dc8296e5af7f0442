import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { dismissReport, listReports, reportMessage, reportPost, reportStates, type FiledReport } from '@kindred/moderation'
import { literalUnion, strictObject, type TypeBoxApp } from '../../typebox.ts'
import { pagedQuery } from '../../pagination.ts'
import type { ForumLimits } from '../limits.ts'
import { cursor, forumBodyLimitBytes, idParams, limit, members, next, slugParams } from '../schemas.ts'
import { listedReport, moderators, optionalReasonBody, reasonBody, reportReceipt, resolvedReport } from './schemas.ts'

const reportQuery = pagedQuery({
  state: Type.Optional(
    literalUnion(reportStates, {
      default: 'open',
      description: 'open: the queue to work through, oldest first; resolved: hidden or dismissed, newest first',
    }),
  ),
  cursor: Type.Optional(cursor),
  limit,
})
const filed = strictObject({ report: reportReceipt })
const reportResponses = { 201: filed, 200: filed }

/** Members report posts and messages they received; moderators work through the open reports. */
export default async function reportRoutes(app: TypeBoxApp, options: { limits: ForumLimits }): Promise<void> {
  // 201 for a new report, 200 with the member's open report when they had filed one already.
  const answer = async (request: FastifyRequest, reply: FastifyReply, { report, created }: FiledReport) => {
    if (created) await app.announceNotice(request.community().community)
    return reply.code(created ? 201 : 200).send({ report })
  }
  const filing = (operationId: string, summary: string) => ({
    bodyLimit: forumBodyLimitBytes,
    preHandler: options.limits.reports,
    schema: { ...members, operationId, summary, params: idParams, body: reasonBody, response: reportResponses },
  })

  app.post(
    '/v1/c/:slug/posts/:id/reports',
    filing('reportPost', "Report a post to the moderators, with the reason; 200 with the open report if one's report is open already"),
    async (request, reply) => answer(request, reply, await reportPost(request.community(), request.params.id, request.body.reason)),
  )

  app.post(
    '/v1/c/:slug/messages/:id/reports',
    filing('reportMessage', 'Report a direct message one received, with the reason; the moderators will read it'),
    async (request, reply) => answer(request, reply, await reportMessage(request.community(), request.params.id, request.body.reason)),
  )

  app.get(
    '/v1/c/:slug/reports',
    {
      schema: {
        ...moderators,
        operationId: 'listReports',
        summary:
          'Open reports oldest first (or resolved ones, newest first), with what was reported (its body too), who reported it and why (moderators)',
        params: slugParams,
        querystring: reportQuery,
        response: { 200: strictObject({ reports: Type.Array(listedReport), next }) },
      },
    },
    async (request) => {
      const { state = 'open', cursor, limit } = request.query
      const result = await listReports(request.community(), { state, limit, ...(cursor === undefined ? {} : { cursor }) })
      return { reports: result.items, next: result.next }
    },
  )

  app.post(
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
        response: { 200: strictObject({ report: resolvedReport }) },
      },
    },
    async (request) => ({ report: await dismissReport(request.community(), request.params.id, request.body?.reason) }),
  )
}

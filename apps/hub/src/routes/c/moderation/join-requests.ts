import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import { approveMember, declineMember, joinRequests } from '@kindred/moderation'
import type { ForumLimits } from '../limits.ts'
import { forumBodyLimitBytes, next, slugParams } from '../schemas.ts'
import { joinRequest, memberParams, memberStanding, moderators, optionalReasonBody, pageQuery, reasonBody } from './schemas.ts'

const decided = Type.Object({ member: memberStanding }, { additionalProperties: false })

/** The queue of requests to join, and the moderators' decisions on them. */
export default async function joinRequestRoutes(app: FastifyInstance, options: { limits: ForumLimits }): Promise<void> {
  app.get<{ Params: Static<typeof slugParams>; Querystring: Static<typeof pageQuery> }>(
    '/v1/c/:slug/join-requests',
    {
      schema: {
        ...moderators,
        operationId: 'listJoinRequests',
        summary: 'Members waiting for approval, oldest request first, a page at a time (moderators)',
        params: slugParams,
        querystring: pageQuery,
        response: { 200: Type.Object({ joinRequests: Type.Array(joinRequest), next }, { additionalProperties: false }) },
      },
    },
    async (request) => {
      const page = await joinRequests(request.community(), request.query)
      return { joinRequests: page.items, next: page.next }
    },
  )

  app.post<{ Params: Static<typeof memberParams>; Body: Static<typeof optionalReasonBody> }>(
    '/v1/c/:slug/join-requests/:memberId/approve',
    {
      bodyLimit: forumBodyLimitBytes,
      preHandler: options.limits.moderation,
      schema: {
        ...moderators,
        operationId: 'approveJoinRequest',
        summary: 'Approve a pending request to join; 409 KINDRED_JOIN_REQUEST_DECIDED if decided already (moderators)',
        params: memberParams,
        body: optionalReasonBody,
        response: { 200: decided },
      },
    },
    async (request) => ({ member: await approveMember(request.community(), request.params.memberId, request.body?.reason) }),
  )

  app.post<{ Params: Static<typeof memberParams>; Body: Static<typeof reasonBody> }>(
    '/v1/c/:slug/join-requests/:memberId/decline',
    {
      bodyLimit: forumBodyLimitBytes,
      preHandler: options.limits.moderation,
      schema: {
        ...moderators,
        operationId: 'declineJoinRequest',
        summary: 'Decline a pending request to join, with the reason; 409 KINDRED_JOIN_REQUEST_DECIDED if decided already (moderators)',
        params: memberParams,
        body: reasonBody,
        response: { 200: decided },
      },
    },
    async (request) => ({ member: await declineMember(request.community(), request.params.memberId, request.body.reason) }),
  )
}

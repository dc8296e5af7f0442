import { Type } from 'typebox'
import { approveMember, declineMember, joinRequests } from '@kindred/moderation'
import { strictObject, type TypeBoxApp } from '../../typebox.ts'
import type { ForumLimits } from '../limits.ts'
import { forumBodyLimitBytes, next, slugParams } from '../schemas.ts'
import { joinRequest, memberParams, memberStanding, moderators, optionalReasonBody, pageQuery, reasonBody } from './schemas.ts'

const decided = strictObject({ member: memberStanding })

/** The queue of requests to join, and the moderators' decisions on them. */
export default async function joinRequestRoutes(app: TypeBoxApp, options: { limits: ForumLimits }): Promise<void> {
  app.get(
    '/v1/c/:slug/join-requests',
    {
      schema: {
        ...moderators,
        operationId: 'listJoinRequests',
        summary: 'Members waiting for approval, oldest request first, a page at a time (moderators)',
        params: slugParams,
        querystring: pageQuery,
        response: { 200: strictObject({ joinRequests: Type.Array(joinRequest), next }) },
      },
    },
    async (request) => {
      const page = await joinRequests(request.community(), request.query)
      return { joinRequests: page.items, next: page.next }
    },
  )

  app.post(
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
    async (request) => {
      const member = await approveMember(request.community(), request.params.memberId, request.body?.reason)
      await app.announceNotice(request.community().community)
      return { member }
    },
  )

  app.post(
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
    async (request) => {
      const member = await declineMember(request.community(), request.params.memberId, request.body.reason)
      await app.announceNotice(request.community().community)
      return { member }
    },
  )
}

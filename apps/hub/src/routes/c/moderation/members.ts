import { Type } from 'typebox'
import { appointModerator, banMember, removeModerator, unbanMember } from '@kindred/moderation'
import { strictObject, type TypeBoxApp } from '../../typebox.ts'
import type { ForumLimits } from '../limits.ts'
import { forumBodyLimitBytes } from '../schemas.ts'
import { memberParams, memberStanding, moderators, optionalReasonBody, reasonBody } from './schemas.ts'

const memberResponse = strictObject({ member: memberStanding })

/** Bans (moderators; moderators themselves by owners) and the appointment of moderators (owners). */
export default async function moderatedMemberRoutes(app: TypeBoxApp, options: { limits: ForumLimits }): Promise<void> {
  const write = { bodyLimit: forumBodyLimitBytes, preHandler: options.limits.moderation }

  app.post(
    '/v1/c/:slug/members/:memberId/ban',
    {
      ...write,
      schema: {
        ...moderators,
        operationId: 'banMember',
        summary:
          'Ban a member, with the reason: their token stops working at once; only an owner bans a moderator, nobody an owner or themself',
        params: memberParams,
        body: reasonBody,
        response: { 200: memberResponse },
      },
    },
    async (request) => ({ member: await banMember(request.community(), request.params.memberId, request.body.reason) }),
  )

  app.post(
    '/v1/c/:slug/members/:memberId/unban',
    {
      ...write,
      schema: {
        ...moderators,
        operationId: 'unbanMember',
        summary: 'Lift a ban, under the same rules as banning',
        params: memberParams,
        body: optionalReasonBody,
        response: { 200: memberResponse },
      },
    },
    async (request) => ({ member: await unbanMember(request.community(), request.params.memberId, request.body?.reason) }),
  )

  app.put(
    '/v1/c/:slug/moderators/:memberId',
    {
      ...write,
      schema: {
        ...moderators,
        operationId: 'appointModerator',
        summary: 'Appoint an approved member as moderator; appointing again changes nothing (owners)',
        params: memberParams,
        body: optionalReasonBody,
        response: { 200: memberResponse },
      },
    },
    async (request) => ({ member: await appointModerator(request.community(), request.params.memberId, request.body?.reason) }),
  )

  app.delete(
    '/v1/c/:slug/moderators/:memberId',
    {
      ...write,
      schema: {
        ...moderators,
        operationId: 'removeModerator',
        summary: 'Make a moderator a member again; removing a non-moderator changes nothing (owners)',
        params: memberParams,
        body: optionalReasonBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await removeModerator(request.community(), request.params.memberId, request.body?.reason)
      return reply.code(204).send(null)
    },
  )
}

import type { FastifyReply, FastifyRequest } from 'fastify'
import { assertModerator } from '@kindred/community'
import { KindredError } from '@kindred/errors'
import type { TypeBoxApp } from '../routes/typebox.ts'
import { standingIn, takesPart } from './member.ts'
import { signedInOrRedirect } from './sign-in-first.ts'

/**
 * The preHandler of a community's moderation pages and forms: signed out, sign in first; anyone who is not
 * a moderator or owner taking part in it gets 403 (the package's own rule, `assertModerator`), whatever
 * they ask. The moderator's community context is then `request.community()`, as on the API's routes.
 */
export function moderatorsOnly(app: TypeBoxApp) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const { slug } = request.params as { slug: string }
    if (signedInOrRedirect(request, reply, `/c/${slug}/moderate`) === null) return
    const standing = await standingIn(app, request, slug)
    if (!takesPart(standing)) throw new KindredError('KINDRED_FORBIDDEN', "This is for the community's moderators only")
    assertModerator(standing.community.member)
    request.kindredCommunity = standing.community
  }
}

import type { FastifyReply, FastifyRequest } from 'fastify'
import { isKindredError } from '@kindred/errors'
import type { TypeBoxApp } from '../routes/typebox.ts'
import type { CommunityContext } from '../plugins/community.ts'
import { signedInOrRedirect } from './sign-in-first.ts'

/** Where the visitor stands in a community, which decides what its page offers them. */
export type Standing =
  | { kind: 'signedOut' }
  /** Signed in, not a member: never joined, left, or their request was declined. */
  | { kind: 'outsider' }
  | { kind: 'banned' }
  /** A member: approved, pending, or a founding member who has not chosen a pseudonym yet (no charter accepted). */
  | { kind: 'member'; community: CommunityContext }

const admitted = ['approved', 'pending'] as const

/**
 * The visitor's standing in the community `slug`, through the same checks a community token goes through
 * (the community as it is, the member as the tenant's row says now). A community that does not exist or is
 * not open is the error the API gives.
 */
export async function standingIn(app: TypeBoxApp, request: FastifyRequest, slug: string): Promise<Standing> {
  const { visitor } = request.page()
  if (visitor === null) return { kind: 'signedOut' }
  const link = await app.membershipLinks.find({ accountId: visitor.accountId, slug })
  if (link === undefined) return { kind: 'outsider' }
  try {
    const claim = { slug, accountId: visitor.accountId, memberId: link.memberId, admit: admitted }
    return { kind: 'member', community: await app.communityContext(request, claim) }
  } catch (error) {
    if (!isKindredError(error)) throw error
    if (error.code === 'KINDRED_NOT_A_MEMBER') return { kind: 'outsider' }
    if (error.code === 'KINDRED_BANNED_FROM_COMMUNITY') return { kind: 'banned' }
    throw error
  }
}

/** A member who takes part: approved, with a pseudonym of their own choosing (a charter accepted once). */
export const takesPart = (standing: Standing): standing is { kind: 'member'; community: CommunityContext } =>
  standing.kind === 'member' && standing.community.approval === 'approved' && standing.community.member.charterVersion !== null

/**
 * The preHandler of a community's member pages: a signed-in member who takes part gets the page, with
 * `request.community()` set as the API's community routes have it (so per-member limits apply alike);
 * anyone else goes to the community's own page, which says where they stand and what to do.
 */
export function membersOnly(app: TypeBoxApp) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const { slug } = request.params as { slug: string }
    if (signedInOrRedirect(request, reply, `/c/${slug}`) === null) return
    const standing = await standingIn(app, request, slug)
    if (!takesPart(standing)) return void reply.redirect(`/c/${slug}`, 303)
    request.kindredCommunity = standing.community
  }
}

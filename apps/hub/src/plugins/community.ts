import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { KindredError } from '@kindred/errors'
import { assertStanding, type CommunityActor, type MemberApproval } from '@kindred/community'
import { findTenantMember } from '@kindred/membership'
import { communityAudience } from '@kindred/tokens'
import type { CommunityLocation } from './community-cache.ts'
import { changesNothing } from './read-only.ts'
import { subjectId } from './tokens.ts'

/** What a community route acts on: the community, its tenant and the member making the request. */
export interface CommunityContext extends CommunityActor {
  slug: string
  community: CommunityLocation
  /** The hub account behind the member, as the hub links them: the hub's side of the member (marks, profile). */
  accountId: string
  /** Approved, or pending on the routes that admit members waiting for approval. */
  approval: MemberApproval
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route's write checks, in its own statement, that the member's row still lets them act (see
     * `postingStanding` in @kindred/forum): the request may then take the member from the cache.
     */
    writeChecksStanding?: boolean
    /** A members-only route that a member whose request to join is pending may call too (where they stand). */
    pendingMembers?: boolean
  }
  interface FastifyInstance {
    /**
     * The onRequest hook of every members-only route under `/v1/c/:slug`: a community token for that slug,
     * issued since its account last ended its sessions (401 otherwise, before anything about the community
     * is read), a live or archived community (writes to
     * an archived one: 409), and a current, approved member (who left, is banned or was declined: 403,
     * whatever the token says; pending: 403 `KINDRED_MEMBERSHIP_PENDING` unless the route admits them).
     */
    communityMember: (request: FastifyRequest) => Promise<void>
    /**
     * The community context of a member already known to be signed in (the site's session cookie): the
     * same checks of the community and of the member's standing as `communityMember` makes after the token.
     */
    communityContext: (request: FastifyRequest, claim: MemberClaim) => Promise<CommunityContext>
  }
  interface FastifyRequest {
    /** The community context the `communityMember` hook established. */
    community(): CommunityContext
    kindredCommunity: CommunityContext | null
  }
}

const notAMember = (): KindredError => new KindredError('KINDRED_NOT_A_MEMBER', 'You are not a member of this community')
const approvedOnly: readonly MemberApproval[] = ['approved']
const approvedOrPending: readonly MemberApproval[] = ['approved', 'pending']

/** Who acts in a community: the account, its pairwise member id there, and which approvals may act. */
export interface MemberClaim {
  slug: string
  accountId: string
  memberId: string
  admit: readonly MemberApproval[]
}

// The same for a token and for a browser's session: the community as it stands, and the member as the
// tenant's row says now, whatever a token or the hub's link said.
async function communityContext(app: FastifyInstance, request: FastifyRequest, claim: MemberClaim): Promise<CommunityContext> {
  const { slug, accountId, memberId } = claim
  const community = await app.communities.find(slug)
  if (community === undefined) throw notAMember()
  if (community.status === 'archived' && !changesNothing(request)) {
    throw new KindredError('KINDRED_COMMUNITY_ARCHIVED', 'This community is archived and read-only')
  }
  const tenant = app.placements.tenantDb(community)
  // The tenant's row, not the token's claims: a role taken away, a ban or a decision on a request to join
  // applies at once. Reads take it from the member cache, which hears every change of the row as it
  // commits; writes read the row itself, so nothing is ever written on the strength of a stale one, except
  // those whose own statement checks the member's row again (`writeChecksStanding`).
  const cached = changesNothing(request) || request.routeOptions.config.writeChecksStanding === true
  const member = cached ? await app.members.find(community, tenant, memberId) : await findTenantMember(tenant, memberId)
  assertStanding(member, claim.admit)
  return {
    slug,
    community,
    accountId,
    tenant,
    member: { memberId: member.memberId, pseudonym: member.pseudonym, role: member.role, charterVersion: member.charterVersion },
    budgets: { posts: app.limits.postsPerMember, threads: app.limits.threadsPerMember },
    approval: member.approval,
  }
}

async function resolveCommunity(app: FastifyInstance, request: FastifyRequest): Promise<CommunityContext> {
  const { slug } = request.params as { slug?: string }
  if (slug === undefined) throw new Error('communityMember is for routes under /v1/c/:slug')
  // The token first: without a valid one for this very slug, nothing about the community is looked up.
  const claims = await request.verifyAccessToken(communityAudience(slug))
  const memberId = subjectId(claims)
  // A community token falls with its account's sessions (a ban, a password change, an erasure) as a hub
  // token does, and from the same notified cache. The tenant never knows the account: the hub's link does.
  // Signing out with the hub token it was switched from revokes its `sid` (tokens from before it had none).
  const tokenIds = typeof claims.sid === 'string' ? [claims.jti, claims.sid] : [claims.jti]
  const accountId = await app.memberAccounts.find(memberId)
  if (accountId === undefined || !(await app.sessionValidity.isCurrent(accountId, claims.iat, tokenIds))) {
    throw new KindredError('KINDRED_UNAUTHORIZED', 'Invalid or expired token')
  }
  const admit = request.routeOptions.config.pendingMembers === true ? approvedOrPending : approvedOnly
  return communityContext(app, request, { slug, accountId, memberId, admit })
}

async function communityPlugin(app: FastifyInstance): Promise<void> {
  app.decorateRequest('kindredCommunity', null)
  app.decorateRequest('community', function (this: FastifyRequest) {
    if (this.kindredCommunity === null) throw new Error('community() on a route without the communityMember hook')
    return this.kindredCommunity
  })
  app.decorate('communityMember', async (request: FastifyRequest) => {
    request.kindredCommunity = await resolveCommunity(app, request)
  })
  app.decorate('communityContext', (request: FastifyRequest, claim: MemberClaim) => communityContext(app, request, claim))
}

export default fp(communityPlugin, {
  name: 'kindred-community',
  dependencies: ['kindred-database', 'kindred-placements', 'kindred-tokens', 'kindred-caches', 'kindred-rate-limit'],
})

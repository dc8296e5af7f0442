import type { FastifyInstance, FastifyRequest } from 'fastify'

// Keyed on the pairwise member id the communityMember hook established (it runs first, as onRequest):
// a member's budget is per community, and the limits of one route family are shared by its routes.
const byMember = (request: FastifyRequest) => `${request.community().slug}:${request.community().member.memberId}`

/**
 * Per-member limits of forum writes counted by the hub: reactions, messages, moderation, reports. Threads
 * and posts spend the member's write budgets in the tenant instead, in the write's own statement (see
 * `spentBudgets` in @kindred/community; the actor carries them).
 */
export function forumLimits(app: FastifyInstance) {
  return {
    reactions: app.rateLimits(app.limit('reactionsPerMember', byMember)),
    messages: app.rateLimits(app.limit('messagesPerMember', byMember)),
    moderation: app.rateLimits(app.limit('moderationPerMember', byMember)),
    reports: app.rateLimits(app.limit('reportsPerMember', byMember)),
  }
}

export type ForumLimits = ReturnType<typeof forumLimits>

import type { FastifyInstance, FastifyRequest } from 'fastify'

// Keyed on the pairwise member id the communityMember hook established (it runs first, as onRequest):
// a member's budget is per community, and the limits of one route family are shared by its routes.
const byMember = (request: FastifyRequest) => `${request.community().slug}:${request.community().member.memberId}`

/** Per-member limits of forum writes: threads, posts (replies, edits, deletions), reactions, moderation, reports. */
export function forumLimits(app: FastifyInstance) {
  return {
    // A new thread is also a post: it spends both budgets.
    threads: app.rateLimits(app.limit('threadsPerMember', byMember), app.limit('postsPerMember', byMember)),
    posts: app.rateLimits(app.limit('postsPerMember', byMember)),
    reactions: app.rateLimits(app.limit('reactionsPerMember', byMember)),
    messages: app.rateLimits(app.limit('messagesPerMember', byMember)),
    moderation: app.rateLimits(app.limit('moderationPerMember', byMember)),
    reports: app.rateLimits(app.limit('reportsPerMember', byMember)),
  }
}

export type ForumLimits = ReturnType<typeof forumLimits>

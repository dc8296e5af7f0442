import type { FastifyInstance, FastifyRequest } from 'fastify'

const hour = 60 * 60_000

// Keyed on the pairwise member id the communityMember hook established (it runs first, as onRequest):
// a member's budget is per community, and the limits of one route family are shared by its routes.
const byMember = (family: string) => (request: FastifyRequest) => `forum:${family}:${request.community().slug}:${request.community().member.memberId}`

/** Per-member limits of forum writes: threads, posts (replies, edits, deletions), reactions, moderation, reports. */
export function forumLimits(app: FastifyInstance) {
  return {
    threads: app.rateLimits({ max: 20, timeWindow: hour, keyGenerator: byMember('threads') }, { max: 300, timeWindow: hour, keyGenerator: byMember('posts') }),
    posts: app.rateLimits({ max: 300, timeWindow: hour, keyGenerator: byMember('posts') }),
    reactions: app.rateLimits({ max: 600, timeWindow: hour, keyGenerator: byMember('reactions') }),
    messages: app.rateLimits({ max: 120, timeWindow: hour, keyGenerator: byMember('messages') }),
    moderation: app.rateLimits({ max: 120, timeWindow: hour, keyGenerator: byMember('moderation') }),
    reports: app.rateLimits({ max: 30, timeWindow: hour, keyGenerator: byMember('reports') }),
  }
}

export type ForumLimits = ReturnType<typeof forumLimits>

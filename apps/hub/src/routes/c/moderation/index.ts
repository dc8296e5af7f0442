import type { FastifyInstance } from 'fastify'
import type { ForumLimits } from '../limits.ts'
import joinRequestRoutes from './join-requests.ts'
import moderationLogRoutes from './log.ts'
import moderatedMemberRoutes from './members.ts'
import moderatedMessageRoutes from './messages.ts'
import ownershipRoutes from './ownership.ts'
import moderatedPostRoutes from './posts.ts'
import reportRoutes from './reports.ts'
import settingsRoutes from './settings.ts'
import standingRoutes from './standing.ts'
import moderatedThreadRoutes from './threads.ts'

/**
 * Moderation inside a community: where a member stands (the one route open to pending members), join
 * requests, settings, reports, hiding posts and messages, locking threads, bans, moderators, handing
 * ownership over and the log. The communityMember hook of the enclosing scope has already established the
 * member.
 */
export default async function moderationRoutes(app: FastifyInstance, options: { limits: ForumLimits }): Promise<void> {
  await app.register(standingRoutes)
  await app.register(joinRequestRoutes, options)
  await app.register(settingsRoutes, options)
  await app.register(reportRoutes, options)
  await app.register(moderatedPostRoutes, options)
  await app.register(moderatedMessageRoutes, options)
  await app.register(moderatedThreadRoutes, options)
  await app.register(moderatedMemberRoutes, options)
  await app.register(ownershipRoutes, options)
  await app.register(moderationLogRoutes)
}

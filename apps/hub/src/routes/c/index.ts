import type { FastifyInstance } from 'fastify'
import categoryRoutes from './categories.ts'
import charterRoutes from './charter.ts'
import directoryRoutes from './directory.ts'
import landingRoutes from './landing.ts'
import { forumLimits } from './limits.ts'
import messageRoutes from './messages.ts'
import moderationRoutes from './moderation/index.ts'
import notificationRoutes from './notifications.ts'
import postRoutes from './posts.ts'
import searchRoutes from './search.ts'
import threadRoutes from './threads.ts'

// Everything under /v1/c/:slug but the landing is for members holding a token of that community: one
// onRequest hook for the whole scope, so no route can forget it.
async function memberRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', app.communityMember)
  const limits = forumLimits(app)
  await app.register(categoryRoutes, { limits })
  await app.register(charterRoutes)
  await app.register(threadRoutes)
  await app.register(postRoutes, { limits })
  await app.register(searchRoutes)
  await app.register(directoryRoutes)
  await app.register(messageRoutes, { limits })
  await app.register(moderationRoutes, { limits })
  await app.register(notificationRoutes)
}

/**
 * A community's forum: its public landing, and for members categories, threads, posts, "me too", search,
 * the member directory and direct messages.
 */
export default async function forumRoutes(app: FastifyInstance): Promise<void> {
  await app.register(landingRoutes)
  await app.register(memberRoutes)
}

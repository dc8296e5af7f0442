import type { FastifyInstance } from 'fastify'
import categoryRoutes from './categories.ts'
import charterRoutes from './charter.ts'
import landingRoutes from './landing.ts'
import { forumLimits } from './limits.ts'
import postRoutes from './posts.ts'
import threadRoutes from './threads.ts'

// Everything under /v1/c/:slug but the landing is for members holding a token of that community: one
// onRequest hook for the whole scope, so no route can forget it.
async function memberRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', app.communityMember)
  const limits = forumLimits(app)
  await app.register(categoryRoutes, { limits })
  await app.register(charterRoutes, { limits })
  await app.register(threadRoutes, { limits })
  await app.register(postRoutes, { limits })
}

/** A community's forum: its public landing, and for members categories, threads, posts and "me too". */
export default async function forumRoutes(app: FastifyInstance): Promise<void> {
  await app.register(landingRoutes)
  await app.register(memberRoutes)
}

import type { FastifyInstance } from 'fastify'
import adminAccountRoutes from './accounts.ts'
import adminModerationLogRoutes from './moderation-log.ts'
import adminOwnershipRoutes from './ownership.ts'
import adminRoleRoutes from './roles.ts'
import adminStatsRoutes from './stats.ts'

/**
 * Network staff's routes for accounts (review, verified roles, network-wide bans), communities' moderation
 * logs and owners, and network statistics.
 */
export default async function adminRoutes(app: FastifyInstance): Promise<void> {
  await app.register(adminAccountRoutes)
  await app.register(adminRoleRoutes)
  await app.register(adminStatsRoutes)
  await app.register(adminModerationLogRoutes)
  await app.register(adminOwnershipRoutes)
}

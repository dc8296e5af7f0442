import type { FastifyInstance } from 'fastify'
import type { HealthAlertSettings } from '@kindred/statistics'
import adminCharterRoutes from '../charter/admin.ts'
import adminCommunityRoutes from '../communities/admin.ts'
import adminAccountRoutes from './accounts.ts'
import adminCommunityReadingRoutes from './community-reading.ts'
import adminHealthRoutes from './health.ts'
import adminModerationLogRoutes from './moderation-log.ts'
import adminOwnershipRoutes from './ownership.ts'
import adminRoleRoutes from './roles.ts'
import adminStatsRoutes from './stats.ts'

/**
 * Network staff's routes, everything under `/v1/admin`: accounts (review, verified roles, network-wide bans),
 * communities (archive, restore, retry provisioning, appoint an owner, read the moderation log), the charter,
 * network statistics and the network's health. One onRequest hook for the whole scope, so no route can forget it: a hub token of
 * a staff account (401 without a valid token, 403 for any other account), checked before the request is read;
 * handlers take the staff id from `request.staffId()`.
 */
export default async function adminRoutes(app: FastifyInstance, options: { health: HealthAlertSettings }): Promise<void> {
  app.addHook('onRequest', app.networkStaff)
  await app.register(adminAccountRoutes)
  await app.register(adminRoleRoutes)
  await app.register(adminStatsRoutes)
  await app.register(adminHealthRoutes, { health: options.health })
  await app.register(adminModerationLogRoutes)
  await app.register(adminOwnershipRoutes)
  await app.register(adminCommunityRoutes)
  await app.register(adminCharterRoutes)
  await app.register(adminCommunityReadingRoutes)
}

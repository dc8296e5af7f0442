import type { FastifyInstance } from 'fastify'
import adminAccountRoutes from './accounts.ts'
import adminRoleRoutes from './roles.ts'

/** Network staff's routes for accounts: review, verified roles, network-wide bans. */
export default async function adminRoutes(app: FastifyInstance): Promise<void> {
  await app.register(adminAccountRoutes)
  await app.register(adminRoleRoutes)
}

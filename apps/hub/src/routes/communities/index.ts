import type { FastifyInstance } from 'fastify'
import adminCommunityRoutes from './admin.ts'
import publicCommunityRoutes from './public.ts'

/** Communities: the public directory and cards, and staff administration (archive, restore, retry provisioning). */
export default async function communityRoutes(app: FastifyInstance): Promise<void> {
  await app.register(publicCommunityRoutes)
  await app.register(adminCommunityRoutes)
}

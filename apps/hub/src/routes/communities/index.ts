import type { FastifyInstance } from 'fastify'
import publicCommunityRoutes from './public.ts'

/** Communities: the public directory and cards. Staff administration (`./admin.ts`) is registered in the staff scope, routes/admin. */
export default async function communityRoutes(app: FastifyInstance): Promise<void> {
  await app.register(publicCommunityRoutes)
}

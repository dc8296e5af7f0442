import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'

async function security(app: FastifyInstance): Promise<void> {
  // The API docs page runs swagger-ui's bundled scripts from our own origin, so only 'self' is needed.
  await app.register(helmet, { global: true })
}

export default fp(security, { name: 'kindred-security' })

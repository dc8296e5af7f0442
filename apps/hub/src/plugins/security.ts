import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'

async function security(app: FastifyInstance): Promise<void> {
  // Helmet's defaults, CSP included ('self' only), also suit the API docs page: swagger-ui's scripts and
  // styles are served from our own origin.
  await app.register(helmet, { global: true })
}

export default fp(security, { name: 'kindred-security' })

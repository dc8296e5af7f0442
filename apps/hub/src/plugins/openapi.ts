import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'

const docsContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"

// The OpenAPI document is generated from the route schemas, so it cannot drift from what the API does.
async function openapi(app: FastifyInstance, options: { version: string }): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kindred',
        description: 'The hub API of a network of rare-disease patient communities.',
        version: options.version,
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, index) => (typeof json.$id === 'string' ? json.$id : `schema${index}`),
    },
  })
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // swagger-ui's scripts, styles and images are served from our own origin (images also inline).
    uiHooks: {
      onRequest: (_request, reply, done) => {
        void reply.header('content-security-policy', docsContentSecurityPolicy)
        done()
      },
    },
  })
}

export default fp(openapi, { name: 'kindred-openapi' })

import type { FastifyInstance, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'

const docsContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"

/** The groups of operations in the document; a route naming any other tag is refused. */
const tags = [
  { name: 'health', description: 'Liveness and readiness, for load balancers and orchestrators' },
  { name: 'identity', description: 'The public keys that verify Kindred access tokens' },
  { name: 'auth', description: 'Accounts and sessions: register, sign in, refresh, sign out, community tokens' },
  { name: 'me', description: 'The signed-in account: its profile, disclosures, password and personal data' },
  { name: 'charter', description: 'The network charter every member accepts' },
  { name: 'proposals', description: 'The incubator: proposals for new communities, their support and staff review' },
  { name: 'communities', description: 'The directory of communities and their public cards' },
  { name: 'memberships', description: 'Joining and leaving communities, and the privacy choices made in each' },
  { name: 'forum', description: 'Inside a community, with its community token: categories, threads, posts, search, members, messages' },
  {
    name: 'moderation',
    description: 'Inside a community, for its moderators and owners: join requests, reports, hiding, locks, bans, handing ownership over',
  },
  { name: 'statistics', description: 'Network statistics: public ones with small counts suppressed, exact ones for staff' },
  { name: 'admin', description: 'For network staff only' },
]
const tagNames = new Set(tags.map((tag) => tag.name))
const camelCase = /^[a-z][a-zA-Z0-9]*$/

// In the spirit of the error contract (plugins/errors.ts), the document's contract is checked as each route
// is registered: a route without a stable operationId (what generated clients name their methods after) or
// without its security declared ([] when public) stops the app from starting, rather than reaching clients.
function checkDocumented(route: RouteOptions, operationIds: Map<string, string>): void {
  const schema = route.schema
  if (schema?.hide === true) return
  const name = `${route.method.toString()} ${route.url}`
  const operationId = schema?.operationId
  if (operationId === undefined || !camelCase.test(operationId)) throw new Error(`${name} has no camelCase operationId`)
  if (schema?.security === undefined) throw new Error(`${name} does not declare its security ([] when public)`)
  const unknownTag = schema.tags?.find((tag) => !tagNames.has(tag))
  if (unknownTag !== undefined) throw new Error(`${name} has the undeclared tag ${unknownTag}`)
  // Fastify's HEAD twin of a GET route shares its schema, and the document leaves it out.
  if (route.method === 'HEAD') return
  const holder = operationIds.get(operationId)
  if (holder !== undefined) throw new Error(`${name} has the operationId ${operationId} of ${holder}`)
  operationIds.set(operationId, name)
}

export interface OpenapiOptions {
  version: string
  /** An SPDX license expression (package.json's `license`). */
  license: string
}

// The OpenAPI document is generated from the route schemas, so it cannot drift from what the API does.
async function openapi(app: FastifyInstance, options: OpenapiOptions): Promise<void> {
  const operationIds = new Map<string, string>()
  app.addHook('onRoute', (route) => {
    checkDocumented(route, operationIds)
  })
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kindred',
        description: 'The hub API of a network of rare-disease patient communities.',
        version: options.version,
        license: { name: options.license, identifier: options.license },
      },
      // Relative: clients resolve it against the address they fetched the document from, whatever the host.
      servers: [{ url: '/', description: 'The hub serving this document' }],
      tags,
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

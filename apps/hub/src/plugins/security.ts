import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/**
 * The response headers a JSON API needs (OWASP REST Security Cheat Sheet): no sniffing, no framing, no
 * active content, HTTPS only, no referrer. Set as one constant table because helmet, which runs
 * Express-style middleware per request, halved the throughput of a trivial route (see
 * docs/decisions.md); the API docs page relaxes the content security policy for itself.
 */
export const securityHeaders = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
} as const

async function security(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', async (_request, reply) => {
    void reply.headers(securityHeaders)
  })
  // Answers carry tokens and health data: nothing is kept by a browser or a shared cache unless its route
  // says so (the JWKS and the public statistics do). A callback hook: it runs on every response.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store')
    done(null, payload)
  })
}

export default fp(security, { name: 'kindred-security' })

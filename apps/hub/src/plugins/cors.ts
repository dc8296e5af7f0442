import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import cors from '@fastify/cors'

/** The methods the API's routes use; a preflight for anything else is answered without it. */
const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']
/** Request headers beyond the CORS-safelisted ones that clients send: the bearer token and JSON bodies. */
const allowedHeaders = ['Authorization', 'Content-Type']
/** Response headers a browser app may read besides the safelisted ones: when to retry, deprecations, the export's file name. */
const exposedHeaders = ['Retry-After', 'Deprecation', 'Link', 'Content-Disposition']
/** Seconds a browser may keep a preflight answer (Chromium keeps it at most 2 hours, Firefox a day). */
const preflightMaxAgeSeconds = 600

/**
 * Lets browser apps on the listed origins call the API with bearer tokens. Off unless origins are
 * configured; an origin not listed (or a request without `Origin`) gets no CORS header at all, so the
 * browser keeps the answer from the page. Credentials (cookies) are never allowed: tokens travel in the
 * `Authorization` header, which is why a listed origin may send it.
 */
async function corsPlugin(app: FastifyInstance, options: { origins: readonly string[] }): Promise<void> {
  if (options.origins.length === 0) return
  const listed = new Set(options.origins)
  await app.register(cors, {
    // A function rather than the list: for an origin not listed, @fastify/cors then adds nothing, where with
    // a list it would still answer a preflight with the allowed methods and headers.
    origin: (origin, callback) => {
      callback(null, origin !== undefined && listed.has(origin) ? origin : false)
    },
    methods,
    allowedHeaders,
    exposedHeaders,
    credentials: false,
    maxAge: preflightMaxAgeSeconds,
  })
}

export default fp(corsPlugin, { name: 'kindred-cors', dependencies: ['kindred-errors'] })

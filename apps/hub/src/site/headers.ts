import type { FastifyReply } from 'fastify'

// Pages load their stylesheet and scripts from this origin only, and run no inline script: nothing a
// post could smuggle in would execute. Forms post to this origin only; no page can be framed.
const pageSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ')

/**
 * What every HTML page sends beside the API's security headers: its own policy, and no caching, since a
 * page may show what only this visitor may see.
 */
export function setPageHeaders(reply: FastifyReply): void {
  void reply.header('content-security-policy', pageSecurityPolicy)
  void reply.header('cache-control', 'no-store')
  void reply.type('text/html; charset=utf-8')
}

import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import fastifyJwt, { type TokenOrHeader } from '@fastify/jwt'
import { isDatabaseUnavailable } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import { hubAudience, type AccessTokenClaims, type TokenHeader, type TokenService } from '@kindred/tokens'

declare module 'fastify' {
  interface FastifyInstance {
    tokens: TokenService
    /**
     * A hook refusing with 401 a request without a valid access token for `audience` (the hub's by
     * default): `{ onRequest: app.authenticate() }`. Handlers read the claims with `request.verifyAccessToken()`.
     */
    authenticate(audience?: string): (request: FastifyRequest) => Promise<void>
  }
  interface FastifyRequest {
    /** The claims of the request's `Authorization: Bearer` access token for `audience` (the hub's by default), or a 401. */
    verifyAccessToken(audience?: string): Promise<AccessTokenClaims>
  }
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    user: AccessTokenClaims
  }
}

const bearer = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i

function bearerToken(request: FastifyRequest): string {
  const token = bearer.exec(request.headers.authorization ?? '')?.[1]
  if (token === undefined) throw new KindredError('KINDRED_UNAUTHORIZED', 'An access token is required')
  return token
}

// Decoded with `complete: true`, the callback always receives the header and payload.
const headerOf = (decoded: TokenOrHeader): TokenHeader => ('header' in decoded ? decoded.header : decoded) as TokenHeader

const unauthorized = (cause?: unknown): KindredError => new KindredError('KINDRED_UNAUTHORIZED', 'Invalid or expired token', { cause })

const bareUuid = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i

/**
 * A verified token's subject as the id it names (an account's, or a member's in a community): a bare uuid,
 * as the database keeps ids. A token the hub signed always has one; any other subject is refused with
 * 401 before it reaches a query, where PostgreSQL would refuse it as a uuid (a 500).
 */
export function subjectId(claims: AccessTokenClaims): string {
  if (!bareUuid.test(claims.sub)) throw unauthorized()
  return claims.sub
}

// @fastify/jwt decodes the token, asks for the key of its header, then runs fast-jwt with the same options
// as the token service's own verifier (one cached verifier per key). Every failure is the same 401,
// except a key lookup that failed because the database is down: that is an outage (503).
async function tokens(app: FastifyInstance, options: { tokens: TokenService }): Promise<void> {
  const service = options.tokens
  const { publicKeyFor, options: verifierOptions, checkClaims } = service.verification
  // fast-jwt counts maxAge in milliseconds, but @fastify/jwt reads a number as seconds and multiplies it:
  // passed on as a number, 15 minutes became ten days. With its unit spelled out it cannot be misread.
  const { maxAge, ...sharedOptions } = verifierOptions
  await app.register(fastifyJwt, {
    secret: { public: async (_request: FastifyRequest, decoded: TokenOrHeader) => publicKeyFor(headerOf(decoded)) },
    decode: { complete: true },
    verify: { ...sharedOptions, ...(maxAge === undefined ? {} : { maxAge: `${maxAge}ms` }), extractToken: bearerToken },
  })
  app.decorate('tokens', service)
  app.decorateRequest('verifyAccessToken', async function (this: FastifyRequest, audience: string = hubAudience) {
    bearerToken(this)
    let claims: AccessTokenClaims
    try {
      claims = await this.jwtVerify<AccessTokenClaims>()
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw error
      throw unauthorized(error)
    }
    return { ...checkClaims(claims, audience) }
  })
  app.decorate('authenticate', (audience: string = hubAudience) => async (request: FastifyRequest) => {
    await request.verifyAccessToken(audience)
  })
}

export default fp(tokens, { name: 'kindred-tokens' })

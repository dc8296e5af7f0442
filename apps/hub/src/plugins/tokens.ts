import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { KindredError } from '@kindred/errors'
import { hubAudience, type AccessTokenClaims, type TokenService } from '@kindred/tokens'

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

const bearer = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i

function bearerToken(request: FastifyRequest): string {
  const token = bearer.exec(request.headers.authorization ?? '')?.[1]
  if (token === undefined) throw new KindredError('KINDRED_UNAUTHORIZED', 'An access token is required')
  return token
}

async function tokens(app: FastifyInstance, options: { tokens: TokenService }): Promise<void> {
  const service = options.tokens
  app.decorate('tokens', service)
  app.decorateRequest('verifyAccessToken', function (this: FastifyRequest, audience: string = hubAudience) {
    return service.verify(bearerToken(this), audience)
  })
  app.decorate('authenticate', (audience: string = hubAudience) => async (request: FastifyRequest) => {
    await request.verifyAccessToken(audience)
  })
}

export default fp(tokens, { name: 'kindred-tokens' })

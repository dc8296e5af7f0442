import { Type } from 'typebox'
import { strictObject, type TypeBoxApp } from '../typebox.ts'

const jwkSchema = strictObject({
  kty: Type.Literal('OKP'),
  crv: Type.Literal('Ed25519'),
  x: Type.String(),
  kid: Type.String(),
  alg: Type.Literal('EdDSA'),
  use: Type.Literal('sig'),
})
const jwksSchema = strictObject({ keys: Type.Array(jwkSchema) })

// Verifiers may cache the key set for a few minutes: a key is published at least 15 minutes after its
// last token, and a verifier that meets an unknown kid fetches the set again.
const cacheControl = 'public, max-age=300'

export default async function wellKnownRoutes(app: TypeBoxApp): Promise<void> {
  app.get(
    '/.well-known/jwks.json',
    {
      schema: {
        operationId: 'getJwks',
        security: [],
        summary: 'The public keys that verify Kindred access tokens (JWKS, RFC 7517)',
        tags: ['identity'],
        response: { 200: jwksSchema },
      },
    },
    async (_request, reply) => {
      void reply.header('cache-control', cacheControl)
      return app.tokens.jwks()
    },
  )
}

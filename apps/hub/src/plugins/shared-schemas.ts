import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { account, tokenPair } from '../routes/auth/schemas.ts'

// Schemas referenced by routes of several resources (`Type.Ref('Account')`) are registered once, at the
// root, where every route can resolve them and the OpenAPI document lists them as components.
async function sharedSchemas(app: FastifyInstance): Promise<void> {
  app.addSchema(account)
  app.addSchema(tokenPair)
}

export default fp(sharedSchemas, { name: 'kindred-shared-schemas' })

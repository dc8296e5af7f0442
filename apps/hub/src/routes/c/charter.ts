import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import { acceptCharter } from '@kindred/forum'
import type { ForumLimits } from './limits.ts'
import { forumBodyLimitBytes, members, slugParams } from './schemas.ts'

const acceptBody = Type.Object({ version: Type.Integer({ minimum: 1, description: 'The version in force (GET /v1/c/:slug)' }) }, { additionalProperties: false })

/** Accepting the charter in force, which posting requires. */
export default async function charterRoutes(app: FastifyInstance, options: { limits: ForumLimits }): Promise<void> {
  app.post<{ Params: Static<typeof slugParams>; Body: Static<typeof acceptBody> }>(
    '/v1/c/:slug/charter/accept',
    {
      bodyLimit: forumBodyLimitBytes,
      preHandler: options.limits.posts,
      schema: {
        ...members,
        operationId: 'acceptCharter',
        summary: 'Accept the charter version in force in this community; 409 for any other version',
        params: slugParams,
        body: acceptBody,
        response: { 200: Type.Object({ charterVersion: Type.Integer() }, { additionalProperties: false }) },
      },
    },
    async (request) => ({ charterVersion: await acceptCharter(request.community(), request.body.version) }),
  )
}

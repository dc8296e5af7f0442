import { Type } from 'typebox'
import { acceptCharter } from '@kindred/forum'
import { strictObject, type TypeBoxApp } from '../typebox.ts'
import { forumBodyLimitBytes, members, slugParams } from './schemas.ts'

const acceptBody = strictObject({ version: Type.Integer({ minimum: 1, description: 'The version in force (GET /v1/c/:slug)' }) })

/** Accepting the charter in force, which posting requires. */
export default async function charterRoutes(app: TypeBoxApp): Promise<void> {
  app.post(
    '/v1/c/:slug/charter/accept',
    {
      bodyLimit: forumBodyLimitBytes,
      schema: {
        ...members,
        operationId: 'acceptCharter',
        summary: 'Accept the charter version in force in this community; 409 for any other version',
        params: slugParams,
        body: acceptBody,
        response: { 200: strictObject({ charterVersion: Type.Integer() }) },
      },
    },
    async (request) => ({ charterVersion: await acceptCharter(request.community(), request.body.version) }),
  )
}

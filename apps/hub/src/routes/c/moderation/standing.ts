import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import { charterInForce } from '@kindred/forum'
import { memberApproval } from '../../memberships/schemas.ts'
import { charter, members, slugParams } from '../schemas.ts'

const standing = Type.Object(
  {
    charter: Type.Union([charter, Type.Null()]),
    acceptedVersion: Type.Union([Type.Integer(), Type.Null()], { description: 'The charter version the member last accepted' }),
    approval: memberApproval,
  },
  { additionalProperties: false },
)

/** The one members-only route a member waiting for approval may call: the charter, and where they stand. */
export default async function standingRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Params: Static<typeof slugParams> }>(
    '/v1/c/:slug/charter',
    {
      config: { pendingMembers: true },
      schema: {
        ...members,
        operationId: 'getStanding',
        summary: 'The charter in force, the version the member accepted, and whether their request to join is still pending (pending members too)',
        params: slugParams,
        response: { 200: standing },
      },
    },
    async (request) => {
      const { tenant, member, approval } = request.community()
      return { charter: (await charterInForce(tenant)) ?? null, acceptedVersion: member.charterVersion, approval }
    },
  )
}

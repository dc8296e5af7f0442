import { Type } from 'typebox'
import { charterInForce } from '@kindred/forum'
import { strictObject, type TypeBoxApp } from '../../typebox.ts'
import { memberApproval } from '../../memberships/schemas.ts'
import { charter, members, slugParams } from '../schemas.ts'

const standing = strictObject({
  charter: Type.Union([charter, Type.Null()]),
  acceptedVersion: Type.Union([Type.Integer(), Type.Null()], { description: 'The charter version the member last accepted' }),
  approval: memberApproval,
})

/** The one members-only route a member waiting for approval may call: the charter, and where they stand. */
export default async function standingRoutes(app: TypeBoxApp): Promise<void> {
  app.get(
    '/v1/c/:slug/charter',
    {
      config: { pendingMembers: true },
      schema: {
        ...members,
        operationId: 'getStanding',
        summary:
          'The charter in force, the version the member accepted, and whether their request to join is still pending (pending members too)',
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

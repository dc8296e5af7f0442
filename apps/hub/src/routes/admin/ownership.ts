import { Type } from 'typebox'
import { appointOwnerByStaff } from '@kindred/moderation'
import { strictObject, type TypeBoxApp } from '../typebox.ts'
import { memberStanding } from '../c/moderation/schemas.ts'
import { slugParams } from '../communities/schemas.ts'

const appointment = strictObject({
  memberId: Type.String({ format: 'uuid', description: 'The member as the community knows them: the id in its moderation log' }),
  reason: Type.String({
    minLength: 1,
    maxLength: 2000,
    pattern: '\\S',
    description: 'Written to the community’s moderation log and the hub’s history of the community',
  }),
})

/** Network staff appoint a community's owner when nobody inside can: its owner was erased or banned, say. */
export default async function adminOwnershipRoutes(app: TypeBoxApp): Promise<void> {
  app.put(
    '/v1/admin/communities/:slug/owner',
    {
      schema: {
        tags: ['admin', 'moderation'],
        security: [{ bearer: [] }],
        operationId: 'appointCommunityOwner',
        summary:
          'Make a current member the community’s owner, with the reason; former owners become moderators, and the community no longer waits for an owner. Appointing the owner again changes nothing. Staff only',
        params: slugParams,
        body: appointment,
        response: { 200: strictObject({ member: memberStanding }) },
      },
    },
    async (request) => {
      const staffId = request.staffId()
      const { memberId, reason } = request.body
      return {
        member: await appointOwnerByStaff(
          { hub: app.database.db, placements: app.placements },
          { slug: request.params.slug, memberId, reason, staffId },
        ),
      }
    },
  )
}

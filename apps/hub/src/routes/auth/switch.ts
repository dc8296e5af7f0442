import { Type } from 'typebox'
import { switchedSessionId } from '@kindred/identity'
import { activeMembership } from '@kindred/membership'
import { communityAudience } from '@kindred/tokens'
import { strictObject, type TypeBoxApp } from '../typebox.ts'
import { memberApproval, memberRole, slugParams } from '../memberships/schemas.ts'

/** Minutes, not the hub's 15: a community token carries a role that a moderator may take away. */
export const communityTokenLifetimeSeconds = 5 * 60

const switchBody = strictObject({ community: slugParams.properties.slug })
const switchResponse = strictObject({
  tokenType: Type.Literal('Bearer'),
  accessToken: Type.String({
    description: 'A JWT for one community (audience kindred:community:<slug>), its subject the pairwise member id',
  }),
  expiresIn: Type.Integer({ description: 'Seconds until the token expires' }),
  community: Type.String(),
  member: strictObject({ memberId: Type.String({ format: 'uuid' }), pseudonym: Type.String(), role: memberRole, approval: memberApproval }),
})

/** Exchanges the hub session for a token of one community the account is a member of. */
export default async function switchRoutes(app: TypeBoxApp): Promise<void> {
  const deps = { hub: app.database.db, placements: app.placements, cache: { links: app.membershipLinks, members: app.members } }
  app.post(
    '/v1/auth/switch',
    {
      config: { changesNothing: true },
      schema: {
        operationId: 'switchCommunity',
        summary:
          'A community-scoped access token for a community the account belongs to (a member waiting for approval too, for the charter only); 403 when not a member, declined, banned, or the community is not live',
        tags: ['auth'],
        security: [{ bearer: [] }],
        body: switchBody,
        response: { 200: switchResponse },
      },
    },
    async (request) => {
      const { accountId, sessionId, issuedAt } = await request.currentSignIn()
      const { community, member } = await activeMembership(deps, { accountId, slug: request.body.community })
      const accessToken = await app.tokens.sign({
        subject: member.memberId,
        audience: communityAudience(community.slug),
        lifetimeSeconds: communityTokenLifetimeSeconds,
        // `sid` ties the token to the session of the hub token it was switched from, for signing out, and to nothing else.
        claims: { role: member.role, pseudonym: member.pseudonym, sid: switchedSessionId(sessionId, community.slug) },
        // No earlier than the hub token: one handed out by a password change may count from the next second.
        minIssuedAt: issuedAt,
      })
      return {
        tokenType: 'Bearer' as const,
        accessToken,
        expiresIn: communityTokenLifetimeSeconds,
        community: community.slug,
        member: { memberId: member.memberId, pseudonym: member.pseudonym, role: member.role, approval: member.approval },
      }
    },
  )
}

import { Type } from 'typebox'
import { findMember, listMembers } from '@kindred/membership'
import { strictObject, type TypeBoxApp } from '../typebox.ts'
import { slug } from '../communities/schemas.ts'
import { pagedQuery } from '../pagination.ts'
import { directoryMember, limit, members, next, slugParams, visibleText } from './schemas.ts'

const directoryQuery = pagedQuery({
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 32,
      pattern: visibleText,
      description: 'Only pseudonyms starting with this, whatever its case',
    }),
  ),
  // A pseudonym of 32 characters, up to 4 bytes each in UTF-8, in base64url.
  cursor: Type.Optional(
    Type.String({ minLength: 1, maxLength: 180, pattern: '^[A-Za-z0-9_-]+$', description: 'The `next` of the previous page, as is' }),
  ),
  limit,
})
const memberParams = strictObject({ slug, memberId: Type.String({ format: 'uuid' }) })

/** The member directory, as each member's privacy choices allow. */
export default async function directoryRoutes(app: TypeBoxApp): Promise<void> {
  app.get(
    '/v1/c/:slug/members',
    {
      schema: {
        ...members,
        operationId: 'listMembers',
        summary:
          'Members by pseudonym, a page at a time: those who chose to be listed and to show their profile to members (moderators see every member)',
        params: slugParams,
        querystring: directoryQuery,
        response: { 200: strictObject({ members: Type.Array(directoryMember), next }) },
      },
    },
    async (request) => {
      const page = await listMembers(app.database.db, request.community(), request.query)
      return { members: page.items, next: page.next }
    },
  )

  app.get(
    '/v1/c/:slug/members/:memberId',
    {
      schema: {
        ...members,
        operationId: 'getMember',
        summary: "A member's profile; 404 for one shown to moderators only, as for nobody",
        params: memberParams,
        response: { 200: strictObject({ member: directoryMember }) },
      },
    },
    async (request) => ({ member: await findMember(app.database.db, request.community(), request.params.memberId) }),
  )
}

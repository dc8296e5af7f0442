import { Type } from 'typebox'
import { isKindredError } from '@kindred/errors'
import { assertMayContact } from '@kindred/messaging'
import { findMember, listMembers, pseudonymLength } from '@kindred/membership'
import { isModerator } from '@kindred/community'
import { strictObject, type TypeBoxApp } from '../../routes/typebox.ts'
import { slug } from '../../routes/communities/schemas.ts'
import type { FormState } from '../form.ts'
import { membersOnly } from '../member.ts'
import { membersPage, type MembersView } from '../pages/members.ts'
import { profilePage } from '../pages/profile.ts'
import { pageResponse } from '../schemas.ts'
import { slugParams } from './forum-schemas.ts'

// Bounded above a pseudonym's length, so a name too long is explained on the page; the cursor as the API's.
const membersQuery = strictObject({
  q: Type.Optional(Type.String({ maxLength: pseudonymLength.max * 4, pattern: '^[^\\u0000]*$' })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 180, pattern: '^[A-Za-z0-9_-]+$' })),
})
const memberParams = strictObject({ slug, memberId: Type.String({ format: 'uuid' }) })
const membersPerPage = 50
const page = { 200: pageResponse, '4xx': pageResponse }

// Contact is the messaging package's rule (a member who has not opted in to contact from industry cannot be
// written to by an industry-linked member): the link is offered only where the message would be accepted.
const contactRefused = (error: unknown): boolean =>
  isKindredError(error) && (error.code === 'KINDRED_CONTACT_NOT_ALLOWED' || error.code === 'KINDRED_NOT_FOUND')

/** The member directory and profiles, as each member's privacy choices allow (the membership package's rule). */
export default async function memberPageRoutes(app: TypeBoxApp): Promise<void> {
  app.addHook('preHandler', membersOnly(app))
  const hub = app.database.db

  app.get(
    '/c/:slug/members',
    { schema: { hide: true, params: slugParams, querystring: membersQuery, response: page } },
    async (request, reply) => {
      const community = request.community()
      const context = request.page()
      const typed = request.query.q ?? ''
      const q = /\S/u.test(typed) ? typed.trim() : null
      const form: FormState<'q'> = { values: { q: typed }, errors: {} }
      const view = (members: MembersView['members'], searched: string | null): MembersView => ({
        slug: community.slug,
        communityName: community.community.name,
        moderator: isModerator(community.member),
        form,
        q: searched,
        members,
      })
      if (q !== null && q.length > pseudonymLength.max) {
        form.errors.q = context.t('members.search.error.tooLong', { max: pseudonymLength.max })
        return reply.code(400).send(membersPage(context, view({ items: [], next: null }, null)))
      }
      const members = await listMembers(hub, community, {
        limit: membersPerPage,
        ...(q === null ? {} : { q }),
        ...(request.query.cursor === undefined ? {} : { cursor: request.query.cursor }),
      })
      return membersPage(context, view(members, q))
    },
  )

  app.get('/c/:slug/members/:memberId', { schema: { hide: true, params: memberParams, response: page } }, async (request) => {
    const community = request.community()
    const member = await findMember(hub, community, request.params.memberId)
    const own = member.memberId === community.member.memberId
    let mayMessage = !own
    if (mayMessage) {
      try {
        await assertMayContact(hub, community.tenant, { senderId: community.member.memberId, recipientId: member.memberId })
      } catch (error) {
        if (!contactRefused(error)) throw error
        mayMessage = false
      }
    }
    return profilePage(request.page(), { slug: community.slug, communityName: community.community.name, member, own, mayMessage })
  })
}

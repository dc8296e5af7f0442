import { banMember, moderatedMember, moderatedMembers, unbanMember } from '@kindred/moderation'
import type { TypeBoxApp } from '../../routes/typebox.ts'
import { forumLimits } from '../../routes/c/limits.ts'
import { csrfChecked } from '../csrf-and-cookies.ts'
import type { FormState } from '../form.ts'
import { banPage, membersPage, type BanField } from '../pages/moderate-members.ts'
import { moderatePath } from '../pages/moderate-nav.ts'
import {
  doneMessage,
  frameOf,
  memberParams,
  membersQuery,
  moderateParams,
  page,
  reasonForm,
  reasonMax,
  reasonOf,
} from './moderate-schemas.ts'

const membersPerPage = 50

/** Members with their role and standing; banning one and lifting a ban, each confirmed on a page of its own. */
export default async function memberPageRoutes(app: TypeBoxApp): Promise<void> {
  const checkCsrf = csrfChecked(app)
  const limits = forumLimits(app)

  app.get(
    '/c/:slug/moderate/members',
    { schema: { hide: true, params: moderateParams, querystring: membersQuery, response: page } },
    async (request) => {
      const community = request.community()
      const { cursor, done } = request.query
      const members = await moderatedMembers(community, { limit: membersPerPage, ...(cursor === undefined ? {} : { cursor }) })
      return membersPage(request.page(), {
        frame: frameOf(community),
        viewerId: community.member.memberId,
        members,
        done: doneMessage(request.page(), done),
      })
    },
  )

  for (const ban of [true, false]) {
    const path = `/c/:slug/moderate/members/:memberId/${ban ? 'ban' : 'unban'}`

    app.get(path, { schema: { hide: true, params: memberParams, response: page } }, async (request) => {
      const community = request.community()
      const member = await moderatedMember(community, request.params.memberId)
      return banPage(request.page(), { frame: frameOf(community), member, ban, form: { values: {}, errors: {} } })
    })

    app.post(
      path,
      { preValidation: checkCsrf, schema: { hide: true, params: memberParams, body: reasonForm, response: page } },
      async (request, reply) => {
        const community = request.community()
        const context = request.page()
        const reason = reasonOf(request.body.reason)
        const form: FormState<BanField> = { values: { reason: request.body.reason }, errors: {} }
        if (ban && reason === undefined) form.errors.reason = context.t('moderate.ban.error.reasonMissing')
        else if (reason !== undefined && reason.length > reasonMax)
          form.errors.reason = context.t('moderate.reason.error.tooLong', { max: reasonMax })
        if (Object.keys(form.errors).length > 0) {
          const member = await moderatedMember(community, request.params.memberId)
          return reply.code(400).send(banPage(context, { frame: frameOf(community), member, ban, form }))
        }
        await limits.moderation(request)
        if (!ban) await unbanMember(community, request.params.memberId, reason)
        // A ban without its reason was refused above.
        else if (reason !== undefined) await banMember(community, request.params.memberId, reason)
        return reply.redirect(`${moderatePath(community.slug, 'members')}?done=${ban ? 'banned' : 'unbanned'}`, 303)
      },
    )
  }
}

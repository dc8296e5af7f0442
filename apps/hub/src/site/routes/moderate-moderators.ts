import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { listMembers, normalisePseudonym, type DirectoryMember } from '@kindred/membership'
import {
  appointModerator,
  assertOwner,
  moderatedMembers,
  offerOwnership,
  openOwnershipOffer,
  removeModerator,
  withdrawOwnershipOffer,
} from '@kindred/moderation'
import type { TypeBoxApp } from '../../routes/typebox.ts'
import { forumLimits } from '../../routes/c/limits.ts'
import { csrfChecked } from '../csrf-and-cookies.ts'
import type { FormState } from '../form.ts'
import { moderatorsPage, type AppointField } from '../pages/moderate-moderators.ts'
import { moderatePath } from '../pages/moderate-nav.ts'
import { formBody, text } from '../schemas.ts'
import {
  csrfOnlyForm,
  doneMessage,
  doneQuery,
  frameOf,
  memberParams,
  moderateParams,
  offerParams,
  page,
  reasonMax,
  reasonOf,
  type Done,
} from './moderate-schemas.ts'

const appointForm = formBody({ pseudonym: text(200), reason: Type.String({ maxLength: reasonMax * 2, pattern: '^[^\\u0000]*$' }) })
// Every moderator on one page: a community has a handful.
const moderatorsShown = 100

/** The owners' page: moderators removed and appointed, ownership offered to one of them and withdrawn. */
export default async function moderatorPageRoutes(app: TypeBoxApp): Promise<void> {
  const checkCsrf = csrfChecked(app)
  const limits = forumLimits(app)
  // The package's own rule, before anything is read: owners only.
  const owners = async (request: FastifyRequest) => assertOwner(request.community().member)
  const back = (slug: string, done: Done) => `${moderatePath(slug, 'moderators')}?done=${done}`

  async function render(request: FastifyRequest, form: FormState<AppointField>, done: Done | undefined) {
    const community = request.community()
    const [moderators, offer] = await Promise.all([
      moderatedMembers(community, { role: 'moderator', limit: moderatorsShown }),
      openOwnershipOffer(community),
    ])
    return moderatorsPage(request.page(), {
      frame: frameOf(community),
      moderators: moderators.items,
      offer,
      form,
      done: doneMessage(request.page(), done),
    })
  }

  // The member taking part under this name, whatever its case and spacing, as the directory finds them.
  async function memberNamed(request: FastifyRequest, wanted: string): Promise<DirectoryMember | undefined> {
    const { items } = await listMembers(app.database.db, request.community(), { q: wanted, limit: 20 })
    return items.find((member) => member.pseudonym.toLowerCase() === wanted.toLowerCase())
  }

  app.get(
    '/c/:slug/moderate/moderators',
    { preHandler: owners, schema: { hide: true, params: moderateParams, querystring: doneQuery, response: page } },
    async (request) => render(request, { values: {}, errors: {} }, request.query.done),
  )

  app.post(
    '/c/:slug/moderate/moderators/appoint',
    { preValidation: checkCsrf, preHandler: owners, schema: { hide: true, params: moderateParams, body: appointForm, response: page } },
    async (request, reply) => {
      const community = request.community()
      const { t } = request.page()
      const { pseudonym } = request.body
      const reason = reasonOf(request.body.reason)
      const form: FormState<AppointField> = { values: { pseudonym, reason: request.body.reason }, errors: {} }
      const wanted = normalisePseudonym(pseudonym)
      const member = wanted === '' ? undefined : await memberNamed(request, wanted)
      if (wanted === '') form.errors.pseudonym = t('moderate.appoint.error.pseudonymMissing')
      else if (member === undefined) form.errors.pseudonym = t('moderate.appoint.error.noSuchMember', { pseudonym: wanted })
      else if (member.role !== 'member')
        form.errors.pseudonym = t('moderate.appoint.error.moderatesAlready', { pseudonym: member.pseudonym })
      if (reason !== undefined && reason.length > reasonMax) form.errors.reason = t('moderate.reason.error.tooLong', { max: reasonMax })
      if (member === undefined || Object.keys(form.errors).length > 0) return reply.code(400).send(await render(request, form, undefined))
      await limits.moderation(request)
      await appointModerator(community, member.memberId, reason)
      return reply.redirect(back(community.slug, 'appointed'), 303)
    },
  )

  app.post(
    '/c/:slug/moderate/moderators/:memberId/remove',
    { preValidation: checkCsrf, preHandler: owners, schema: { hide: true, params: memberParams, body: csrfOnlyForm } },
    async (request, reply) => {
      const community = request.community()
      await limits.moderation(request)
      await removeModerator(community, request.params.memberId)
      return reply.redirect(back(community.slug, 'removed'), 303)
    },
  )

  app.post(
    '/c/:slug/moderate/moderators/:memberId/offer-ownership',
    { preValidation: checkCsrf, preHandler: owners, schema: { hide: true, params: memberParams, body: csrfOnlyForm } },
    async (request, reply) => {
      const community = request.community()
      await limits.moderation(request)
      await offerOwnership(community, request.params.memberId)
      return reply.redirect(back(community.slug, 'offered'), 303)
    },
  )

  app.post(
    '/c/:slug/moderate/moderators/offers/:offerId/withdraw',
    { preValidation: checkCsrf, preHandler: owners, schema: { hide: true, params: offerParams, body: csrfOnlyForm } },
    async (request, reply) => {
      const community = request.community()
      await limits.moderation(request)
      await withdrawOwnershipOffer(community, request.params.offerId)
      return reply.redirect(back(community.slug, 'withdrawn'), 303)
    },
  )
}

import { isKindredError } from '@kindred/errors'
import { approveMember, declineMember, joinRequest, joinRequests } from '@kindred/moderation'
import type { TypeBoxApp } from '../../routes/typebox.ts'
import { forumLimits } from '../../routes/c/limits.ts'
import { csrfChecked } from '../csrf-and-cookies.ts'
import type { FormState } from '../form.ts'
import { declinePage, joinRequestsPage, type DeclineField } from '../pages/moderate-join-requests.ts'
import { moderatePath } from '../pages/moderate-nav.ts'
import {
  csrfOnlyForm,
  doneMessage,
  doneQuery,
  frameOf,
  memberParams,
  moderateParams,
  page,
  reasonForm,
  reasonMax,
  reasonOf,
  type Done,
} from './moderate-schemas.ts'

const requestsPerPage = 25

// Two moderators deciding at once: the second is told it was decided already, not shown an error page.
const decidedAlready = (error: unknown): boolean => isKindredError(error) && error.code === 'KINDRED_JOIN_REQUEST_DECIDED'

/** Requests to join, oldest first: approving one at once, declining one with its reason. */
export default async function joinRequestPageRoutes(app: TypeBoxApp): Promise<void> {
  const checkCsrf = csrfChecked(app)
  const limits = forumLimits(app)
  const listPath = (slug: string, done: Done) => `${moderatePath(slug, 'joinRequests')}?done=${done}`

  app.get(
    '/c/:slug/moderate/join-requests',
    { schema: { hide: true, params: moderateParams, querystring: doneQuery, response: page } },
    async (request) => {
      const community = request.community()
      const { cursor, done } = request.query
      const requests = await joinRequests(community, { limit: requestsPerPage, ...(cursor === undefined ? {} : { cursor }) })
      return joinRequestsPage(request.page(), { frame: frameOf(community), requests, done: doneMessage(request.page(), done) })
    },
  )

  app.post(
    '/c/:slug/moderate/join-requests/:memberId/approve',
    { preValidation: checkCsrf, schema: { hide: true, params: memberParams, body: csrfOnlyForm } },
    async (request, reply) => {
      const community = request.community()
      await limits.moderation(request)
      try {
        await approveMember(community, request.params.memberId)
        await app.announceNotice(community.community)
      } catch (error) {
        if (decidedAlready(error)) return reply.redirect(listPath(community.slug, 'decidedAlready'), 303)
        throw error
      }
      return reply.redirect(listPath(community.slug, 'approved'), 303)
    },
  )

  app.get(
    '/c/:slug/moderate/join-requests/:memberId/decline',
    { schema: { hide: true, params: memberParams, response: page } },
    async (request) => {
      const community = request.community()
      const applicant = await joinRequest(community, request.params.memberId)
      return declinePage(request.page(), { frame: frameOf(community), applicant, form: { values: {}, errors: {} } })
    },
  )

  app.post(
    '/c/:slug/moderate/join-requests/:memberId/decline',
    { preValidation: checkCsrf, schema: { hide: true, params: memberParams, body: reasonForm, response: page } },
    async (request, reply) => {
      const community = request.community()
      const context = request.page()
      const reason = reasonOf(request.body.reason)
      const form: FormState<DeclineField> = { values: { reason: request.body.reason }, errors: {} }
      if (reason === undefined) form.errors.reason = context.t('moderate.decline.error.reasonMissing')
      else if (reason.length > reasonMax) form.errors.reason = context.t('moderate.reason.error.tooLong', { max: reasonMax })
      if (Object.keys(form.errors).length > 0 || reason === undefined) {
        const applicant = await joinRequest(community, request.params.memberId)
        return reply.code(400).send(declinePage(context, { frame: frameOf(community), applicant, form }))
      }
      await limits.moderation(request)
      try {
        await declineMember(community, request.params.memberId, reason)
        await app.announceNotice(community.community)
      } catch (error) {
        if (decidedAlready(error)) return reply.redirect(listPath(community.slug, 'decidedAlready'), 303)
        throw error
      }
      return reply.redirect(listPath(community.slug, 'declined'), 303)
    },
  )
}

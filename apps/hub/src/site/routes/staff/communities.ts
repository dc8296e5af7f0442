import { Type } from 'typebox'
import type { FastifyReply } from 'fastify'
import { isKindredError } from '@kindred/errors'
import { findCommunityForMembers, memberByPseudonym } from '@kindred/membership'
import {
  appointOwnerByStaff,
  moderationAcrossCommunities,
  moderationLogForStaff,
  readReportedPost,
  reportedPostsForStaff,
  staffReadingReasonMax,
} from '@kindred/moderation'
import { archiveCommunity, getCommunityForStaff, listCommunitiesForStaff, restoreCommunity } from '@kindred/tenancy'
import type { MessageId } from '@kindred/i18n'
import { literalUnion, strictObject, type TypeBoxApp } from '../../../routes/typebox.ts'
import { slug } from '../../../routes/communities/schemas.ts'
import type { PageContext } from '../../context.ts'
import { csrfChecked } from '../../csrf-and-cookies.ts'
import { emptyForm, type FormState } from '../../form.ts'
import {
  communityListPage,
  communityPage,
  communityStatuses,
  networkLogPage,
  networkLogPath,
  staffCommunityPath,
  type CommunityPageView,
} from '../../pages/staff-communities.ts'
import { readingFormPage, readingPage } from '../../pages/staff-reading.ts'
import { staffPath } from '../../pages/staff-layout.ts'
import { formBody, text } from '../../schemas.ts'
import { cursorQuery, idText, postParams, slugParams } from '../forum-schemas.ts'
import { page } from '../moderate-schemas.ts'

const communitiesPerPage = 50
const logEntriesShown = 50
const reportedPostsShown = 50
const reasonText = text(staffReadingReasonMax * 2)

const doneCodes = ['archived', 'restored', 'appointed'] as const
type Done = (typeof doneCodes)[number]
const doneMessages: Record<Done, MessageId> = {
  archived: 'staff.communities.done.archived',
  restored: 'staff.communities.done.restored',
  appointed: 'staff.communities.done.appointed',
}

const listQuery = strictObject({
  q: Type.Optional(text(200)),
  status: Type.Optional(Type.Union([literalUnion(communityStatuses), Type.Literal('')])),
  after: Type.Optional(idText),
})
const communityQuery = strictObject({ done: Type.Optional(literalUnion(doneCodes)), cursor: Type.Optional(cursorQuery) })
const reasonForm = formBody({ reason: reasonText })
const ownerForm = formBody({ pseudonym: text(200), ownerReason: reasonText })

/** A reason as the staff console takes it: trimmed; the error to show when it is missing or too long. */
export function reasonProblem({ t }: PageContext, reason: string): string | undefined {
  const trimmed = reason.trim()
  if (trimmed === '') return t('staff.communities.error.reasonMissing')
  return trimmed.length > staffReadingReasonMax ? t('staff.communities.error.reasonTooLong', { max: staffReadingReasonMax }) : undefined
}

/** Communities: the list, one community with its actions, its reported posts and its log, and reading a reported post. */
export default async function staffCommunityRoutes(app: TypeBoxApp): Promise<void> {
  const checkCsrf = csrfChecked(app)
  const { db } = app.database
  const deps = { hub: db, placements: app.placements }

  app.get('/staff/communities', { schema: { hide: true, querystring: listQuery, response: page } }, async (request) => {
    const { q, status, after } = request.query
    const filters = { ...(q === undefined ? {} : { search: q }), ...(status === undefined || status === '' ? {} : { status }) }
    const found = await listCommunitiesForStaff(db, { limit: communitiesPerPage, ...filters, ...(after === undefined ? {} : { after }) })
    const next =
      found.next === null
        ? null
        : `${staffPath('communities')}?${new URLSearchParams({ q: q ?? '', status: status ?? '', after: found.next })}`
    return communityListPage(request.page(), {
      form: { values: { q: q ?? '', status: status ?? '' }, errors: {} },
      communities: found.communities,
      next,
    })
  })

  app.get(
    networkLogPath,
    { schema: { hide: true, querystring: strictObject({ cursor: Type.Optional(cursorQuery) }), response: page } },
    async (request) => {
      const { cursor } = request.query
      const found = await moderationAcrossCommunities(deps, { limit: logEntriesShown, ...(cursor === undefined ? {} : { cursor }) })
      return networkLogPage(request.page(), { entries: found.items, next: found.next })
    },
  )

  // The page of one community, with the forms as sent when one was refused.
  async function showCommunity(
    context: PageContext,
    communitySlug: string,
    forms: Partial<Pick<CommunityPageView, 'statusForm' | 'ownerForm' | 'done'>> & { cursor?: string },
  ): Promise<string> {
    const community = await getCommunityForStaff(db, communitySlug)
    const located = await findCommunityForMembers(db, communitySlug)
    const tenant = located === undefined ? undefined : app.placements.tenantDb(located)
    const [reported, log] =
      tenant === undefined
        ? [null, null]
        : await Promise.all([
            reportedPostsForStaff(tenant, reportedPostsShown),
            moderationLogForStaff(tenant, { limit: logEntriesShown, ...(forms.cursor === undefined ? {} : { cursor: forms.cursor }) }),
          ])
    return communityPage(context, {
      community,
      statusForm: forms.statusForm ?? emptyForm(),
      ownerForm: forms.ownerForm ?? emptyForm(),
      reported,
      log,
      done: forms.done ?? null,
    })
  }

  app.get(
    '/staff/communities/:slug',
    { schema: { hide: true, params: slugParams, querystring: communityQuery, response: page } },
    async (request) => {
      const { done, cursor } = request.query
      const context = request.page()
      return showCommunity(context, request.params.slug, {
        done: done === undefined ? null : context.t(doneMessages[done]),
        ...(cursor === undefined ? {} : { cursor }),
      })
    },
  )

  const redirectDone = (reply: FastifyReply, communitySlug: string, done: Done) =>
    reply.redirect(`${staffCommunityPath(communitySlug)}?done=${done}`, 303)

  for (const archiving of [true, false]) {
    app.post(
      `/staff/communities/:slug/${archiving ? 'archive' : 'restore'}`,
      { preValidation: checkCsrf, schema: { hide: true, params: slugParams, body: reasonForm, response: page } },
      async (request, reply) => {
        const context = request.page()
        const communitySlug = request.params.slug
        const problem = reasonProblem(context, request.body.reason)
        if (problem !== undefined) {
          const statusForm: FormState<'reason'> = { values: { reason: request.body.reason }, errors: { reason: problem } }
          return reply.code(400).send(await showCommunity(context, communitySlug, { statusForm }))
        }
        const action = { slug: communitySlug, actorId: request.staffId(), reason: request.body.reason.trim() }
        await (archiving ? archiveCommunity(db, action) : restoreCommunity(db, action))
        // Read-only (or writable again) at once in this process, as the API route does.
        app.communities.forget(communitySlug)
        return redirectDone(reply, communitySlug, archiving ? 'archived' : 'restored')
      },
    )
  }

  app.post(
    '/staff/communities/:slug/owner',
    { preValidation: checkCsrf, schema: { hide: true, params: slugParams, body: ownerForm, response: page } },
    async (request, reply) => {
      const context = request.page()
      const communitySlug = request.params.slug
      const { pseudonym, ownerReason } = request.body
      const ownerState: FormState<'pseudonym' | 'ownerReason'> = { values: { pseudonym, ownerReason }, errors: {} }
      const problem = reasonProblem(context, ownerReason)
      if (problem !== undefined) ownerState.errors.ownerReason = problem
      const located = await findCommunityForMembers(db, communitySlug)
      const member =
        pseudonym.trim() === '' || located === undefined ? undefined : await memberByPseudonym(app.placements.tenantDb(located), pseudonym)
      if (pseudonym.trim() === '') ownerState.errors.pseudonym = context.t('staff.communities.error.pseudonymMissing')
      else if (member === undefined) ownerState.errors.pseudonym = context.t('staff.communities.error.noSuchMember')
      if (member === undefined || problem !== undefined)
        return reply.code(400).send(await showCommunity(context, communitySlug, { ownerForm: ownerState }))
      try {
        await appointOwnerByStaff(deps, {
          slug: communitySlug,
          memberId: member.memberId,
          reason: ownerReason.trim(),
          staffId: request.staffId(),
        })
      } catch (error) {
        if (!isKindredError(error) || error.code !== 'KINDRED_CONFLICT') throw error
        ownerState.errors.pseudonym = context.t('staff.communities.error.cannotOwn')
        return reply.code(409).send(await showCommunity(context, communitySlug, { ownerForm: ownerState }))
      }
      return redirectDone(reply, communitySlug, 'appointed')
    },
  )

  // Reading a reported post: the reason first (GET shows the form), then the post once the reading is recorded.
  const readingParams = strictObject({ slug, postId: postParams.properties.postId })

  app.get('/staff/communities/:slug/posts/:postId', { schema: { hide: true, params: readingParams, response: page } }, async (request) => {
    const community = await getCommunityForStaff(db, request.params.slug)
    return readingFormPage(request.page(), {
      slug: community.slug,
      communityName: community.name,
      postId: request.params.postId,
      form: emptyForm(),
    })
  })

  app.post(
    '/staff/communities/:slug/posts/:postId',
    { preValidation: checkCsrf, schema: { hide: true, params: readingParams, body: reasonForm, response: page } },
    async (request, reply) => {
      const context = request.page()
      const community = await getCommunityForStaff(db, request.params.slug)
      const { postId } = request.params
      const problem = reasonProblem(context, request.body.reason)
      if (problem !== undefined) {
        const form = { values: { reason: request.body.reason }, errors: { reason: problem } }
        return reply.code(400).send(readingFormPage(context, { slug: community.slug, communityName: community.name, postId, form }))
      }
      const reading = await readReportedPost(deps, {
        slug: community.slug,
        postId,
        staffId: request.staffId(),
        reason: request.body.reason,
      })
      return readingPage(context, { slug: community.slug, communityName: community.name, reading })
    },
  )
}

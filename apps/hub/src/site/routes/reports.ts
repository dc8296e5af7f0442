import { Type, type Static } from 'typebox'
import {
  dismissReport,
  hideMessage,
  hidePost,
  listReports,
  reportableMessage,
  reportablePost,
  reportDetailsMax,
  reportMessage,
  reportPost,
  reportReasonProblems,
  reportReasonText,
  reportStates,
  type ReportableContent,
  type ReportReason,
} from '@kindred/moderation'
import type { FastifyRequest } from 'fastify'
import { literalUnion, strictObject, type TypeBoxApp } from '../../routes/typebox.ts'
import { forumLimits } from '../../routes/c/limits.ts'
import { frameOf, reasonMax } from './moderate-schemas.ts'
import { slug } from '../../routes/communities/schemas.ts'
import type { PageContext } from '../context.ts'
import { csrfChecked } from '../csrf-and-cookies.ts'
import type { FormState } from '../form.ts'
import { membersOnly } from '../member.ts'
import { moderatorsOnly } from '../moderator.ts'
import { reportPage, reportSentPage, type ReportField } from '../pages/report.ts'
import { queueNotices, reportQueuePage, type NoteProblem, type ReportQueueView } from '../pages/report-queue.ts'
import { postAddress } from '../post-address.ts'
import { formBody, pageResponse, text } from '../schemas.ts'
import { cursorQuery, idText, threadParams } from './forum-schemas.ts'

const page = { 200: pageResponse, '4xx': pageResponse }
const reportBody = formBody({ reason: Type.Optional(text(40)), details: text(reportDetailsMax * 2) })
const queueQuery = strictObject({
  state: Type.Optional(literalUnion(reportStates)),
  cursor: Type.Optional(cursorQuery),
  done: Type.Optional(literalUnion(queueNotices)),
})
const queueAction = formBody({
  note: text(reasonMax * 2),
  action: literalUnion(['hide', 'dismiss']),
  kind: literalUnion(['post', 'message']),
  contentId: idText,
})
const reportQuery = strictObject({ done: Type.Optional(Type.Literal('reported')) })
const reportsPerPage = 20

/** An address with the notice its page shows after a form worked (`?done=`), before its `#fragment`. */
export function withNotice(address: string, done: string): string {
  const [path = address, fragment] = address.split('#')
  return `${path}${path.includes('?') ? '&' : '?'}done=${done}${fragment === undefined ? '' : `#${fragment}`}`
}

/** Where a member reading a direct message reads it: their conversation with its sender. */
export const conversationAddress = (slug: string, memberId: string) => `/c/${slug}/messages/${memberId}`

function reportProblems(context: PageContext, reason: string | undefined, details: string): FormState<ReportField>['errors'] {
  const errors: FormState<ReportField>['errors'] = {}
  for (const problem of reportReasonProblems(reason, details)) {
    if (problem === 'reasonMissing') errors.reason = context.t('report.error.reasonMissing')
    if (problem === 'detailsMissing') errors.details = context.t('report.error.detailsMissing')
    if (problem === 'detailsTooLong') errors.details = context.t('report.error.detailsTooLong', { max: reportDetailsMax })
  }
  return errors
}

/** Members report posts and messages they received; moderators work through the reports. */
export default async function reportPageRoutes(app: TypeBoxApp): Promise<void> {
  await app.register(memberReportRoutes)
  await app.register(reportQueueRoutes)
}

async function memberReportRoutes(app: TypeBoxApp): Promise<void> {
  app.addHook('preHandler', membersOnly(app))
  const checkCsrf = csrfChecked(app)
  const limits = forumLimits(app)

  // The report form of one kind of content: shown, then filed; what is wrong re-renders it, nothing filed.
  function reportForm(
    kind: 'post' | 'message',
    find: typeof reportablePost,
    file: typeof reportPost,
    back: (request: FastifyRequest, content: ReportableContent) => Promise<string>,
    /** Where the thanks are said; by default where the member came from, with the notice. */
    thanks?: (request: FastifyRequest, content: ReportableContent) => string,
  ) {
    const view = async (request: FastifyRequest, content: ReportableContent, form: FormState<ReportField>) => {
      const community = request.community()
      return reportPage(request.page(), {
        communityName: community.community.name,
        content,
        action: `/c/${community.slug}/report/${kind}/${content.id}`,
        back: await back(request, content),
        form,
      })
    }

    app.get(
      `/c/:slug/report/${kind}/:id`,
      { schema: { hide: true, params: threadParams, querystring: reportQuery, response: page } },
      async (request) => {
        const content = await find(request.community(), request.params.id)
        if (request.query.done === undefined) return view(request, content, { values: {}, errors: {} })
        return reportSentPage(request.page(), { communityName: request.community().community.name, back: await back(request, content) })
      },
    )

    app.post(
      `/c/:slug/report/${kind}/:id`,
      { preValidation: checkCsrf, schema: { hide: true, params: threadParams, body: reportBody, response: page } },
      async (request, reply) => {
        const community = request.community()
        const content = await find(community, request.params.id)
        const { reason, details } = request.body
        const form: FormState<ReportField> = {
          values: { details, ...(reason === undefined ? {} : { reason }) },
          errors: reportProblems(request.page(), reason, details),
        }
        if (reason === undefined || Object.keys(form.errors).length > 0) return reply.code(400).send(await view(request, content, form))
        await limits.reports(request)
        const filed = await file(community, content.id, reportReasonText(reason as ReportReason, details))
        if (filed.created) await app.announceNotice(community.community)
        return reply.redirect(thanks?.(request, content) ?? withNotice(await back(request, content), 'reported'), 303)
      },
    )
  }

  // The ids in these addresses are the post's and the message's (`:id`): /c/:slug/report/post/:postId.
  reportForm('post', reportablePost, reportPost, async (request, content) => postAddress(request.community(), content.id))
  // The conversation page has no notice of ours to show: the thanks are on the report's own address.
  reportForm(
    'message',
    reportableMessage,
    reportMessage,
    async (request, content) => conversationAddress(request.community().slug, content.author.memberId),
    (request, content) => `/c/${request.community().slug}/report/message/${content.id}?done=reported`,
  )
}

// Moderators and owners only: anyone else gets 403, as on the API.
async function reportQueueRoutes(app: TypeBoxApp): Promise<void> {
  app.addHook('preHandler', moderatorsOnly(app))
  const checkCsrf = csrfChecked(app)
  const limits = forumLimits(app)

  async function queueView(
    request: FastifyRequest,
    query: Static<typeof queueQuery>,
    problem: NoteProblem | null,
  ): Promise<ReportQueueView> {
    const community = request.community()
    const state = query.state ?? 'open'
    const { items, next } = await listReports(community, {
      state,
      limit: reportsPerPage,
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    })
    return { frame: frameOf(community), slug: community.slug, state, reports: items, next, done: query.done ?? null, problem }
  }

  const reportsPath = '/c/:slug/moderate/reports'
  app.get(
    reportsPath,
    { schema: { hide: true, params: strictObject({ slug }), querystring: queueQuery, response: page } },
    async (request) => reportQueuePage(request.page(), await queueView(request, request.query, null)),
  )

  app.post(
    `${reportsPath}/:reportId`,
    {
      preValidation: checkCsrf,
      schema: { hide: true, params: strictObject({ slug, reportId: idText }), body: queueAction, response: page },
    },
    async (request, reply) => {
      const community = request.community()
      const { note, action, kind, contentId } = request.body
      const { reportId } = request.params
      const t = request.page().t
      const trimmed = note.trim()
      const error =
        action === 'hide' && trimmed === ''
          ? t('reports.error.noteMissing')
          : trimmed.length > reasonMax
            ? t('reports.error.noteTooLong', { max: reasonMax })
            : null
      if (error !== null)
        return reply.code(400).send(reportQueuePage(request.page(), await queueView(request, {}, { reportId, note, error })))
      await limits.moderation(request)
      if (action === 'dismiss') await dismissReport(community, reportId, trimmed === '' ? undefined : trimmed)
      else if (kind === 'post') await hidePost(community, contentId, trimmed)
      else await hideMessage(community, contentId, trimmed)
      return reply.redirect(`/c/${community.slug}/moderate/reports?done=${action === 'hide' ? 'hidden' : 'dismissed'}`, 303)
    },
  )
}

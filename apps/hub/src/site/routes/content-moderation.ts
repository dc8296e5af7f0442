import { Type } from 'typebox'
import { isKindredError } from '@kindred/errors'
import { isModerator } from '@kindred/community'
import { findThread } from '@kindred/forum'
import {
  hideMessage,
  hidePost,
  lockThread,
  moderatedMessage,
  moderatedPost,
  restoreMessage,
  restorePost,
  unlockThread,
  type ModeratedContent,
} from '@kindred/moderation'
import { strictObject, type TypeBoxApp } from '../../routes/typebox.ts'
import { forumLimits } from '../../routes/c/limits.ts'
import { reasonMax } from './moderate-schemas.ts'
import type { CommunityContext } from '../../plugins/community.ts'
import { csrfChecked } from '../csrf-and-cookies.ts'
import type { FormState } from '../form.ts'
import { moderatorsOnly } from '../moderator.ts'
import { moderationActionPage, reasonRequired, type ModerationAction } from '../pages/report-action.ts'
import type { ShownContent } from '../pages/report-parts.ts'
import type { ThreadModeration } from '../pages/report-thread.ts'
import { postAddress } from '../post-address.ts'
import { formBody, pageResponse, text } from '../schemas.ts'
import { threadParams } from './forum-schemas.ts'
import { withNotice } from './reports.ts'

const page = { 200: pageResponse, '4xx': pageResponse }
const actionBody = formBody({ reason: text(reasonMax * 2) })
const actionQuery = strictObject({ done: Type.Optional(Type.Literal('threadHidden')) })

/**
 * What a thread page shows its reader for moderation: whether they moderate, and for moderators the text
 * of the page's hidden posts (members never get it: the package gives it to moderators only).
 */
export async function threadModeration(
  community: CommunityContext,
  posts: ReadonlyArray<{ id: string; state: string }>,
): Promise<ThreadModeration> {
  const moderator = isModerator(community.member)
  const hidden = moderator ? posts.filter((post) => post.state === 'hidden') : []
  const bodies = await Promise.all(hidden.map(async (post) => [post.id, (await moderatedPost(community, post.id)).bodyHtml] as const))
  return { viewerId: community.member.memberId, moderator, hiddenBodies: new Map(bodies) }
}

interface Subject {
  content: ShownContent | null
  threadTitle: string | null
  /** Where "cancel" goes. */
  back: string
}

interface ActionRoute {
  action: ModerationAction
  path: string
  subject: (community: CommunityContext, id: string) => Promise<Subject>
  /** Does it, and says where to go next. */
  act: (community: CommunityContext, id: string, reason: string | undefined) => Promise<string>
}

const reportsAddress = (community: CommunityContext, query: string) => `/c/${community.slug}/moderate/reports?${query}`

// A hidden opening post hides its thread, whose page is then 404: cancelling goes back to the reports.
async function postSubject(community: CommunityContext, post: ModeratedContent): Promise<Subject> {
  try {
    if (post.threadId !== null) await findThread(community.tenant, post.threadId)
    return { content: post, threadTitle: null, back: await postAddress(community, post.id) }
  } catch (error) {
    if (!isKindredError(error) || error.code !== 'KINDRED_NOT_FOUND') throw error
    return { content: post, threadTitle: null, back: reportsAddress(community, 'state=resolved') }
  }
}

const messageSubject = async (community: CommunityContext, id: string): Promise<Subject> => ({
  content: await moderatedMessage(community, id),
  threadTitle: null,
  back: reportsAddress(community, 'state=open'),
})

async function threadSubject(community: CommunityContext, id: string): Promise<Subject> {
  const thread = await findThread(community.tenant, id)
  return { content: null, threadTitle: thread.title, back: `/c/${community.slug}/t/${thread.id}` }
}

const actionRoutes: readonly ActionRoute[] = [
  {
    action: 'hidePost',
    path: '/c/:slug/moderate/posts/:id/hide',
    subject: async (community, id) => postSubject(community, await moderatedPost(community, id)),
    act: async (community, id, reason) => {
      const { threadHidden } = await hidePost(community, id, reason ?? '')
      if (threadHidden) return `/c/${community.slug}/moderate/posts/${id}/restore?done=threadHidden`
      return withNotice(await postAddress(community, id), 'hidden')
    },
  },
  {
    action: 'restorePost',
    path: '/c/:slug/moderate/posts/:id/restore',
    subject: async (community, id) => postSubject(community, await moderatedPost(community, id)),
    act: async (community, id, reason) => {
      await restorePost(community, id, reason)
      return withNotice(await postAddress(community, id), 'restored')
    },
  },
  {
    action: 'hideMessage',
    path: '/c/:slug/moderate/messages/:id/hide',
    subject: messageSubject,
    act: async (community, id, reason) => {
      await hideMessage(community, id, reason ?? '')
      return reportsAddress(community, 'done=hidden')
    },
  },
  {
    action: 'restoreMessage',
    path: '/c/:slug/moderate/messages/:id/restore',
    subject: messageSubject,
    act: async (community, id, reason) => {
      await restoreMessage(community, id, reason)
      return reportsAddress(community, 'state=resolved&done=restored')
    },
  },
  {
    action: 'lockThread',
    path: '/c/:slug/moderate/threads/:id/lock',
    subject: threadSubject,
    act: async (community, id, reason) => {
      await lockThread(community, id, reason)
      return withNotice(`/c/${community.slug}/t/${id}`, 'locked')
    },
  },
  {
    action: 'unlockThread',
    path: '/c/:slug/moderate/threads/:id/unlock',
    subject: threadSubject,
    act: async (community, id, reason) => {
      await unlockThread(community, id, reason)
      return withNotice(`/c/${community.slug}/t/${id}`, 'unlocked')
    },
  },
]

/**
 * Moderators hide and restore posts and reported messages, and lock and unlock threads: each on a page of
 * its own that shows what is acted on and asks why (the reason goes to the moderation log). Members who
 * do not moderate get 403 on all of them.
 */
export default async function contentModerationRoutes(app: TypeBoxApp): Promise<void> {
  app.addHook('preHandler', moderatorsOnly(app))
  const checkCsrf = csrfChecked(app)
  const limits = forumLimits(app)

  for (const { action, path, subject, act } of actionRoutes) {
    const render = async (community: CommunityContext, id: string, form: FormState<'reason'>, done: 'threadHidden' | null) => {
      const { content, threadTitle, back } = await subject(community, id)
      return {
        communityName: community.community.name,
        action,
        formAction: path.replace(':slug', community.slug).replace(':id', id),
        back,
        content,
        threadTitle,
        done,
        form,
      }
    }

    app.get(path, { schema: { hide: true, params: threadParams, querystring: actionQuery, response: page } }, async (request) =>
      moderationActionPage(
        request.page(),
        await render(request.community(), request.params.id, { values: {}, errors: {} }, request.query.done ?? null),
      ),
    )

    app.post(
      path,
      { preValidation: checkCsrf, schema: { hide: true, params: threadParams, body: actionBody, response: page } },
      async (request, reply) => {
        const community = request.community()
        const { t } = request.page()
        const reason = request.body.reason.trim()
        const form: FormState<'reason'> = { values: { reason: request.body.reason }, errors: {} }
        if (reason === '' && reasonRequired.has(action)) form.errors.reason = t('contentModeration.error.reasonMissing')
        if (reason.length > reasonMax) form.errors.reason = t('contentModeration.error.reasonTooLong', { max: reasonMax })
        if (form.errors.reason !== undefined)
          return reply.code(400).send(moderationActionPage(request.page(), await render(community, request.params.id, form, null)))
        await limits.moderation(request)
        return reply.redirect(await act(community, request.params.id, reason === '' ? undefined : reason), 303)
      },
    )
  }
}

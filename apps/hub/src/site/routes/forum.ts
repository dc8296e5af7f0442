import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { isKindredError } from '@kindred/errors'
import { visibleProfiles } from '@kindred/membership'
import {
  addMeToo,
  createThread,
  findThread,
  listCategories,
  postProblems,
  readThread,
  recordReading,
  firstUnread,
  removeMeToo,
  renderMarkdown,
  replyToThread,
  postLimits,
  type PostProblem,
} from '@kindred/forum'
import { markThreadNotificationsRead, threadFollowing } from '@kindred/notifications'
import { literalUnion, strictObject, type TypeBoxApp } from '../../routes/typebox.ts'
import { markAuthors } from '../../routes/c/author-marks.ts'
import { forumLimits } from '../../routes/c/limits.ts'
import type { CommunityContext } from '../../plugins/community.ts'
import type { PageContext } from '../context.ts'
import { csrfChecked } from '../csrf-and-cookies.ts'
import type { FormState } from '../form.ts'
import { membersOnly } from '../member.ts'
import { newThreadPage, type NewThreadField } from '../pages/new-thread.ts'
import { postAddress } from '../post-address.ts'
import { replyPage } from '../pages/reply.ts'
import { threadPage } from '../pages/thread.ts'
import { threadNotices } from '../pages/report-thread.ts'
import { threadModeration } from './content-moderation.ts'
import type { EditorField } from '../pages/post-parts.ts'
import { formBody, pageResponse, text } from '../schemas.ts'
import { cursorQuery, idText, postParams, postsPerPage, slugParams, threadParams } from './forum-schemas.ts'

// Bounded well above the packages' own limits, so a text too long is their error to explain, not a 400.
const bodyText = text(postLimits.body.max * 2)
const intent = Type.Union([Type.Literal('post'), Type.Literal('preview')])
const newThreadBody = formBody({ category: text(40), title: text(postLimits.title.max * 2), body: bodyText, intent })
const replyBody = formBody({ body: bodyText, intent })
const meTooBody = formBody({ add: Type.Union([Type.Literal('yes'), Type.Literal('no')]) })
const newThreadQuery = strictObject({ category: Type.Optional(idText) })
const threadQuery = strictObject({ cursor: Type.Optional(cursorQuery), done: Type.Optional(literalUnion(threadNotices)) })
const page = { 200: pageResponse, '4xx': pageResponse }

export function problemMessage({ t }: PageContext, { field, problem }: PostProblem): string {
  if (field === 'title')
    return problem === 'missing' ? t('post.error.titleMissing') : t('post.error.titleTooLong', { max: postLimits.title.max })
  return problem === 'missing' ? t('post.error.bodyMissing') : t('post.error.bodyTooLong', { max: postLimits.body.max })
}

// A member who has not accepted the charter in force reads it first; what they wrote is not lost on the
// way, since the form they come back to is the browser's own (the back button keeps it).
export const toCharter = (reply: FastifyReply, community: CommunityContext) => reply.redirect(`/c/${community.slug}/charter`, 303)
export const charterRequired = (error: unknown): boolean => isKindredError(error) && error.code === 'KINDRED_CHARTER_ACCEPTANCE_REQUIRED'

/** A community's threads for its members: reading one, replying, "me too", starting one. */
export default async function forumPageRoutes(app: TypeBoxApp): Promise<void> {
  app.addHook('preHandler', membersOnly(app))
  const checkCsrf = csrfChecked(app)
  const limits = forumLimits(app)

  async function threadView(community: CommunityContext, threadId: string, cursor: string | undefined, reply: FormState<EditorField>) {
    const { thread, posts, mark } = await readThread(community, threadId, {
      limit: postsPerPage,
      ...(cursor === undefined ? {} : { cursor }),
    })
    const archived = community.community.status === 'archived'
    const lastShown = posts.items.at(-1)
    const forget = (changed: boolean) => {
      if (changed) app.unreadCounts.forget(community.accountId, community.slug)
    }
    const [marked, moderation, openProfiles, following] = await Promise.all([
      markAuthors(app.database.db, posts.items),
      threadModeration(community, posts.items),
      visibleProfiles(
        community,
        posts.items.map((post) => post.author.memberId),
      ),
      // Watching or muting is a change: an archived community, read-only, offers none.
      archived ? null : threadFollowing(community, thread.id),
      // Showing the page is reading it: the mark moves to its last post, and the notifications of the posts
      // shown are read (nothing is written in an archived community, which is read-only, nor when the page
      // holds nothing new).
      archived ? undefined : recordReading(community, thread.id, mark, posts.items).then(forget),
      archived || lastShown === undefined
        ? undefined
        : markThreadNotificationsRead(community, thread.id, lastShown.id).then((read) => forget(read > 0)),
    ])
    return {
      slug: community.slug,
      communityName: community.community.name,
      thread,
      posts: marked,
      moderation,
      openProfiles,
      following,
      // "New since your last visit" needs a last visit: a thread never opened has no divider.
      firstUnreadId: mark === null ? null : (firstUnread(community.member, posts.items, mark)?.id ?? null),
      next: posts.next,
      reply,
      previewHtml: null,
    }
  }

  app.get('/c/:slug/t/:id', { schema: { hide: true, params: threadParams, querystring: threadQuery, response: page } }, async (request) =>
    threadPage(request.page(), {
      ...(await threadView(request.community(), request.params.id, request.query.cursor, { values: {}, errors: {} })),
      done: request.query.done ?? null,
    }),
  )

  app.post(
    '/c/:slug/t/:id',
    {
      preValidation: checkCsrf,
      config: { writeChecksStanding: true },
      schema: { hide: true, params: threadParams, body: replyBody, response: page },
    },
    async (request, reply) => {
      const community = request.community()
      const context = request.page()
      const { body, intent } = request.body
      const form: FormState<EditorField> = { values: { body }, errors: {} }
      for (const problem of postProblems({ body })) form.errors[problem.field] = problemMessage(context, problem)
      const thread = await findThread(community.tenant, request.params.id)
      const again = (status: number, previewHtml: string | null) =>
        reply
          .code(status)
          .send(replyPage(context, { slug: community.slug, communityName: community.community.name, thread, form, previewHtml }))
      if (Object.keys(form.errors).length > 0) return again(400, null)
      if (intent === 'preview') return again(200, renderMarkdown(body))
      try {
        const post = await replyToThread(community, thread.id, body)
        await app.announcePost(community.community)
        return await reply.redirect(await postAddress(community, post.id), 303)
      } catch (error) {
        if (charterRequired(error)) return await toCharter(reply, community)
        throw error
      }
    },
  )

  app.get('/c/:slug/new', { schema: { hide: true, params: slugParams, querystring: newThreadQuery, response: page } }, async (request) => {
    const community = request.community()
    return newThreadPage(request.page(), {
      slug: community.slug,
      communityName: community.community.name,
      categories: await listCategories(community.tenant),
      form: { values: request.query.category === undefined ? {} : { category: request.query.category }, errors: {} },
      previewHtml: null,
    })
  })

  app.post(
    '/c/:slug/new',
    {
      preValidation: checkCsrf,
      config: { writeChecksStanding: true },
      schema: { hide: true, params: slugParams, body: newThreadBody, response: page },
    },
    async (request, reply) => {
      const community = request.community()
      const context = request.page()
      const { category, title, body, intent } = request.body
      const categories = await listCategories(community.tenant)
      const form: FormState<NewThreadField> = { values: { category, title, body }, errors: {} }
      if (!categories.some(({ id }) => id === category)) form.errors.category = context.t('post.error.categoryMissing')
      for (const problem of postProblems({ title, body })) form.errors[problem.field] = problemMessage(context, problem)
      const again = (status: number, previewHtml: string | null) =>
        reply
          .code(status)
          .send(newThreadPage(context, { slug: community.slug, communityName: community.community.name, categories, form, previewHtml }))
      if (Object.keys(form.errors).length > 0) return again(400, null)
      if (intent === 'preview') return again(200, renderMarkdown(body))
      try {
        const created = await createThread(community, { categoryId: category, title, body })
        await app.announcePost(community.community)
        return await reply.redirect(`/c/${community.slug}/t/${created.thread.id}`, 303)
      } catch (error) {
        if (charterRequired(error)) return await toCharter(reply, community)
        throw error
      }
    },
  )

  // A post's own address (search results, reports, mail link to it): its thread's page that holds it.
  app.get('/c/:slug/p/:postId', { schema: { hide: true, params: postParams } }, async (request, reply) =>
    reply.redirect(await postAddress(request.community(), request.params.postId), 303),
  )

  app.post(
    '/c/:slug/p/:postId/me-too',
    { preValidation: checkCsrf, schema: { hide: true, params: postParams, body: meTooBody } },
    async (request, reply) => {
      const community = request.community()
      await limits.reactions(request)
      const { add } = request.body
      try {
        await (add === 'yes' ? addMeToo : removeMeToo)(community, request.params.postId)
      } catch (error) {
        if (charterRequired(error)) return await toCharter(reply, community)
        throw error
      }
      return reply.redirect(await postAddress(community, request.params.postId), 303)
    },
  )
}

import { Type } from 'typebox'
import { deletePost, editPost, findThread, ownPost, postLimits, postProblems, renderMarkdown } from '@kindred/forum'
import type { TypeBoxApp } from '../../routes/typebox.ts'
import { csrfChecked } from '../csrf-and-cookies.ts'
import type { FormState } from '../form.ts'
import { membersOnly } from '../member.ts'
import { postDeletePage } from '../pages/post-delete.ts'
import { postEditPage } from '../pages/post-edit.ts'
import { postAddress } from '../post-address.ts'
import type { EditorField } from '../pages/post-parts.ts'
import { formBody, pageResponse, text } from '../schemas.ts'
import { postParams } from './forum-schemas.ts'
import { charterRequired, problemMessage, toCharter } from './forum.ts'

// Bounded well above the package's own limit, so a text too long is its error to explain, not a 400.
const editBody = formBody({ body: text(postLimits.body.max * 2), intent: Type.Union([Type.Literal('post'), Type.Literal('preview')]) })
const deleteBody = formBody({})
const page = { 200: pageResponse, '4xx': pageResponse }

/**
 * A member's own posts: editing one (with a preview) and deleting one (after a confirmation). The forum
 * package says who may: the author only (403 for anyone else), a visible post only to edit (409).
 */
export default async function postEditRoutes(app: TypeBoxApp): Promise<void> {
  app.addHook('preHandler', membersOnly(app))
  const checkCsrf = csrfChecked(app)

  app.get('/c/:slug/p/:postId/edit', { schema: { hide: true, params: postParams, response: page } }, async (request) => {
    const community = request.community()
    const post = await ownPost(community, request.params.postId, { toEdit: true })
    return postEditPage(request.page(), {
      slug: community.slug,
      communityName: community.community.name,
      thread: await findThread(community.tenant, post.threadId),
      post,
      form: { values: { body: post.bodyMarkdown ?? '' }, errors: {} },
      previewHtml: null,
    })
  })

  app.post(
    '/c/:slug/p/:postId/edit',
    { preValidation: checkCsrf, schema: { hide: true, params: postParams, body: editBody, response: page } },
    async (request, reply) => {
      const community = request.community()
      const context = request.page()
      const { body, intent } = request.body
      const post = await ownPost(community, request.params.postId, { toEdit: true })
      const form: FormState<EditorField> = { values: { body }, errors: {} }
      for (const problem of postProblems({ body })) form.errors[problem.field] = problemMessage(context, problem)
      const again = async (status: number, previewHtml: string | null) =>
        reply.code(status).send(
          postEditPage(context, {
            slug: community.slug,
            communityName: community.community.name,
            thread: await findThread(community.tenant, post.threadId),
            post,
            form,
            previewHtml,
          }),
        )
      if (Object.keys(form.errors).length > 0) return again(400, null)
      if (intent === 'preview') return again(200, renderMarkdown(body))
      try {
        await editPost(community, post.id, body)
      } catch (error) {
        if (charterRequired(error)) return await toCharter(reply, community)
        throw error
      }
      return reply.redirect(await postAddress(community, post.id), 303)
    },
  )

  app.get('/c/:slug/p/:postId/delete', { schema: { hide: true, params: postParams, response: page } }, async (request, reply) => {
    const community = request.community()
    const post = await ownPost(community, request.params.postId, { toEdit: false })
    // Already deleted: there is nothing left to ask about.
    if (post.state === 'deleted') return reply.redirect(await postAddress(community, post.id), 303)
    return postDeletePage(request.page(), {
      slug: community.slug,
      communityName: community.community.name,
      thread: await findThread(community.tenant, post.threadId),
      post,
    })
  })

  app.post(
    '/c/:slug/p/:postId/delete',
    { preValidation: checkCsrf, schema: { hide: true, params: postParams, body: deleteBody } },
    async (request, reply) => {
      const community = request.community()
      const post = await ownPost(community, request.params.postId, { toEdit: false })
      await deletePost(community, post.id)
      return reply.redirect(await postAddress(community, post.id), 303)
    },
  )
}

import { Type } from 'typebox'
import { hidePost, moderatedPost, restorePost } from '@kindred/moderation'
import { strictObject, type TypeBoxApp } from '../../typebox.ts'
import type { ForumLimits } from '../limits.ts'
import { forumBodyLimitBytes, idParams } from '../schemas.ts'
import { moderatedContent, moderators, optionalReasonBody, reasonBody } from './schemas.ts'

const postResponse = strictObject({ post: moderatedContent })
const hidden = strictObject({
  post: moderatedContent,
  threadHidden: Type.Boolean({ description: 'The post opened its thread: the thread is hidden with it' }),
  resolvedReports: Type.Integer({ description: 'Open reports of the post, now resolved as hidden' }),
})

/** Moderators hide posts from members and restore them, and read a hidden post's body. */
export default async function moderatedPostRoutes(app: TypeBoxApp, options: { limits: ForumLimits }): Promise<void> {
  app.get(
    '/v1/c/:slug/posts/:id/moderation',
    {
      schema: {
        ...moderators,
        operationId: 'getPostForModeration',
        summary: 'A post as moderators see it, its body even when hidden (moderators)',
        params: idParams,
        response: { 200: postResponse },
      },
    },
    async (request) => ({ post: await moderatedPost(request.community(), request.params.id) }),
  )

  app.post(
    '/v1/c/:slug/posts/:id/hide',
    {
      bodyLimit: forumBodyLimitBytes,
      preHandler: options.limits.moderation,
      schema: {
        ...moderators,
        operationId: 'hidePost',
        summary: 'Hide a post from members, with the reason, resolving its open reports; an opening post hides its thread (moderators)',
        params: idParams,
        body: reasonBody,
        response: { 200: hidden },
      },
    },
    async (request) => hidePost(request.community(), request.params.id, request.body.reason),
  )

  app.post(
    '/v1/c/:slug/posts/:id/restore',
    {
      bodyLimit: forumBodyLimitBytes,
      preHandler: options.limits.moderation,
      schema: {
        ...moderators,
        operationId: 'restorePost',
        summary: 'Show a hidden post to members again (and its thread, for an opening post) (moderators)',
        params: idParams,
        body: optionalReasonBody,
        response: { 200: postResponse },
      },
    },
    async (request) => ({ post: await restorePost(request.community(), request.params.id, request.body?.reason) }),
  )
}

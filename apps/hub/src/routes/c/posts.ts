import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import { addMeToo, deletePost, editPost, postEdits, removeMeToo } from '@kindred/forum'
import { pagedQuery } from '../pagination.ts'
import { markAuthor } from './author-marks.ts'
import type { ForumLimits } from './limits.ts'
import { body, cursor, forumBodyLimitBytes, idParams, limit, members, meToo, next, post } from './schemas.ts'

const editBody = Type.Object({ body }, { additionalProperties: false })
const edit = Type.Object({ previousMarkdown: Type.String(), editedAt: Type.String({ format: 'date-time' }) }, { additionalProperties: false })
const pageQuery = pagedQuery({ cursor: Type.Optional(cursor), limit })

/** A member's own posts (edit, delete), their edit history for moderators, and "me too". */
export default async function postRoutes(app: FastifyInstance, options: { limits: ForumLimits }): Promise<void> {
  app.patch<{ Params: Static<typeof idParams>; Body: Static<typeof editBody> }>(
    '/v1/c/:slug/posts/:id',
    {
      bodyLimit: forumBodyLimitBytes,
      preHandler: options.limits.posts,
      schema: { ...members, operationId: 'editPost', summary: 'Edit one\'s own post; the previous body is kept for moderators', params: idParams, body: editBody, response: { 200: Type.Object({ post }, { additionalProperties: false }) } },
    },
    async (request) => ({ post: await markAuthor(app.database.db, await editPost(request.community(), request.params.id, request.body.body)) }),
  )

  app.delete<{ Params: Static<typeof idParams> }>(
    '/v1/c/:slug/posts/:id',
    {
      preHandler: options.limits.posts,
      schema: { ...members, operationId: 'deletePost', summary: 'Delete one\'s own post: its body goes, its place in the thread stays', params: idParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await deletePost(request.community(), request.params.id)
      return reply.code(204).send()
    },
  )

  app.get<{ Params: Static<typeof idParams>; Querystring: Static<typeof pageQuery> }>(
    '/v1/c/:slug/posts/:id/edits',
    {
      schema: { ...members, operationId: 'listPostEdits', summary: 'A post\'s earlier bodies, oldest first, a page at a time (moderators and owners)', params: idParams, querystring: pageQuery, response: { 200: Type.Object({ edits: Type.Array(edit), next }, { additionalProperties: false }) } },
    },
    async (request) => {
      const page = await postEdits(request.community(), request.params.id, request.query)
      return { edits: page.items, next: page.next }
    },
  )

  app.put<{ Params: Static<typeof idParams> }>(
    '/v1/c/:slug/posts/:id/me-too',
    {
      preHandler: options.limits.reactions,
      schema: { ...members, operationId: 'addMeToo', summary: 'Say "me too" to a post (once per member)', params: idParams, response: { 200: meToo } },
    },
    async (request) => addMeToo(request.community(), request.params.id),
  )

  app.delete<{ Params: Static<typeof idParams> }>(
    '/v1/c/:slug/posts/:id/me-too',
    {
      preHandler: options.limits.reactions,
      schema: { ...members, operationId: 'removeMeToo', summary: 'Take one\'s "me too" back', params: idParams, response: { 200: meToo } },
    },
    async (request) => removeMeToo(request.community(), request.params.id),
  )
}

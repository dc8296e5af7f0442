import { Type } from 'typebox'
import { addMeToo, deletePost, editPost, postEdits, removeMeToo } from '@kindred/forum'
import { dateTime, strictObject, type TypeBoxApp } from '../typebox.ts'
import { pagedQuery } from '../pagination.ts'
import { markAuthor } from './author-marks.ts'
import type { ForumLimits } from './limits.ts'
import { body, cursor, forumBodyLimitBytes, idParams, limit, members, meToo, next, post } from './schemas.ts'

const editBody = strictObject({ body })
const edit = strictObject({ previousMarkdown: Type.String(), editedAt: dateTime })
const pageQuery = pagedQuery({ cursor: Type.Optional(cursor), limit })

/** A member's own posts (edit, delete), their edit history for moderators, and "me too". */
export default async function postRoutes(app: TypeBoxApp, options: { limits: ForumLimits }): Promise<void> {
  app.patch(
    '/v1/c/:slug/posts/:id',
    {
      bodyLimit: forumBodyLimitBytes,
      schema: {
        ...members,
        operationId: 'editPost',
        summary: "Edit one's own post; the previous body is kept for moderators",
        params: idParams,
        body: editBody,
        response: { 200: strictObject({ post }) },
      },
    },
    async (request) => ({
      post: await markAuthor(app.database.db, await editPost(request.community(), request.params.id, request.body.body)),
    }),
  )

  app.delete(
    '/v1/c/:slug/posts/:id',
    {
      schema: {
        ...members,
        operationId: 'deletePost',
        summary: "Delete one's own post: its body goes, its place in the thread stays",
        params: idParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await deletePost(request.community(), request.params.id)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/v1/c/:slug/posts/:id/edits',
    {
      schema: {
        ...members,
        operationId: 'listPostEdits',
        summary: "A post's earlier bodies, oldest first, a page at a time (moderators and owners)",
        params: idParams,
        querystring: pageQuery,
        response: { 200: strictObject({ edits: Type.Array(edit), next }) },
      },
    },
    async (request) => {
      const page = await postEdits(request.community(), request.params.id, request.query)
      return { edits: page.items, next: page.next }
    },
  )

  app.put(
    '/v1/c/:slug/posts/:id/me-too',
    {
      preHandler: options.limits.reactions,
      schema: {
        ...members,
        operationId: 'addMeToo',
        summary: 'Say "me too" to a post (once per member)',
        params: idParams,
        response: { 200: meToo },
      },
    },
    async (request) => addMeToo(request.community(), request.params.id),
  )

  app.delete(
    '/v1/c/:slug/posts/:id/me-too',
    {
      preHandler: options.limits.reactions,
      schema: { ...members, operationId: 'removeMeToo', summary: 'Take one\'s "me too" back', params: idParams, response: { 200: meToo } },
    },
    async (request) => removeMeToo(request.community(), request.params.id),
  )
}

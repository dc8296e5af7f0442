import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import { createThread, listThreads, readThread, replyToThread } from '@kindred/forum'
import { pagedQuery } from '../pagination.ts'
import { markAuthor, markAuthors } from './author-marks.ts'
import type { ForumLimits } from './limits.ts'
import { body, cursor, forumBodyLimitBytes, id, idParams, limit, members, next, post, slugParams, thread, title } from './schemas.ts'

const threadQuery = pagedQuery({ category: Type.Optional(id), cursor: Type.Optional(cursor), limit })
const pageQuery = pagedQuery({ cursor: Type.Optional(cursor), limit })
const newThread = Type.Object({ categoryId: id, title, body }, { additionalProperties: false })
const replyBody = Type.Object({ body }, { additionalProperties: false })

/** Threads by latest activity, a thread with its posts, new threads and replies. */
export default async function threadRoutes(app: FastifyInstance, options: { limits: ForumLimits }): Promise<void> {
  app.get<{ Params: Static<typeof slugParams>; Querystring: Static<typeof threadQuery> }>(
    '/v1/c/:slug/threads',
    {
      schema: {
        ...members,
        operationId: 'listThreads',
        summary: 'Threads by latest activity, newest first, optionally of one category, a page at a time',
        params: slugParams,
        querystring: threadQuery,
        response: { 200: Type.Object({ threads: Type.Array(thread), next }, { additionalProperties: false }) },
      },
    },
    async (request) => {
      const { category, ...page } = request.query
      const result = await listThreads(request.community().tenant, { ...page, ...(category === undefined ? {} : { categoryId: category }) })
      return { threads: result.items, next: result.next }
    },
  )

  app.post<{ Params: Static<typeof slugParams>; Body: Static<typeof newThread> }>(
    '/v1/c/:slug/threads',
    {
      bodyLimit: forumBodyLimitBytes,
      preHandler: options.limits.threads,
      schema: {
        ...members,
        operationId: 'createThread',
        summary: 'Open a thread with its first post; needs the charter in force accepted',
        params: slugParams,
        body: newThread,
        response: { 201: Type.Object({ thread, post }, { additionalProperties: false }) },
      },
    },
    async (request, reply) => {
      const created = await createThread(request.community(), request.body)
      return reply.code(201).send({ ...created, post: await markAuthor(app.database.db, created.post) })
    },
  )

  app.get<{ Params: Static<typeof idParams>; Querystring: Static<typeof pageQuery> }>(
    '/v1/c/:slug/threads/:id',
    {
      schema: {
        ...members,
        operationId: 'getThread',
        summary: 'A thread with its posts in order, the opening post first, a page at a time',
        params: idParams,
        querystring: pageQuery,
        response: { 200: Type.Object({ thread, posts: Type.Array(post), next }, { additionalProperties: false }) },
      },
    },
    async (request) => {
      const result = await readThread(request.community(), request.params.id, request.query)
      return { thread: result.thread, posts: await markAuthors(app.database.db, result.posts.items), next: result.posts.next }
    },
  )

  app.post<{ Params: Static<typeof idParams>; Body: Static<typeof replyBody> }>(
    '/v1/c/:slug/threads/:id/replies',
    {
      bodyLimit: forumBodyLimitBytes,
      preHandler: options.limits.posts,
      schema: {
        ...members,
        operationId: 'replyToThread',
        summary: 'Reply to a thread; 409 KINDRED_THREAD_LOCKED for a locked one',
        params: idParams,
        body: replyBody,
        response: { 201: Type.Object({ post }, { additionalProperties: false }) },
      },
    },
    async (request, reply) => {
      const post = await replyToThread(request.community(), request.params.id, request.body.body)
      return reply.code(201).send({ post: await markAuthor(app.database.db, post) })
    },
  )
}

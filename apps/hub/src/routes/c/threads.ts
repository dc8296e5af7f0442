import { Type } from 'typebox'
import { createThread, firstUnread, listThreads, markRead, readThread, replyToThread } from '@kindred/forum'
import { strictObject, type TypeBoxApp } from '../typebox.ts'
import { pagedQuery } from '../pagination.ts'
import { markAuthors, markOwnPost } from './author-marks.ts'
import { body, cursor, forumBodyLimitBytes, id, idParams, limit, members, next, post, slugParams, thread, title } from './schemas.ts'

const threadQuery = pagedQuery({ category: Type.Optional(id), cursor: Type.Optional(cursor), limit })
const pageQuery = pagedQuery({ cursor: Type.Optional(cursor), limit })
const newThread = strictObject({ categoryId: id, title, body })
const replyBody = strictObject({ body })
const listedThread = strictObject({
  ...thread.properties,
  unread: Type.Integer({
    minimum: 0,
    description: 'Posts by others after the last one the member read (all of them in a thread never read)',
  }),
  excerpt: Type.Union([Type.String(), Type.Null()], {
    description: 'The opening post as plain text, shortened; null when it is no longer visible',
  }),
})
const readBody = strictObject({ postId: id })

/** Threads by latest activity, a thread with its posts, new threads and replies. */
export default async function threadRoutes(app: TypeBoxApp): Promise<void> {
  app.get(
    '/v1/c/:slug/threads',
    {
      schema: {
        ...members,
        operationId: 'listThreads',
        summary: 'Threads by latest activity, newest first, optionally of one category, a page at a time',
        params: slugParams,
        querystring: threadQuery,
        response: { 200: strictObject({ threads: Type.Array(listedThread), next }) },
      },
    },
    async (request) => {
      const { category, ...page } = request.query
      const result = await listThreads(request.community(), { ...page, ...(category === undefined ? {} : { categoryId: category }) })
      return { threads: result.items, next: result.next }
    },
  )

  app.post(
    '/v1/c/:slug/threads',
    {
      bodyLimit: forumBodyLimitBytes,
      // The write's own statement checks the member's row: the request takes the member from the cache.
      config: { writeChecksStanding: true },
      schema: {
        ...members,
        operationId: 'createThread',
        summary: 'Open a thread with its first post; needs the charter in force accepted',
        params: slugParams,
        body: newThread,
        response: { 201: strictObject({ thread, post }) },
      },
    },
    async (request, reply) => {
      const community = request.community()
      const created = await createThread(community, request.body)
      await app.announcePost(community.community)
      return reply.code(201).send({ ...created, post: await markOwnPost(app.profiles, community.accountId, created.post) })
    },
  )

  app.get(
    '/v1/c/:slug/threads/:id',
    {
      schema: {
        ...members,
        operationId: 'getThread',
        summary: 'A thread with its posts in order, the opening post first, a page at a time; reading it marks nothing read',
        params: idParams,
        querystring: pageQuery,
        response: {
          200: strictObject({
            thread,
            posts: Type.Array(post),
            next,
            firstUnreadPostId: Type.Union([id, Type.Null()], {
              description: 'The first post of this page the member has not read (by someone else, visible); null when none is',
            }),
          }),
        },
      },
    },
    async (request) => {
      const community = request.community()
      const result = await readThread(community, request.params.id, request.query)
      return {
        thread: result.thread,
        posts: await markAuthors(app.database.db, result.posts.items),
        next: result.posts.next,
        firstUnreadPostId: firstUnread(community.member, result.posts.items, result.mark)?.id ?? null,
      }
    },
  )

  app.put(
    '/v1/c/:slug/threads/:id/read',
    {
      schema: {
        ...members,
        operationId: 'markThreadRead',
        summary: 'Mark a thread read up to one of its posts; a mark only moves forward (an earlier post leaves it where it is)',
        params: idParams,
        body: readBody,
        response: {
          200: strictObject({ moved: Type.Boolean({ description: 'Whether the mark moved (false: it was already there or beyond)' }) }),
        },
      },
    },
    async (request) => ({ moved: await markRead(request.community(), request.params.id, request.body.postId) }),
  )

  app.post(
    '/v1/c/:slug/threads/:id/replies',
    {
      bodyLimit: forumBodyLimitBytes,
      // The write's own statement checks the member's row: the request takes the member from the cache.
      config: { writeChecksStanding: true },
      schema: {
        ...members,
        operationId: 'replyToThread',
        summary: 'Reply to a thread; 409 KINDRED_THREAD_LOCKED for a locked one',
        params: idParams,
        body: replyBody,
        response: { 201: strictObject({ post }) },
      },
    },
    async (request, reply) => {
      const community = request.community()
      const post = await replyToThread(community, request.params.id, request.body.body)
      await app.announcePost(community.community)
      return reply.code(201).send({ post: await markOwnPost(app.profiles, community.accountId, post) })
    },
  )
}

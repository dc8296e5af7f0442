import { Type } from 'typebox'
import {
  followCategory,
  followThread,
  inboxLength,
  listNotifications,
  markNotificationsRead,
  digestCadences,
  notificationCadences,
  notificationKinds,
  notificationPreferences,
  setNotificationPreferences,
  threadFollowing,
  unreadNotificationCount,
} from '@kindred/notifications'
import { dateTime, literalUnion, strictObject, type TypeBoxApp } from '../typebox.ts'
import { pagedQuery } from '../pagination.ts'
import { cursor, id, idParams, members, next, slugParams } from './schemas.ts'

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])
const kind = literalUnion(notificationKinds, { description: 'What the notification is about' })
const cadence = literalUnion(notificationCadences, { description: 'immediately (by mail), daily or weekly (in a digest), or off' })
const cadences = strictObject({
  reply: cadence,
  mention: cadence,
  message: cadence,
  join_decision: cadence,
  moderation: cadence,
})
const digest = literalUnion(digestCadences, {
  description: 'How often a digest tells of new threads and unanswered questions in this community (daily, weekly, or off)',
})
const preferences = strictObject({
  cadences,
  includeText: Type.Boolean({ description: "Whether mail may carry the post's text; off: it names the community and the thread only" }),
  digest,
})
const preferencesChange = strictObject(
  {
    cadences: Type.Optional(
      strictObject(
        {
          reply: Type.Optional(cadence),
          mention: Type.Optional(cadence),
          message: Type.Optional(cadence),
          join_decision: Type.Optional(cadence),
          moderation: Type.Optional(cadence),
        },
        { minProperties: 1 },
      ),
    ),
    includeText: Type.Optional(Type.Boolean()),
    digest: Type.Optional(digest),
  },
  { minProperties: 1 },
)
const notification = strictObject({
  id,
  kind,
  threadId: nullable(id),
  threadTitle: nullable(Type.String()),
  postId: nullable(id),
  opensThread: Type.Boolean({ description: 'Whether the post opens its thread (told to whoever watches its category)' }),
  by: nullable(
    Type.String({ description: "Who it comes from, in this community: the post's author, the message's sender, or who asked to join" }),
  ),
  messageId: nullable(id),
  senderId: nullable(Type.String({ format: 'uuid', description: "The message's sender here, to open the conversation" })),
  reportId: nullable(id),
  decision: nullable(literalUnion(['approved', 'declined'], { description: "What was decided of the member's request to join" })),
  createdAt: dateTime,
  read: Type.Boolean(),
})
const level = Type.Union([Type.Literal('watching'), Type.Literal('muted'), Type.Null()], {
  description: 'watching: told of every post; muted: of none; null: as a participant, or not at all',
})
const following = literalUnion(['watching', 'muted', 'participating', 'normal'], {
  description: 'How the member follows the thread: as they chose, as one who posted in it, or not at all',
})
const readBody = strictObject(
  { ids: Type.Optional(Type.Array(id, { minItems: 1, maxItems: inboxLength })), all: Type.Optional(Type.Literal(true)) },
  { minProperties: 1, maxProperties: 1 },
)

const notificationsQuery = pagedQuery({
  cursor: Type.Optional(cursor),
  limit: Type.Integer({ minimum: 1, maximum: inboxLength, default: 20 }),
})

/** What a member is told of in a community: the list, their choices, and watching or muting. */
export default async function notificationRoutes(app: TypeBoxApp): Promise<void> {
  app.get(
    '/v1/c/:slug/notifications',
    {
      schema: {
        ...members,
        operationId: 'listNotifications',
        summary: "The member's notifications in this community, newest first, a page at a time, and how many are unread",
        params: slugParams,
        querystring: notificationsQuery,
        response: {
          200: strictObject({ notifications: Type.Array(notification), next, unread: Type.Integer({ minimum: 0 }) }),
        },
      },
    },
    async (request) => {
      const community = request.community()
      const [page, unread] = await Promise.all([listNotifications(community, request.query), unreadNotificationCount(community)])
      return { notifications: page.items, next: page.next, unread }
    },
  )

  app.post(
    '/v1/c/:slug/notifications/read',
    {
      schema: {
        ...members,
        operationId: 'markNotificationsRead',
        summary: 'Mark notifications read: some (`ids`) or every one (`all`)',
        params: slugParams,
        body: readBody,
        response: { 200: strictObject({ marked: Type.Integer({ minimum: 0, description: 'How many were unread and now are read' }) }) },
      },
    },
    async (request) => ({ marked: await markNotificationsRead(request.community(), request.body.ids ?? 'all') }),
  )

  app.get(
    '/v1/c/:slug/notification-preferences',
    {
      schema: {
        ...members,
        operationId: 'getNotificationPreferences',
        summary: 'How the member is told of each kind of notification in this community (defaults where they chose nothing)',
        params: slugParams,
        response: { 200: preferences },
      },
    },
    async (request) => notificationPreferences(request.community()),
  )

  app.put(
    '/v1/c/:slug/notification-preferences',
    {
      schema: {
        ...members,
        operationId: 'setNotificationPreferences',
        summary: 'Change some of the choices (the others stay); answers them all',
        params: slugParams,
        body: preferencesChange,
        response: { 200: preferences },
      },
    },
    async (request) => setNotificationPreferences(request.community(), request.body),
  )

  app.get(
    '/v1/c/:slug/threads/:id/follow',
    {
      schema: {
        ...members,
        operationId: 'getThreadFollowing',
        summary: 'How the member follows a thread',
        params: idParams,
        response: { 200: strictObject({ following }) },
      },
    },
    async (request) => ({ following: await threadFollowing(request.community(), request.params.id) }),
  )

  app.put(
    '/v1/c/:slug/threads/:id/follow',
    {
      schema: {
        ...members,
        operationId: 'followThread',
        summary: 'Watch or mute a thread, or (null) follow it as before',
        params: idParams,
        body: strictObject({ level }),
        response: { 200: strictObject({ following }) },
      },
    },
    async (request) => ({ following: await followThread(request.community(), request.params.id, request.body.level) }),
  )

  app.put(
    '/v1/c/:slug/categories/:id/follow',
    {
      schema: {
        ...members,
        operationId: 'followCategory',
        summary: 'Watch (every new thread and reply) or mute a category, or (null) neither',
        params: idParams,
        body: strictObject({ level }),
        response: { 200: strictObject({ level }) },
      },
    },
    async (request) => ({ level: await followCategory(request.community(), request.params.id, request.body.level) }),
  )
}

import type { Kysely } from 'kysely'
import { Type } from 'typebox'
import type { HubDatabase } from '@kindred/db'
import type { Author } from '@kindred/community'
import { authorMarks, noMarks } from '@kindred/membership'
import { deleteMessage, listConversations, readConversation, sendMessage } from '@kindred/messaging'
import { strictObject, type TypeBoxApp } from '../typebox.ts'
import { slug } from '../communities/schemas.ts'
import { pagedQuery } from '../pagination.ts'
import type { ForumLimits } from './limits.ts'
import {
  conversation,
  cursor,
  forumBodyLimitBytes,
  idParams,
  limit,
  members,
  message,
  body,
  next,
  postAuthor,
  slugParams,
} from './schemas.ts'

const memberId = Type.String({ format: 'uuid' })
const newMessage = strictObject({ to: memberId, body })
const pageQuery = pagedQuery({ cursor: Type.Optional(cursor), limit })
const counterpartParams = strictObject({ slug, memberId })

// The other members of conversations with their marks from the hub, one hub query for a page.
async function markCounterparts<T extends { counterpart: Author }>(hub: Kysely<HubDatabase>, items: readonly T[]) {
  const marks = await authorMarks(
    hub,
    items.map((item) => item.counterpart.memberId),
  )
  return items.map((item) => ({ ...item, counterpart: { ...item.counterpart, ...(marks.get(item.counterpart.memberId) ?? noMarks) } }))
}

/** Direct messages between members of the community. */
export default async function messageRoutes(app: TypeBoxApp, options: { limits: ForumLimits }): Promise<void> {
  app.post(
    '/v1/c/:slug/messages',
    {
      bodyLimit: forumBodyLimitBytes,
      preHandler: options.limits.messages,
      schema: {
        ...members,
        operationId: 'sendMessage',
        summary:
          'Send a direct message; needs the charter in force accepted; 403 KINDRED_CONTACT_NOT_ALLOWED where the recipient has not opted in to contact from industry',
        params: slugParams,
        body: newMessage,
        response: { 201: strictObject({ message }) },
      },
    },
    async (request, reply) => {
      const community = request.community()
      const message = await sendMessage(app.database.db, community, request.body)
      await app.announceNotice(community.community)
      return reply.code(201).send({ message })
    },
  )

  app.get(
    '/v1/c/:slug/conversations',
    {
      schema: {
        ...members,
        operationId: 'listConversations',
        summary: "One's conversations, the most recently active first, each with its latest message and unread count",
        params: slugParams,
        querystring: pageQuery,
        response: { 200: strictObject({ conversations: Type.Array(conversation), next }) },
      },
    },
    async (request) => {
      const page = await listConversations(request.community(), request.query)
      return { conversations: await markCounterparts(app.database.db, page.items), next: page.next }
    },
  )

  app.get(
    '/v1/c/:slug/conversations/:memberId',
    {
      schema: {
        ...members,
        operationId: 'getConversation',
        summary: 'The messages with one member both ways, newest first, a page at a time; the ones received are marked read',
        params: counterpartParams,
        querystring: pageQuery,
        response: { 200: strictObject({ counterpart: postAuthor, messages: Type.Array(message), next }) },
      },
    },
    async (request) => {
      const read = await readConversation(request.community(), request.params.memberId, request.query)
      const [marked] = await markCounterparts(app.database.db, [read])
      if (marked === undefined) throw new Error('markCounterparts returned no conversation')
      return { counterpart: marked.counterpart, messages: read.messages.items, next: read.messages.next }
    },
  )

  app.delete(
    '/v1/c/:slug/messages/:id',
    {
      preHandler: options.limits.messages,
      schema: {
        ...members,
        operationId: 'deleteMessage',
        summary: "Delete one's own message: its body goes, its place in the conversation stays",
        params: idParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await deleteMessage(request.community(), request.params.id)
      return reply.code(204).send(null)
    },
  )
}

import { Type } from 'typebox'
import { isKindredError, KindredError } from '@kindred/errors'
import { postLimits, postProblems, renderMarkdown, type PostProblem } from '@kindred/forum'
import { authorMarks, findTenantMember, noMarks } from '@kindred/membership'
import { assertMayContact, deleteMessage, listConversations, ownMessage, readConversation, sendMessage } from '@kindred/messaging'
import { strictObject, type TypeBoxApp } from '../../routes/typebox.ts'
import { forumLimits } from '../../routes/c/limits.ts'
import { slug } from '../../routes/communities/schemas.ts'
import type { CommunityContext } from '../../plugins/community.ts'
import type { PageContext } from '../context.ts'
import { csrfChecked } from '../csrf-and-cookies.ts'
import type { FormState } from '../form.ts'
import { membersOnly } from '../member.ts'
import { conversationsPage } from '../pages/messages.ts'
import { conversationPage, type CannotWrite } from '../pages/messages-conversation.ts'
import { messageDeletePage } from '../pages/messages-delete.ts'
import { writeMessagePage } from '../pages/messages-write.ts'
import type { EditorField } from '../pages/post-parts.ts'
import { formBody, pageResponse, text } from '../schemas.ts'
import { cursorQuery, idText, slugParams } from './forum-schemas.ts'

// A conversation is known by the other member's id in this community, as the messaging package keys it.
const memberId = Type.String({ format: 'uuid' })
const conversationParams = strictObject({ slug, memberId })
const pagedQuery = strictObject({ cursor: Type.Optional(cursorQuery) })
const conversationQuery = strictObject({
  cursor: Type.Optional(cursorQuery),
  sent: Type.Optional(Type.Literal('1')),
  deleted: Type.Optional(Type.Literal('1')),
})
const messageParams = strictObject({ slug, memberId, messageId: idText })
const newQuery = strictObject({ to: memberId })
// Bounded well above the package's own limit, so a text too long is its error to explain, not a 400.
const messageBody = formBody({ body: text(postLimits.body.max * 2), intent: Type.Union([Type.Literal('post'), Type.Literal('preview')]) })
const page = { 200: pageResponse, '4xx': pageResponse }

const conversationsPerPage = 25
const messagesPerPage = 50

// The refusals of the messaging package a member can understand and do nothing wrong by meeting.
function cannotWriteOf(error: unknown): CannotWrite | null {
  if (!isKindredError(error)) return null
  if (error.code === 'KINDRED_CONTACT_NOT_ALLOWED') return 'industry'
  if (error.code === 'KINDRED_NOT_FOUND') return 'gone'
  return null
}

function bodyProblem({ t }: PageContext, { problem }: PostProblem): string {
  return problem === 'missing' ? t('post.error.bodyMissing') : t('post.error.bodyTooLong', { max: postLimits.body.max })
}

const minutesOf = (error: KindredError): number => Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60))

/** Direct messages for the members of a community: their conversations, one conversation, writing. */
export default async function messagePageRoutes(app: TypeBoxApp): Promise<void> {
  app.addHook('preHandler', membersOnly(app))
  const checkCsrf = csrfChecked(app)
  const limits = forumLimits(app)
  const hub = app.database.db

  // Whether the member may write to the other one now, asked of the package before they write at all.
  async function cannotWriteTo(community: CommunityContext, recipientId: string): Promise<CannotWrite | null> {
    try {
      await assertMayContact(hub, community.tenant, { senderId: community.member.memberId, recipientId })
      return null
    } catch (error) {
      const reason = cannotWriteOf(error)
      if (reason === null) throw error
      return reason
    }
  }

  // The other member as a page names them; someone not in this community (or oneself) is no conversation.
  async function counterpartOf(community: CommunityContext, counterpartId: string) {
    const found = counterpartId === community.member.memberId ? undefined : await findTenantMember(community.tenant, counterpartId)
    if (found === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such conversation')
    return { memberId: found.memberId, pseudonym: found.pseudonym }
  }

  app.get('/c/:slug/messages', { schema: { hide: true, params: slugParams, querystring: pagedQuery, response: page } }, async (request) => {
    const community = request.community()
    const { cursor } = request.query
    const conversations = await listConversations(community, { limit: conversationsPerPage, ...(cursor === undefined ? {} : { cursor }) })
    const marks = await authorMarks(
      hub,
      conversations.items.map((item) => item.counterpart.memberId),
    )
    return conversationsPage(request.page(), {
      slug: community.slug,
      communityName: community.community.name,
      memberId: community.member.memberId,
      conversations: conversations.items.map((item) => ({
        ...item,
        counterpart: { ...item.counterpart, ...(marks.get(item.counterpart.memberId) ?? noMarks) },
      })),
      next: conversations.next,
    })
  })

  // A fixed segment wins over `:memberId` in the router whatever the order; a member's id is a UUID, never "new".
  app.get(
    '/c/:slug/messages/new',
    { schema: { hide: true, params: slugParams, querystring: newQuery, response: page } },
    async (request, reply) => {
      const community = request.community()
      const counterpart = await counterpartOf(community, request.query.to)
      const cannotWrite = await cannotWriteTo(community, counterpart.memberId)
      if (cannotWrite === 'gone') throw new KindredError('KINDRED_NOT_FOUND', 'No such member')
      return reply.code(cannotWrite === null ? 200 : 403).send(
        writeMessagePage(request.page(), {
          slug: community.slug,
          communityName: community.community.name,
          counterpart,
          form: { values: {}, errors: {} },
          previewHtml: null,
          cannotWrite,
        }),
      )
    },
  )

  app.get(
    '/c/:slug/messages/:memberId',
    { schema: { hide: true, params: conversationParams, querystring: conversationQuery, response: page } },
    async (request) => {
      const community = request.community()
      const { cursor, sent, deleted } = request.query
      const read = await readConversation(community, request.params.memberId, {
        limit: messagesPerPage,
        ...(cursor === undefined ? {} : { cursor }),
      })
      // Reading marks the messages read, and with them their notifications (tenant/0014): the header recounts.
      app.unreadCounts.forget(community.accountId, community.slug)
      const marks = await authorMarks(hub, [read.counterpart.memberId])
      return conversationPage(request.page(), {
        slug: community.slug,
        communityName: community.community.name,
        memberId: community.member.memberId,
        counterpart: { ...read.counterpart, ...(marks.get(read.counterpart.memberId) ?? noMarks) },
        messages: read.messages.items,
        earlier: read.messages.next,
        paged: cursor !== undefined,
        cannotWrite: cursor === undefined ? await cannotWriteTo(community, read.counterpart.memberId) : null,
        done: sent !== undefined ? 'sent' : deleted !== undefined ? 'deleted' : null,
      })
    },
  )

  app.post(
    '/c/:slug/messages/:memberId',
    { preValidation: checkCsrf, schema: { hide: true, params: conversationParams, body: messageBody, response: page } },
    async (request, reply) => {
      const community = request.community()
      const context = request.page()
      const { body, intent } = request.body
      const counterpart = await counterpartOf(community, request.params.memberId)
      const form: FormState<EditorField> = { values: { body }, errors: {} }
      for (const problem of postProblems({ body })) form.errors.body = bodyProblem(context, problem)
      const again = (status: number, previewHtml: string | null) =>
        reply.code(status).send(
          writeMessagePage(context, {
            slug: community.slug,
            communityName: community.community.name,
            counterpart,
            form,
            previewHtml,
            cannotWrite: null,
          }),
        )
      if (form.errors.body !== undefined) return again(400, null)
      if (intent === 'preview') return again(200, renderMarkdown(body))
      try {
        await limits.messages(request)
        const message = await sendMessage(hub, community, { to: counterpart.memberId, body })
        await app.announceNotice(community.community)
        return await reply.redirect(`/c/${community.slug}/messages/${counterpart.memberId}?sent=1#message-${message.id}`, 303)
      } catch (error) {
        if (!isKindredError(error)) throw error
        if (error.code === 'KINDRED_CHARTER_ACCEPTANCE_REQUIRED') return await reply.redirect(`/c/${community.slug}/charter`, 303)
        if (error.code === 'KINDRED_RATE_LIMITED') {
          form.errors.body = context.t('messages.error.rateLimited', { minutes: minutesOf(error) })
          return await again(429, null)
        }
        const reason = cannotWriteOf(error)
        if (reason === null) throw error
        const id = reason === 'industry' ? 'messages.error.industry' : 'messages.error.gone'
        form.errors.body = context.t(id, { pseudonym: counterpart.pseudonym })
        return await again(error.statusCode, null)
      }
    },
  )

  // A message of one's own, in the conversation its address names (any other is 404): asked, then deleted.
  async function ownMessageIn(community: CommunityContext, counterpartId: string, messageId: string) {
    const message = await ownMessage(community, messageId)
    if (message.recipientId !== counterpartId) throw new KindredError('KINDRED_NOT_FOUND', 'No such message')
    return message
  }

  app.get(
    '/c/:slug/messages/:memberId/:messageId/delete',
    { schema: { hide: true, params: messageParams, response: page } },
    async (request, reply) => {
      const community = request.community()
      const message = await ownMessageIn(community, request.params.memberId, request.params.messageId)
      const conversation = `/c/${community.slug}/messages/${request.params.memberId}`
      if (message.state !== 'visible') return reply.redirect(`${conversation}#message-${message.id}`, 303)
      const counterpart = await counterpartOf(community, request.params.memberId)
      return messageDeletePage(request.page(), { slug: community.slug, communityName: community.community.name, counterpart, message })
    },
  )

  app.post(
    '/c/:slug/messages/:memberId/:messageId/delete',
    { preValidation: checkCsrf, schema: { hide: true, params: messageParams, body: formBody({}) } },
    async (request, reply) => {
      const community = request.community()
      const message = await ownMessageIn(community, request.params.memberId, request.params.messageId)
      await deleteMessage(community, message.id)
      return reply.redirect(`/c/${community.slug}/messages/${request.params.memberId}?deleted=1#message-${message.id}`, 303)
    },
  )
}

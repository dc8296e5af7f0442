import { Type } from 'typebox'
import { hideMessage, moderatedMessage, restoreMessage } from '@kindred/moderation'
import { strictObject, type TypeBoxApp } from '../../typebox.ts'
import type { ForumLimits } from '../limits.ts'
import { forumBodyLimitBytes, idParams } from '../schemas.ts'
import { moderatedContent, moderators, optionalReasonBody, reasonBody } from './schemas.ts'

const messageResponse = strictObject({ message: moderatedContent })
const hidden = strictObject({
  message: moderatedContent,
  resolvedReports: Type.Integer({ description: 'Open reports of the message, now resolved as hidden' }),
})
const moderating = (operationId: string, summary: string) => ({ ...moderators, operationId, summary, params: idParams })

/**
 * Moderators hide reported direct messages from both their members and restore them. A conversation is
 * private: a message nobody reported is 404 to moderators.
 */
export default async function moderatedMessageRoutes(app: TypeBoxApp, options: { limits: ForumLimits }): Promise<void> {
  const writes = { bodyLimit: forumBodyLimitBytes, preHandler: options.limits.moderation }

  app.get(
    '/v1/c/:slug/messages/:id/moderation',
    {
      schema: {
        ...moderating('getMessageForModeration', 'A reported message as moderators see it, its body even when hidden (moderators)'),
        response: { 200: messageResponse },
      },
    },
    async (request) => ({ message: await moderatedMessage(request.community(), request.params.id) }),
  )

  app.post(
    '/v1/c/:slug/messages/:id/hide',
    {
      ...writes,
      schema: {
        ...moderating('hideMessage', 'Hide a reported message from its members, with the reason, resolving its open reports (moderators)'),
        body: reasonBody,
        response: { 200: hidden },
      },
    },
    async (request) => hideMessage(request.community(), request.params.id, request.body.reason),
  )

  app.post(
    '/v1/c/:slug/messages/:id/restore',
    {
      ...writes,
      schema: {
        ...moderating('restoreMessage', 'Show a hidden message to its members again (moderators)'),
        body: optionalReasonBody,
        response: { 200: messageResponse },
      },
    },
    async (request) => ({ message: await restoreMessage(request.community(), request.params.id, request.body?.reason) }),
  )
}

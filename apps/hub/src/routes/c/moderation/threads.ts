import { lockThread, unlockThread } from '@kindred/moderation'
import { strictObject, type TypeBoxApp } from '../../typebox.ts'
import type { ForumLimits } from '../limits.ts'
import { forumBodyLimitBytes, idParams } from '../schemas.ts'
import { moderatedThread, moderators, optionalReasonBody } from './schemas.ts'

const threadResponse = strictObject({ thread: moderatedThread })

/** Moderators lock threads (no more replies) and unlock them. */
export default async function moderatedThreadRoutes(app: TypeBoxApp, options: { limits: ForumLimits }): Promise<void> {
  const route = (action: 'lock' | 'unlock', operationId: string, summary: string, change: typeof lockThread) =>
    app.post(
      `/v1/c/:slug/threads/:id/${action}`,
      {
        bodyLimit: forumBodyLimitBytes,
        preHandler: options.limits.moderation,
        schema: { ...moderators, operationId, summary, params: idParams, body: optionalReasonBody, response: { 200: threadResponse } },
      },
      async (request) => ({ thread: await change(request.community(), request.params.id, request.body?.reason) }),
    )
  route('lock', 'lockThread', 'Lock a thread: readable, no more replies; 409 if locked already (moderators)', lockThread)
  route('unlock', 'unlockThread', 'Unlock a thread: it takes replies again; 409 if not locked (moderators)', unlockThread)
}

import { Type } from 'typebox'
import { isKindredError } from '@kindred/errors'
import { readIncubatorMailToken, stopIncubatorMail } from '@kindred/incubator'
import { readUnsubscribeToken, unsubscribe, unsubscribeKeyPurpose } from '@kindred/notifications'
import { strictObject, type TypeBoxApp } from '../../routes/typebox.ts'
import { unsubscribePage } from '../pages/unsubscribe.ts'
import { pageResponse } from '../schemas.ts'

const params = strictObject({ token: Type.String({ minLength: 10, maxLength: 300, pattern: '^[A-Za-z0-9_.-]+$' }) })
// RFC 8058: the mail client's one-click POST says `List-Unsubscribe=One-Click`, and carries no cookie, so no
// CSRF token either: the link's own HMAC is what proves it came from our mail.
const oneClick = Type.Object({ 'List-Unsubscribe': Type.Optional(Type.Literal('One-Click')) }, { additionalProperties: false })
const page = { 200: pageResponse, '4xx': pageResponse }

// What `read` makes of a token, or undefined for a token it refuses (KINDRED_LINK_INVALID).
function readOrUndefined<T>(read: () => T): T | undefined {
  try {
    return read()
  } catch (error) {
    if (isKindredError(error)) return undefined
    throw error
  }
}

/**
 * One-click unsubscribing from mail (RFC 8058), without signing in: the confirming page and the POST, for a
 * community's notifications (@kindred/notifications) and for the incubator's mail (@kindred/incubator).
 */
export default async function unsubscribeRoutes(app: TypeBoxApp): Promise<void> {
  const key = app.tokens.deriveKey(unsubscribeKeyPurpose)
  const deps = { hub: app.database.db, placements: app.placements }
  // The incubator's mail is the account's, not a community's: its links name the account's mail link id.
  const incubatorToken = (token: string): string | undefined => readOrUndefined(() => readIncubatorMailToken(key, token))
  const validToken = (token: string): boolean =>
    readOrUndefined(() => readUnsubscribeToken(key, token)) !== undefined || incubatorToken(token) !== undefined

  app.get('/unsubscribe/:token', { schema: { hide: true, params, response: page } }, async (request, reply) => {
    const { token } = request.params
    if (!validToken(token)) return reply.code(400).send(unsubscribePage(request.page(), { state: 'invalid' }))
    return unsubscribePage(request.page(), { state: 'confirm', token })
  })

  app.post(
    '/unsubscribe/:token',
    { schema: { hide: true, params, body: Type.Optional(oneClick), response: page } },
    async (request, reply) => {
      const { token } = request.params
      if (!validToken(token)) return reply.code(400).send(unsubscribePage(request.page(), { state: 'invalid' }))
      const mailLinkId = incubatorToken(token)
      if (mailLinkId !== undefined) {
        if (!(await stopIncubatorMail(app.database.db, mailLinkId)))
          return reply.code(404).send(unsubscribePage(request.page(), { state: 'invalid' }))
        return unsubscribePage(request.page(), { state: 'incubatorDone' })
      }
      const done = await unsubscribe(deps, readUnsubscribeToken(key, token))
      if (done === undefined) return reply.code(404).send(unsubscribePage(request.page(), { state: 'invalid' }))
      return unsubscribePage(request.page(), { state: 'done', ...done })
    },
  )
}

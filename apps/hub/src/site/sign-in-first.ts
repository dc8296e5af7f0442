import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { Visitor } from './context.ts'

/** A path of this site only, never another origin (`//elsewhere`, `/\elsewhere`): where a form may send a visitor back to. */
export const localPath = Type.String({ maxLength: 2000, pattern: '^/(?![/\\\\])' })

/** The sign-in page, which brings the visitor back to `next` once they are signed in. */
export const signInPath = (next: string): string => `/sign-in?next=${encodeURIComponent(next)}`

/**
 * The signed-in visitor, or null after answering with a redirect to sign in and come back: to the page
 * asked for, or for a form sent after the session ended, to the page it was sent from when that is known.
 *
 * @example const visitor = signedInOrRedirect(request, reply); if (visitor === null) return reply
 */
export function signedInOrRedirect(request: FastifyRequest, reply: FastifyReply, formPage?: string): Visitor | null {
  const { visitor } = request.page()
  if (visitor !== null) return visitor
  const next = request.method === 'GET' ? request.url : (formPage ?? '/')
  void reply.redirect(signInPath(next), 303)
  return null
}

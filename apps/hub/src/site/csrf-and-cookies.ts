import type { FastifyInstance, FastifyRequest, preValidationHookHandler } from 'fastify'
import type { CookieSerializeOptions } from '@fastify/cookie'

/**
 * The CSRF check of a form's route: after the form is parsed (the token is one of its fields), before
 * anything else reads it. A hook of its own, as `app.csrfProtection` is not to be detached from `app`.
 */
export function csrfChecked(app: FastifyInstance): preValidationHookHandler {
  return (request, reply, done) => {
    app.csrfProtection(request, reply, done)
  }
}

/**
 * How the site's own cookies are set: httpOnly (no script reads them), SameSite=Lax (not sent on
 * cross-site posts), Secure whenever the site is reached over HTTPS, for the whole site; plus how long.
 */
export const browserCookie = (
  request: FastifyRequest,
  lifetime: Pick<CookieSerializeOptions, 'expires' | 'maxAge'>,
): CookieSerializeOptions => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax',
  secure: request.protocol === 'https',
  ...lifetime,
})

import type { preValidationHookHandler } from 'fastify'
import { Type } from 'typebox'
import { locales } from '@kindred/i18n'
import type { TypeBoxApp } from '../../routes/typebox.ts'
import { formBody } from '../schemas.ts'
import { languageCookie } from '../context.ts'

const languageBody = formBody({
  lang: Type.Union(locales.map((locale) => Type.Literal(locale))),
  // Back to the page the visitor was on: a path of this site only, never another origin (`//elsewhere`).
  return: Type.String({ maxLength: 2000, pattern: '^/(?![/\\\\])' }),
})

const oneYearSeconds = 365 * 24 * 60 * 60

/** The visitor's choice of interface language, kept in a cookie, then back to the page they were on. */
export default async function languageRoutes(app: TypeBoxApp): Promise<void> {
  const checkCsrf: preValidationHookHandler = (request, reply, done) => {
    app.csrfProtection(request, reply, done)
  }
  app.post('/language', { preValidation: checkCsrf, schema: { hide: true, body: languageBody } }, async (request, reply) => {
    void reply.setCookie(languageCookie, request.body.lang, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      maxAge: oneYearSeconds,
    })
    return reply.redirect(request.body.return, 303)
  })
}

import { Type } from 'typebox'
import { locales } from '@kindred/i18n'
import type { TypeBoxApp } from '../../routes/typebox.ts'
import { formBody } from '../schemas.ts'
import { languageCookie } from '../context.ts'
import { browserCookie, csrfChecked } from '../csrf-and-cookies.ts'
import { localPath } from '../sign-in-first.ts'

const languageBody = formBody({
  lang: Type.Union(locales.map((locale) => Type.Literal(locale))),
  // Back to the page the visitor was on.
  return: localPath,
})

const oneYearSeconds = 365 * 24 * 60 * 60

/** The visitor's choice of interface language, kept in a cookie, then back to the page they were on. */
export default async function languageRoutes(app: TypeBoxApp): Promise<void> {
  app.post('/language', { preValidation: csrfChecked(app), schema: { hide: true, body: languageBody } }, async (request, reply) => {
    void reply.setCookie(languageCookie, request.body.lang, browserCookie(request, { maxAge: oneYearSeconds }))
    return reply.redirect(request.body.return, 303)
  })
}

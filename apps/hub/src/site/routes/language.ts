import { Type } from 'typebox'
import { setAccountLanguage } from '@kindred/identity'
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

/**
 * The visitor's choice of interface language, kept in a cookie and, for a member signed in, with their
 * account (it follows them to every browser); then back to the page they were on.
 */
export default async function languageRoutes(app: TypeBoxApp): Promise<void> {
  app.post('/language', { preValidation: csrfChecked(app), schema: { hide: true, body: languageBody } }, async (request, reply) => {
    const accountId = request.page().visitor?.accountId
    if (accountId !== undefined) await setAccountLanguage(app.database.db, accountId, request.body.lang)
    void reply.setCookie(languageCookie, request.body.lang, browserCookie(request, { maxAge: oneYearSeconds }))
    return reply.redirect(request.body.return, 303)
  })
}

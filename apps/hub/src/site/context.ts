import type { FastifyRequest } from 'fastify'
import { negotiateLocale, translator, type Translator } from '@kindred/i18n'

/** The visitor who is signed in, as the page shows them. */
export interface Visitor {
  accountId: string
  sessionId: string
  displayName: string
  /** The communities they belong to that are open, for switching between them, with how many threads have posts they have not read. */
  communities: Array<{ slug: string; name: string; unreadThreads: number }>
}

/** What every page is rendered with: the visitor's language and who they are. */
export interface PageContext {
  t: Translator['t']
  i18n: Translator
  visitor: Visitor | null
  /** The token every form of the page sends back (`_csrf`), tied to this browser's CSRF cookie. */
  csrfToken: string
  /** The page's own path, for the language switcher and the sign-in return. */
  path: string
}

/** The cookie that keeps the interface language a visitor chose. */
export const languageCookie = 'kindred_lang'

/** The language of a page: the visitor's choice (its cookie), else what the browser asks for. */
export function pageTranslator(request: FastifyRequest): Translator {
  return translator(
    negotiateLocale({ chosen: request.cookies[languageCookie] ?? null, acceptLanguage: request.headers['accept-language'] }),
  )
}

import type { FastifyRequest } from 'fastify'
import { negotiateLocale, translator, type Translator } from '@kindred/i18n'

/** The visitor who is signed in, as the page shows them. */
export interface Visitor {
  accountId: string
  sessionId: string
  displayName: string
  /** Whether they have confirmed their address: until then they may read, not join, propose or support. */
  emailVerified: boolean
  /** Whether the account is network staff: the header offers the staff console (whose pages check afresh). */
  staff: boolean
  /** The interface language they chose, kept with their account; null until they choose. */
  language: string | null
  /**
   * The communities they belong to that are open, for switching between them, with how many threads have
   * posts they have not read and how many of their notifications there are unread.
   */
  communities: Array<{ slug: string; name: string; unreadThreads: number; unreadNotifications: number }>
  /** How much news of proposals (their own, or ones they supported) they hold and have not read: the account's, not a community's. */
  proposalNews: { held: number; unread: number }
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

/** What a page knows of its reader's language besides what the browser sends. */
export interface PageLanguages {
  /** The language kept with the signed-in member's account. */
  account?: string | null | undefined
  /** The languages of the community the page belongs to, its main one first. */
  community?: readonly string[] | undefined
}

/**
 * The language of a page: the member's choice (kept with their account, else this browser's cookie), else
 * the community's first language, else what the browser asks for.
 */
export function pageTranslator(request: FastifyRequest, languages: PageLanguages = {}): Translator {
  return translator(
    negotiateLocale({
      chosen: languages.account ?? request.cookies[languageCookie] ?? null,
      community: languages.community,
      acceptLanguage: request.headers['accept-language'],
    }),
  )
}

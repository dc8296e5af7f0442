import { match } from '@formatjs/intl-localematcher'
import { acceptedLanguages } from './accept-language.ts'
import { defaultLocale, locales, supportedLocale, type Locale } from './locales.ts'

/** What a page knows of the reader's language, strongest first. */
export interface LocalePreferences {
  /** The language the member chose in their settings. */
  chosen?: string | null | undefined
  /** The community's languages, its main one first. */
  community?: readonly string[] | undefined
  /** The browser's Accept-Language header. */
  acceptLanguage?: string | undefined
}

/**
 * The language to show: the member's choice, else the community's first language we have, else the best
 * match of the browser's Accept-Language (RFC 4647 best fit, so `fr-CA` is French), else English. A value
 * we do not support or cannot read is passed over, never an error.
 *
 * @example negotiateLocale({ chosen: null, community: ['de', 'es'], acceptLanguage: 'fr' }) // 'es'
 */
export function negotiateLocale(preferences: LocalePreferences): Locale {
  return (
    supportedLocale(preferences.chosen) ??
    (preferences.community ?? []).map(supportedLocale).find((locale) => locale !== undefined) ??
    fromAcceptLanguage(preferences.acceptLanguage) ??
    defaultLocale
  )
}

function fromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (typeof header !== 'string') return undefined
  const requested = acceptedLanguages(header)
  if (requested.length === 0) return undefined
  try {
    return supportedLocale(match(requested, locales, defaultLocale, { algorithm: 'best fit' }))
  } catch {
    return undefined
  }
}

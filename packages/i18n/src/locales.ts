/** The languages every catalog is complete in. */
export const locales = ['en', 'fr', 'es'] as const

export type Locale = (typeof locales)[number]

/** What a reader gets when nothing they sent names a language we have. */
export const defaultLocale: Locale = 'en'

/**
 * The supported locale of a language tag, by its language alone (`fr-CA` is French), or undefined for a
 * tag we do not have or that is not a tag at all.
 *
 * @example supportedLocale('es-419') // 'es'
 */
export function supportedLocale(tag: string | null | undefined): Locale | undefined {
  if (typeof tag !== 'string') return undefined
  try {
    const { language } = new Intl.Locale(tag)
    return locales.find((locale) => locale === language)
  } catch {
    return undefined
  }
}

/** The configuration for words of a language PostgreSQL has no stemmer for: lower-cased, never stemmed. */
export const fallbackSearchConfig = 'simple'

/** A tenant's `settings.search_configs` holds at most this many (its check constraint says the same). */
export const maxSearchConfigs = 8

// ISO 639-1 codes and the built-in PostgreSQL text search configuration for each language that has one.
// Norwegian Bokmål and Nynorsk share PostgreSQL's `norwegian` (Snowball's stemmer covers both).
const configByLanguage: Readonly<Record<string, string>> = {
  ar: 'arabic',
  ca: 'catalan',
  da: 'danish',
  de: 'german',
  el: 'greek',
  en: 'english',
  es: 'spanish',
  et: 'estonian',
  eu: 'basque',
  fi: 'finnish',
  fr: 'french',
  ga: 'irish',
  hi: 'hindi',
  hu: 'hungarian',
  hy: 'armenian',
  id: 'indonesian',
  it: 'italian',
  lt: 'lithuanian',
  nb: 'norwegian',
  ne: 'nepali',
  nl: 'dutch',
  nn: 'norwegian',
  no: 'norwegian',
  pt: 'portuguese',
  ro: 'romanian',
  ru: 'russian',
  sr: 'serbian',
  sv: 'swedish',
  ta: 'tamil',
  tr: 'turkish',
  yi: 'yiddish',
}

/**
 * The text search configurations for a community's languages, in the languages' order, each once: the
 * language's own configuration where PostgreSQL has one (and `available`, the server's, lists it: older
 * servers lack some), `simple` for any other language, and `simple` alone for none. At most eight.
 *
 * @example searchConfigsFor(['fr', 'en']) // ['french', 'english']
 * @example searchConfigsFor(['en', 'xh', 'zu']) // ['english', 'simple']
 * @example searchConfigsFor(['et'], new Set(['simple', 'english'])) // ['simple']: this server has no estonian
 */
export function searchConfigsFor(languages: readonly string[], available?: ReadonlySet<string>): string[] {
  const configs = languages.map((language) => {
    const code = language.toLowerCase()
    const config = Object.hasOwn(configByLanguage, code) ? configByLanguage[code] : undefined
    return config !== undefined && (available === undefined || available.has(config)) ? config : fallbackSearchConfig
  })
  const unique = [...new Set(configs)].slice(0, maxSearchConfigs)
  return unique.length > 0 ? unique : [fallbackSearchConfig]
}

import languageNames from '../data/iso-639-1.json' with { type: 'json' }

/**
 * Every ISO 639-1 language code with its English name (data/iso-639-1.json: the 184 two-letter codes in
 * force, without the withdrawn `in`, `iw`, `ji`, `jw`, `mo` and `sh`). A community names the languages its
 * members write in, so that people can find one they can take part in.
 */
export const languages: Readonly<Record<string, string>> = languageNames

/** The ISO 639-1 codes, sorted: the values a proposal's `languages` may hold. */
export const languageCodes: readonly string[] = Object.keys(languageNames).sort()

/**
 * Whether `code` is an ISO 639-1 language code, in lower case as the standard writes them.
 *
 * @example isLanguageCode('fr') // true; isLanguageCode('FR') and isLanguageCode('fre') are false
 */
export function isLanguageCode(code: string): boolean {
  return Object.hasOwn(languageNames, code)
}

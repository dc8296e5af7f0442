import en from '../catalogs/en.json' with { type: 'json' }
import es from '../catalogs/es.json' with { type: 'json' }
import fr from '../catalogs/fr.json' with { type: 'json' }
import type { Locale } from './locales.ts'

/** The id of an interface string: the English catalog is the list of them. */
export type MessageId = keyof typeof en

// Typed by the English ids, so a translation missing one fails the typecheck as well as the tests.
export const catalogs: Readonly<Record<Locale, Readonly<Record<MessageId, string>>>> = { en, fr, es }

/**
 * The ids among `ids` that the English catalog lacks, each once, in the order first met: other packages'
 * tests give it the ids their templates use.
 *
 * @example missingMessageIds(['home.title', 'home.tilte']) // ['home.tilte']
 */
export function missingMessageIds(ids: Iterable<string>): string[] {
  return [...new Set(ids)].filter((id) => !Object.hasOwn(en, id))
}

import { IntlMessageFormat } from 'intl-messageformat'
import { catalogs, type MessageId } from './catalogs.ts'
import type { Locale } from './locales.ts'

/** The values a message's arguments take: `{min, number}`, `{count, plural, …}`, `{day, date}`. */
export type MessageValues = Readonly<Record<string, string | number | Date>>

/** Interface strings, dates and numbers in one language. Its functions use no `this`: templates take them apart. */
export interface Translator {
  readonly locale: Locale
  /** The message `id`, its arguments filled from `values`; throws when one of them is missing. */
  readonly t: (id: MessageId, values?: MessageValues) => string
  readonly formatDate: (date: Date | number, options?: Intl.DateTimeFormatOptions) => string
  readonly formatNumber: (n: number | bigint, options?: Intl.NumberFormatOptions) => string
  /**
   * A calendar day (`YYYY-MM-DD`) as the reader writes it, the same day wherever the server is:
   * `medium` (5 Mar 2025), `long` (5 March 2025) or `month` (Mar 2025).
   */
  readonly formatDay: (day: string, style: DayStyle) => string
}

/** How `formatDay` writes a day. */
export type DayStyle = 'medium' | 'long' | 'month'

const dayStyles: Readonly<Record<DayStyle, Intl.DateTimeFormatOptions>> = {
  medium: { dateStyle: 'medium', timeZone: 'UTC' },
  long: { dateStyle: 'long', timeZone: 'UTC' },
  month: { year: 'numeric', month: 'short', timeZone: 'UTC' },
}
// Days written in a language and style: a chart's year shows hundreds on every page, the same from one page
// to the next, and ICU's formatting is most of a chart's rendering. A day seldom seen again is dropped with
// the rest when the memory is full.
const rememberedDays = 4096

const translators = new Map<Locale, Translator>()

/**
 * The translator of a language, made once per process. Its output is text, not HTML: the templates escape
 * it like any other value.
 *
 * @example translator('fr').t('home.community.members', { members: 1234 }) // '1 234 membres'
 */
export function translator(locale: Locale): Translator {
  let made = translators.get(locale)
  if (made === undefined) {
    made = makeTranslator(locale)
    translators.set(locale, made)
  }
  return made
}

function makeTranslator(locale: Locale): Translator {
  const formats = new Map<MessageId, IntlMessageFormat>()
  const dateFormats = new Map<string, Intl.DateTimeFormat>()
  const numberFormats = new Map<string, Intl.NumberFormat>()
  const writtenDays = new Map<string, string>()
  const formatDate = (date: Date | number, options?: Intl.DateTimeFormatOptions): string =>
    cached(dateFormats, options, () => new Intl.DateTimeFormat(locale, options)).format(date)
  const formatOf = (id: MessageId): IntlMessageFormat => {
    let format = formats.get(id)
    if (format === undefined) {
      // Tags are read as text: markup has no place in a catalog whose output the templates escape.
      format = new IntlMessageFormat(catalogs[locale][id], locale, undefined, { ignoreTag: true })
      formats.set(id, format)
    }
    return format
  }
  return {
    locale,
    t: (id, values) => {
      try {
        return String(formatOf(id).format(values))
      } catch (error) {
        throw new Error(`Cannot format message ${id} (${locale}): ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        })
      }
    },
    formatDate,
    formatNumber: (n, options) => cached(numberFormats, options, () => new Intl.NumberFormat(locale, options)).format(n),
    formatDay: (day, style) => {
      const key = `${style} ${day}`
      let written = writtenDays.get(key)
      if (written === undefined) {
        if (writtenDays.size >= rememberedDays) writtenDays.clear()
        written = formatDate(new Date(`${day}T00:00:00Z`), dayStyles[style])
        writtenDays.set(key, written)
      }
      return written
    },
  }
}

// Building an Intl formatter costs far more than using one; the options a page passes are few and literal.
function cached<F>(formats: Map<string, F>, options: object | undefined, make: () => F): F {
  const key = JSON.stringify(options ?? {})
  let format = formats.get(key)
  if (format === undefined) {
    format = make()
    formats.set(key, format)
  }
  return format
}

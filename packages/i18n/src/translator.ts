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
// to the next, and ICU's formatting is most of a chart's rendering.
const rememberedDays = 4096
// Numbers written without options, for the same reason: a chart's axes and tables repeat the counts of one
// page on the next.
const rememberedNumbers = 4096

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
  const dateFormat = formatters((options?: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, options))
  const numberFormat = formatters((options?: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, options))
  const formatDate = (date: Date | number, options?: Intl.DateTimeFormatOptions): string => dateFormat(options).format(date)
  const plainNumbers = numberFormat()
  const writtenNumber = remembered(rememberedNumbers, (n: number | bigint) => plainNumbers.format(n))
  const writtenDays = Object.fromEntries(
    Object.entries(dayStyles).map(([style, options]) => [
      style,
      remembered(rememberedDays, (day: string) => formatDate(new Date(`${day}T00:00:00Z`), options)),
    ]),
  ) as Record<DayStyle, (day: string) => string>
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
    formatNumber: (n, options) => (options === undefined ? writtenNumber(n) : numberFormat(options).format(n)),
    formatDay: (day, style) => writtenDays[style](day),
  }
}

// What `write` wrote for each key, up to `limit` keys: the whole memory is dropped when it is full, so a key
// seldom seen again costs nothing for long.
function remembered<K>(limit: number, write: (key: K) => string): (key: K) => string {
  const written = new Map<K, string>()
  return (key) => {
    let text = written.get(key)
    if (text === undefined) {
      if (written.size >= limit) written.clear()
      text = write(key)
      written.set(key, text)
    }
    return text
  }
}

// Building an Intl formatter costs far more than using one; the options a page passes are few and literal.
// Options a module keeps as a constant are found by identity, others by their text.
function formatters<O extends object, F>(make: (options?: O) => F): (options?: O) => F {
  const byText = new Map<string, F>()
  const byObject = new WeakMap<O, F>()
  return (options) => {
    let format = options === undefined ? undefined : byObject.get(options)
    if (format !== undefined) return format
    const key = JSON.stringify(options ?? {})
    format = byText.get(key)
    if (format === undefined) {
      format = make(options)
      byText.set(key, format)
    }
    if (options !== undefined) byObject.set(options, format)
    return format
  }
}

import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { IntlMessageFormat } from 'intl-messageformat'
import t from 'tap'
import { locales, missingMessageIds, translator, type MessageId } from '@kindred/i18n'

const folder = path.resolve(import.meta.dirname, '../catalogs')
const readJson = async (file: string): Promise<Record<string, string>> => JSON.parse(await readFile(file, 'utf8')) as Record<string, string>

// Each language's area files as they are on disk, before anything merges them.
const areaFiles = new Map(
  await Promise.all(
    locales.map(async (locale) => {
      const names = (await readdir(path.join(folder, locale))).toSorted()
      const files = await Promise.all(names.map(async (name) => [name, await readJson(path.join(folder, locale, name))] as const))
      return [locale, new Map(files)] as const
    }),
  ),
)
const catalogs = new Map(
  [...areaFiles].map(([locale, files]) => [locale, Object.assign({}, ...files.values()) as Record<string, string>] as const),
)
const english = catalogs.get('en') ?? {}

type Element = ReturnType<IntlMessageFormat['getAst']>[number]
const kinds = ['literal', 'argument', 'number', 'date', 'time', 'select', 'plural', 'pound', 'tag']

// Each argument as `name:kind`, so `{min}` where English has `{min, number}` counts as a difference too.
function argumentsOf(elements: readonly Element[]): string[] {
  return elements.flatMap((element) => {
    const kind = kinds[element.type] ?? String(element.type)
    const own = kind === 'literal' || !('value' in element) ? [] : [`${element.value}:${kind}`]
    const nested = 'options' in element ? Object.values(element.options).flatMap((option) => argumentsOf(option.value)) : []
    return [...own, ...nested, ...('children' in element ? argumentsOf(element.children) : [])]
  })
}

const parse = (message: string, locale: string): IntlMessageFormat => new IntlMessageFormat(message, locale, undefined, { ignoreTag: true })
const argumentSet = (message: string, locale: string): string[] => [...new Set(argumentsOf(parse(message, locale).getAst()))].toSorted()

t.test('the catalogs folder holds one folder per supported locale, each with the same area files', async (t) => {
  t.strictSame((await readdir(folder)).toSorted(), [...locales].toSorted())
  const englishAreas = [...(areaFiles.get('en')?.keys() ?? [])]
  t.ok(englishAreas.length > 0 && englishAreas.every((name) => name.endsWith('.json')), 'areas are JSON files')
  for (const [locale, files] of areaFiles) t.strictSame([...files.keys()], englishAreas, `${locale}: the same areas`)
})

t.test('an id lives in one area file only, the same one in every language', async (t) => {
  for (const [locale, files] of areaFiles) {
    const seen = new Map<string, string>()
    for (const [area, catalog] of files) {
      for (const id of Object.keys(catalog)) {
        t.equal(seen.get(id), undefined, `${locale} ${id}: once`)
        seen.set(id, area)
        if (locale !== 'en') t.ok(Object.hasOwn(areaFiles.get('en')?.get(area) ?? {}, id), `${locale} ${id}: in English ${area}`)
      }
    }
  }
})

t.test('every catalog has exactly the ids of the English one', async (t) => {
  const ids = Object.keys(english)
  for (const [locale, catalog] of catalogs) {
    t.strictSame(
      ids.filter((id) => !Object.hasOwn(catalog, id)),
      [],
      `${locale}: no id missing`,
    )
    t.strictSame(
      Object.keys(catalog).filter((id) => !Object.hasOwn(english, id)),
      [],
      `${locale}: no id English lacks`,
    )
  }
})

t.test('ids are dotted lowercase-initial words and every message is a non-empty string', async (t) => {
  for (const [locale, catalog] of catalogs) {
    for (const [id, message] of Object.entries(catalog)) {
      t.match(id, /^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)+$/, `${locale} ${id}: id`)
      t.ok(typeof message === 'string' && message.trim() !== '', `${locale} ${id}: message`)
    }
  }
})

t.test('every message parses as ICU MessageFormat and takes exactly the arguments of the English one', async (t) => {
  for (const [locale, catalog] of catalogs) {
    for (const [id, message] of Object.entries(catalog)) {
      const english = catalogs.get('en')?.[id]
      if (english === undefined) continue
      let found: string[] | undefined
      t.doesNotThrow(() => (found = argumentSet(message, locale)), `${locale} ${id}: parses`)
      if (found !== undefined) t.strictSame(found, argumentSet(english, 'en'), `${locale} ${id}: arguments`)
    }
  }
})

const sample = (argument: string): [string, string | number | Date] => {
  const [name = '', kind] = argument.split(':')
  if (kind === 'number' || kind === 'plural') return [name, 2]
  return [name, kind === 'date' || kind === 'time' ? new Date(0) : 'other']
}

t.test('every message formats in every language with the values its English arguments take', async (t) => {
  for (const locale of locales) {
    for (const [id, message] of Object.entries(english)) {
      const values = Object.fromEntries(argumentSet(message, 'en').map(sample))
      t.doesNotThrow(() => translator(locale).t(id as MessageId, values), `${locale} ${id}`)
    }
  }
})

t.test('missingMessageIds names each id the English catalog lacks, once, in the order met', async (t) => {
  t.strictSame(missingMessageIds(['home.title', 'home.tilte', 'layout.skipLink', 'home.tilte', 'nope']), ['home.tilte', 'nope'])
  t.strictSame(missingMessageIds(new Set(Object.keys(english))), [])
  t.strictSame(missingMessageIds([]), [])
  t.strictSame(
    missingMessageIds(['toString', '__proto__', 'constructor']),
    ['toString', '__proto__', 'constructor'],
    'not fooled by Object.prototype',
  )
})

import t from 'tap'
import { searchConfigsFor } from '@kindred/tenancy'

t.test("each language gets PostgreSQL's configuration for it, in the community's order", async (t) => {
  t.same(searchConfigsFor(['en']), ['english'])
  t.same(searchConfigsFor(['fr', 'en']), ['french', 'english'])
  t.same(searchConfigsFor(['de', 'es', 'it', 'nl', 'pt', 'sv', 'da', 'fi']), [
    'german',
    'spanish',
    'italian',
    'dutch',
    'portuguese',
    'swedish',
    'danish',
    'finnish',
  ])
  t.same(searchConfigsFor(['ru', 'hu', 'ro', 'tr']), ['russian', 'hungarian', 'romanian', 'turkish'])
})

t.test('Norwegian, Bokmål and Nynorsk share one configuration, listed once', async (t) => {
  t.same(searchConfigsFor(['no', 'nb', 'nn']), ['norwegian'])
})

t.test('a language without a stemmer falls back to simple, once however many there are', async (t) => {
  t.same(searchConfigsFor(['xh']), ['simple'])
  t.same(searchConfigsFor(['en', 'xh', 'zu', 'ja']), ['english', 'simple'])
  t.same(searchConfigsFor(['ja', 'fr']), ['simple', 'french'])
})

t.test('no languages at all is simple alone, and codes are read whatever their case', async (t) => {
  t.same(searchConfigsFor([]), ['simple'])
  t.same(searchConfigsFor(['EN', 'Fr']), ['english', 'french'])
})

t.test('a name that is not a language code, even one every object has, is simple', async (t) => {
  t.same(searchConfigsFor(['constructor', 'toString', '__proto__']), ['simple'])
})

t.test('a configuration the server lacks falls back to simple', async (t) => {
  t.same(searchConfigsFor(['et', 'en'], new Set(['simple', 'english'])), ['simple', 'english'])
})

t.test("at most eight configurations, as the tenant's settings hold", async (t) => {
  const configs = searchConfigsFor(['en', 'fr', 'de', 'es', 'it', 'nl', 'pt', 'sv', 'da', 'fi'])
  t.equal(configs.length, 8)
  t.same(configs.slice(0, 2), ['english', 'french'])
})

import t from 'tap'
import { negotiateLocale } from '@kindred/i18n'

t.test('the member’s choice beats the community’s language, which beats Accept-Language', async (t) => {
  t.equal(negotiateLocale({ chosen: 'es', community: ['fr'], acceptLanguage: 'en' }), 'es')
  t.equal(negotiateLocale({ chosen: null, community: ['fr'], acceptLanguage: 'es' }), 'fr')
  t.equal(negotiateLocale({ community: [], acceptLanguage: 'es' }), 'es')
})

t.test('a choice or community language we do not have falls through to the next source', async (t) => {
  t.equal(negotiateLocale({ chosen: 'de', community: ['de', 'es'], acceptLanguage: 'fr' }), 'es')
  t.equal(negotiateLocale({ chosen: 'not a tag!', community: ['de', '??'], acceptLanguage: 'fr' }), 'fr')
  t.equal(negotiateLocale({ chosen: '', community: ['de'] }), 'en')
  t.equal(negotiateLocale({ chosen: 'fr-CA' }), 'fr', 'a regional variant is its language')
})

t.test('Accept-Language is matched by q-value and region', async (t) => {
  t.equal(negotiateLocale({ acceptLanguage: 'fr-CA,fr;q=0.9,en;q=0.8' }), 'fr')
  t.equal(negotiateLocale({ acceptLanguage: 'en;q=0.5, es;q=0.9' }), 'es', 'order of q, not of the header')
  t.equal(negotiateLocale({ acceptLanguage: 'es-419' }), 'es')
  t.equal(negotiateLocale({ acceptLanguage: 'de-DE, de;q=0.9, fr;q=0.4' }), 'fr', 'a later language we have beats none')
  t.equal(negotiateLocale({ acceptLanguage: 'fr;q=0, es;q=0.1' }), 'es', 'q=0 means not wanted')
  t.equal(negotiateLocale({ acceptLanguage: 'fr;q=0' }), 'en')
})

t.test('nothing we have, or nothing readable, gives English without throwing', async (t) => {
  const headers = ['de', '', '*', ';;;,,,', 'q=0.5', 'fr;q=2', 'fr;q=abc', 'x-klingon', '\u0000fr', 'fr;'.repeat(10_000), 'zz-ZZZZZZZZZZ']
  for (const acceptLanguage of headers) t.equal(negotiateLocale({ acceptLanguage }), 'en', JSON.stringify(acceptLanguage.slice(0, 30)))
  t.equal(negotiateLocale({}), 'en')
})

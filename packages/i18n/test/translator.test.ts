import t from 'tap'
import { locales, translator } from '@kindred/i18n'

t.test('plurals follow each language’s rules, with =0 as its own case', async (t) => {
  t.equal(translator('en').t('home.search.results', { count: 0 }), 'No communities found')
  t.equal(translator('en').t('home.search.results', { count: 1 }), '1 community found')
  t.equal(translator('en').t('home.community.members', { members: 2 }), '2 members')
  t.equal(translator('fr').t('home.search.results', { count: 1 }), '1 communauté trouvée')
  t.equal(translator('es').t('home.community.members', { members: 1 }), '1 miembro')
  t.equal(translator('es').t('home.community.members', { members: 3 }), '3 miembros')
})

t.test('numbers in messages are grouped as Intl groups them in each language', async (t) => {
  for (const locale of locales) {
    const grouped = new Intl.NumberFormat(locale).format(1234567)
    t.match(translator(locale).t('home.community.members', { members: 1234567 }), grouped, `${locale}: ${grouped}`)
    t.match(translator(locale).t('signUp.password.hint', { min: 12345 }), new Intl.NumberFormat(locale).format(12345))
  }
  t.not(new Intl.NumberFormat('fr').format(1234), '1234', 'French groups thousands, so the test above means something')
})

t.test('a missing value is an error naming the message and the value', async (t) => {
  t.throws(() => translator('fr').t('signUp.password.hint'), /signUp\.password\.hint \(fr\).*"min"/)
})

t.test('dates and numbers are formatted in the translator’s language', async (t) => {
  const day = new Date(Date.UTC(2025, 2, 14))
  const options = { dateStyle: 'long', timeZone: 'UTC' } as const
  for (const locale of locales) {
    t.equal(translator(locale).formatDate(day, options), new Intl.DateTimeFormat(locale, options).format(day), locale)
    t.equal(translator(locale).formatNumber(0.5, { style: 'percent' }), new Intl.NumberFormat(locale, { style: 'percent' }).format(0.5))
  }
  t.match(translator('es').formatDate(day, options), 'marzo')
})

t.test('a calendar day is written as that day in the reader’s language, in each style, the same when asked again', async (t) => {
  const styles = { medium: { dateStyle: 'medium' }, long: { dateStyle: 'long' }, month: { year: 'numeric', month: 'short' } } as const
  for (const locale of locales) {
    for (const [style, options] of Object.entries(styles) as Array<[keyof typeof styles, Intl.DateTimeFormatOptions]>) {
      // The last day of a month, which a server west of UTC reading it as local midnight would call the 30th.
      const expected = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(Date.UTC(2025, 2, 31))
      t.equal(translator(locale).formatDay('2025-03-31', style), expected, `${locale} ${style}`)
      t.equal(translator(locale).formatDay('2025-03-31', style), expected, `${locale} ${style}, remembered`)
    }
  }
  t.match(translator('fr').formatDay('2025-03-31', 'long'), '31 mars 2025')
  t.not(translator('fr').formatDay('2025-03-30', 'long'), translator('fr').formatDay('2025-03-31', 'long'), 'each day its own words')
})

t.test('a translator is made once per language and knows its language', async (t) => {
  t.equal(translator('es'), translator('es'))
  t.equal(translator('fr').locale, 'fr')
  const { t: detached } = translator('es')
  t.equal(detached('layout.nav.signIn'), 'Iniciar sesión', 't works apart from its translator, as templates pass it')
})

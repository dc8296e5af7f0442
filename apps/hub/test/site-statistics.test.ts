import t from 'tap'
import { publishStatistics } from '@kindred/statistics'
import { buildTestHub, communityWithFigures, type TestHub } from '@kindred/testkit'

// Figures as stats-public.test.ts makes them: roll-up rows written as the aggregation jobs would, for
// communities that need no tenant, then the day published as the network roll-up does.

const page = (hub: TestHub, language = 'en') =>
  hub.app.inject({ method: 'GET', url: '/statistics', headers: { accept: 'text/html', 'accept-language': language } })

// The cells of a community's row, as text, in order.
function rowOf(body: string, slug: string): string[] {
  const row = new RegExp(`<tr><th scope="row"><a href="/c/${slug}">[^<]+</a></th>(.*?)</tr>`).exec(body)?.[1] ?? ''
  return [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((cell) => cell[1] ?? '')
}

t.test('before any day is published, the page says so', async (t) => {
  const hub = await buildTestHub(t)
  const reply = await page(hub)
  t.equal(reply.statusCode, 200)
  t.match(reply.body, /<h1>Network statistics<\/h1>/)
  t.match(reply.body, /No figures have been published yet\./)
  t.notMatch(reply.body, /<table/)
})

t.test('the figures of GET /v1/stats as tables: small counts and those protecting them shown as hidden, never as numbers', async (t) => {
  const hub = await buildTestHub(t)
  await communityWithFigures(hub, 'alpha', '2025-03-01', { members: 120, active30d: 40, threads: 12 })
  await communityWithFigures(hub, 'beta', '2025-03-01', { members: 3, active30d: 2, threads: 0 })
  await communityWithFigures(hub, 'gamma', '2025-03-01', { members: 45, active30d: 11, threads: 20 })
  await communityWithFigures(hub, 'delta', '2025-03-01', { members: 1300, active30d: 90, threads: 25 })
  await publishStatistics(hub.database.db)

  const reply = await page(hub)
  t.equal(reply.statusCode, 200)
  const { body } = reply
  t.match(body, /Figures for March 1, 2025/)
  t.match(body, /the 365 days from March 2, 2024 to March 1, 2025/)
  t.match(body, /counts from 1 to 10 are never shown: they read “hidden” instead\./, 'the rule in plain words')
  t.ok(body.indexOf('counts from 1 to 10') < body.indexOf('<table'), 'above the tables')
  t.match(body, /<caption id="network-caption">/)
  t.match(body, /<th scope="col">Community<\/th>/)

  t.strictSame(rowOf(body, 'beta'), ['hidden', 'hidden', '0', '0', '0'], '3 members and 2 active are hidden; zeros are shown')
  t.strictSame(rowOf(body, 'gamma'), ['hidden', 'hidden', '20', '0', '20'], 'the smallest other counts are hidden with them')
  t.strictSame(rowOf(body, 'delta'), ['1,300', '90', '25', '0', '25'], 'numbers in the page language')
  t.match(body, /<th scope="row">Members that day<\/th><td class="number">1,468<\/td>/, 'the network total')
  t.notMatch(body, />3<\/td>|>2<\/td>|>45<\/td>|>11<\/td>/, 'no hidden count appears as a number')

  const api = (await hub.app.inject({ url: '/v1/stats' })).body
  const suppressedInApi = api.match(/"suppressed":true/g)?.length ?? 0
  t.ok(suppressedInApi > 0)
  t.equal(body.match(/class="number suppressed"/g)?.length, suppressedInApi, 'hidden exactly where the API suppresses')

  const french = (await page(hub, 'fr')).body
  t.match(french, /Chiffres du 1 mars 2025/)
  t.strictSame(rowOf(french, 'delta'), ['1\u202f300', '90', '25', '0', '25'])
  t.strictSame(rowOf(french, 'beta').slice(0, 2), ['masqué', 'masqué'])
  t.match((await page(hub, 'es')).body, /Cifras del 1 de marzo de 2025/)
})

t.test("the page states the hub's own threshold, as the API applies it", async (t) => {
  const hub = await buildTestHub(t, { env: { KINDRED_STATS_SUPPRESSION_THRESHOLD: '1' } })
  await communityWithFigures(hub, 'alpha', '2025-03-01', { members: 2, active30d: 1, threads: 0 })
  await communityWithFigures(hub, 'beta', '2025-03-01', { members: 50, active30d: 4, threads: 0 })
  await publishStatistics(hub.database.db)
  const { body } = await page(hub)
  t.match(body, /a count of 1 is never shown: it reads “hidden” instead\./)
  t.equal(rowOf(body, 'alpha')[0], '2', 'a count of 2 is published under a threshold of 1')
})

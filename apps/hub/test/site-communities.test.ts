import t from 'tap'
import { buildTestHub, provisionTestCommunity } from '@kindred/testkit'

const page = (hub: Awaited<ReturnType<typeof buildTestHub>>, url: string, language = 'en') =>
  hub.app.inject({ method: 'GET', url, headers: { accept: 'text/html', 'accept-language': language } })

t.test('the home page lists live communities and finds them by name; each has a public page', async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  await provisionTestCommunity(hub, 'alstrom')

  const home = await page(hub, '/')
  t.match(home.body, /2 communities found/)
  t.match(home.body, /<a href="\/c\/fop">/)
  const found = await page(hub, '/?q=alstr')
  t.match(found.body, /1 community found/)
  t.match(found.body, /<a href="\/c\/alstrom">/)
  t.notMatch(found.body, /\/c\/fop/)
  t.match(found.body, /<input id="q" name="q" type="search" value="alstr"/, 'the search stays in its box')
  t.match((await page(hub, '/?q=nothing like it')).body, /No communities found/)

  const landing = await page(hub, '/c/fop', 'fr')
  t.equal(landing.statusCode, 200)
  t.match(landing.body, /<h1>[^<]+<\/h1>/)
  t.match(landing.body, /<dd>Disease fop<\/dd>/)
  t.match(landing.body, /<dd>anglais<\/dd>/, "the community's languages named in the reader's")

  const missing = await page(hub, '/c/no-such-community')
  t.equal(missing.statusCode, 404)
  t.match(missing.body, /Page not found/)
  const malformed = await page(hub, '/c/Not%20A%20Slug')
  t.equal(malformed.statusCode, 400)
  t.match(malformed.body, /Page not found/, 'a malformed address reads as one that does not exist')
})

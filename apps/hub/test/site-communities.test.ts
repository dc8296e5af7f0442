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

  // A reader who chose French: without a choice, a community's page speaks the community's first language.
  const landing = await hub.app.inject({ method: 'GET', url: '/c/fop', headers: { accept: 'text/html', cookie: 'kindred_lang=fr' } })
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

t.test('the home page finds a community by another name of its disease, accents aside, and shows its other names', async (t) => {
  const hub = await buildTestHub(t)
  const alsoKnownAs = ['Stone man syndrome', 'Münchmeyer disease']
  await provisionTestCommunity(hub, 'fop', {
    disease: { diseaseName: 'Fibrodysplasia ossificans progressiva', orphaCode: 'ORPHA:337', alsoKnownAs },
  })
  await provisionTestCommunity(hub, 'alstrom', { disease: { diseaseName: 'Alström syndrome' } })

  const found = await page(hub, '/?q=stone+man')
  t.match(found.body, /1 community found/)
  t.match(found.body, /<a href="\/c\/fop">/)
  t.match(found.body, /<p>Also known as Stone man syndrome, Münchmeyer disease<\/p>/)
  t.match(found.body, /Fibrodysplasia ossificans progressiva · ORPHA:337</, 'the code as Orphanet writes it, once')
  t.match((await page(hub, '/?q=ORPHA%3A337')).body, /<a href="\/c\/fop">/)

  const accentless = await page(hub, '/?q=ALSTROM', 'fr')
  t.match(accentless.body, /1 communauté trouvée/)
  t.match(accentless.body, /<a href="\/c\/alstrom">/)
  t.notMatch(accentless.body, /Autres noms/, 'no line for a community without other names')
  t.match((await page(hub, '/?q=m%C3%BCnchmeyer', 'fr')).body, /<p>Autres noms\u00a0: Stone man syndrome, Münchmeyer disease<\/p>/)
  t.match((await page(hub, '/?q=munchmeyer', 'es')).body, /<p>Otros nombres: Stone man syndrome, Münchmeyer disease<\/p>/)

  const landing = await page(hub, '/c/fop')
  t.match(landing.body, /<dd>ORPHA:337<\/dd>/, 'the code once on the community page too')
  t.match(landing.body, /<dt>Also known as<\/dt>\s*<dd>Stone man syndrome, Münchmeyer disease<\/dd>/)
})

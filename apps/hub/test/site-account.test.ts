import t from 'tap'
import { buildTestHub, csrfOf, provisionTestCommunity, signUp, siteSignUp, siteVisitor } from '@kindred/testkit'

t.test('pages are HTML with a strict policy: no inline script, no other origin, no referrer, nothing cached', async (t) => {
  const hub = await buildTestHub(t)
  const home = await siteVisitor(hub).get('/')
  t.equal(home.statusCode, 200)
  t.match(home.headers['content-type'], /^text\/html; charset=utf-8/)
  t.match(home.body, /^<!doctype html><html lang="en">/)
  t.match(home.headers['content-security-policy'], /default-src 'self'; script-src 'self'; style-src 'self'/)
  t.notMatch(home.headers['content-security-policy'], /unsafe-inline/)
  t.equal(home.headers['referrer-policy'], 'no-referrer')
  t.equal(home.headers['cache-control'], 'no-store')
  t.match(home.body, /<a class="skip-link" href="#main">Skip to main content<\/a>/)
  t.match(home.body, /<main id="main"/)
  const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(home.body)?.[1] ?? ''
  const css = await hub.app.inject({ method: 'GET', url: stylesheet })
  t.equal(css.statusCode, 200, `the stylesheet ${stylesheet} is served`)
  t.match(css.headers['cache-control'], /immutable/, 'and kept by the browser: its address changes with its content')
  const script = /<script src="([^"]+)" defer><\/script>/.exec(home.body)?.[1] ?? ''
  t.match(script, /^\/assets\/htmx\.min\.js\?v=/, 'the one script is served by the hub itself')
  t.equal((await hub.app.inject({ method: 'GET', url: script })).statusCode, 200)
  for (const other of ['/assets/htmx.js', '/assets/ext/ajax-header.js', '/assets/../package.json'])
    t.equal((await hub.app.inject({ method: 'GET', url: other })).statusCode, 404, `nothing else of its folder: ${other}`)
})

t.test("a page is in the visitor's language: their choice, else what the browser asks for", async (t) => {
  const hub = await buildTestHub(t)
  t.match((await siteVisitor(hub, { 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' }).get('/')).body, /<html lang="fr">/)
  t.match((await siteVisitor(hub, { 'accept-language': 'es' }).get('/')).body, /<html lang="es">/)
  t.match((await siteVisitor(hub, { 'accept-language': 'de', cookie: 'kindred_lang=es' }).get('/')).body, /<html lang="es">/)
  t.match((await siteVisitor(hub, { 'accept-language': 'de' }).get('/')).body, /<html lang="en">/)
})

t.test("a community's pages speak its main language to a reader who chose none; a member's choice follows them", async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop-es', { disease: { diseaseName: 'Fibrodisplasia osificante progresiva', languages: ['es', 'en'] } })
  const french = { 'accept-language': 'fr' }
  t.match((await siteVisitor(hub, french).get('/c/fop-es')).body, /<html lang="es">/, "the community's first language")
  t.match((await siteVisitor(hub, french).get('/')).body, /<html lang="fr">/, 'elsewhere, the browser’s')
  t.match((await siteVisitor(hub, { ...french, cookie: 'kindred_lang=en' }).get('/c/fop-es')).body, /<html lang="en">/, 'a choice first')

  const ada = await siteSignUp(hub, 'ada')
  const chosen = await ada.post('/language', { _csrf: csrfOf(await ada.get('/')), lang: 'fr', return: '/c/fop-es' })
  t.equal(chosen.statusCode, 303)
  t.match((await ada.get('/c/fop-es')).body, /<html lang="fr">/)
  const phone = siteVisitor(hub, { 'accept-language': 'es' })
  await phone.submit('/sign-in', { email: 'ada@example.org', password: 'a long enough password' })
  t.notOk(phone.jar.has('kindred_lang'), 'a browser that never chose')
  t.match((await phone.get('/c/fop-es')).body, /<html lang="fr">/, 'the choice is kept with the account: it follows her')
  const { language } = await hub.database.db
    .selectFrom('hub.accounts')
    .select('language')
    .where('email', '=', 'ada@example.org')
    .executeTakeFirstOrThrow()
  t.equal(language, 'fr')
})

t.test('a browser asking for a page that does not exist gets a page; an API client still gets JSON', async (t) => {
  const hub = await buildTestHub(t)
  const page = await siteVisitor(hub, { 'accept-language': 'fr' }).get('/nowhere')
  t.equal(page.statusCode, 404)
  t.match(page.headers['content-type'], /^text\/html/)
  t.match(page.body, /<h1>Page introuvable<\/h1>|<h1>[^<]+<\/h1>/)
  t.match(page.body, /lang="fr"/)
  const api = await hub.app.inject({ method: 'GET', url: '/nowhere' })
  t.match(api.json(), { code: 'KINDRED_ROUTE_NOT_FOUND' })
})

t.test('creating an account signs nobody in; signing in sets an httpOnly cookie; signing out ends that session', async (t) => {
  const hub = await buildTestHub(t)
  const ada = siteVisitor(hub)
  const form = await ada.get('/sign-up')
  t.equal(form.statusCode, 200)

  const refused = await ada.post('/sign-up', { _csrf: csrfOf(form), displayName: ' ', email: 'ada', password: 'short' })
  t.equal(refused.statusCode, 400, 'every problem at once, nothing created')
  t.match(refused.body, /class="error-summary"/)
  for (const field of ['displayName', 'email', 'password']) t.match(refused.body, new RegExp(`<a href="#${field}">`), field)
  t.match(refused.body, /value="ada"/, 'what was typed is kept, except the password')
  t.notMatch(refused.body, /value="short"/)

  const created = await ada.post('/sign-up', {
    _csrf: csrfOf(refused),
    displayName: 'Ada',
    email: 'ada@example.org',
    password: 'a long enough password',
  })
  t.equal(created.statusCode, 303, 'Post/Redirect/Get')
  t.equal(created.headers.location, '/sign-up/check-inbox')
  t.notOk(ada.jar.has('kindred_session'), 'not signed in: that would tell a new address from a taken one')
  t.match((await ada.get('/sign-up/check-inbox')).body, /<h1>Check your inbox<\/h1>/)

  const signedIn = await ada.submit('/sign-in', { email: 'ada@example.org', password: 'a long enough password' })
  t.equal(signedIn.statusCode, 303, 'signing in works before the address is confirmed')
  const session = signedIn.cookies.find((cookie) => cookie.name === 'kindred_session')
  t.match(session, { httpOnly: true, sameSite: 'Lax', path: '/' })
  t.match((await ada.get('/')).body, /<span class="signed-in-as">Ada<\/span>/)

  const home = await ada.get('/')
  const out = await ada.post('/sign-out', { _csrf: csrfOf(home) })
  t.equal(out.statusCode, 303)
  t.notOk(ada.jar.has('kindred_session'))
  const replayed = await hub.app.inject({
    method: 'GET',
    url: '/',
    headers: { accept: 'text/html', cookie: `kindred_session=${session?.value ?? ''}` },
  })
  t.notMatch(replayed.body, /signed-in-as/, 'the old cookie names no session any more')
})

t.test('signing in: a wrong password is a form error; a right one signs in; a form without its token is refused', async (t) => {
  const hub = await buildTestHub(t)
  await signUp(hub, 'bo')
  const bo = siteVisitor(hub)
  const form = await bo.get('/sign-in')
  const wrong = await bo.post('/sign-in', { _csrf: csrfOf(form), email: 'bo@example.org', password: 'not the password at all' })
  t.equal(wrong.statusCode, 401)
  t.match(wrong.body, /class="error-summary"/)
  const right = await bo.post('/sign-in', { _csrf: csrfOf(wrong), email: 'BO@example.org', password: 'a long enough password' })
  t.equal(right.statusCode, 303)
  t.match((await bo.get('/')).body, /<span class="signed-in-as">bo<\/span>/)
  const forged = await bo.post('/sign-in', { _csrf: 'forged', email: 'bo@example.org', password: 'whatever it is' })
  t.equal(forged.statusCode, 403, 'a forged CSRF token')
  const noToken = await siteVisitor(hub).post('/sign-in', { _csrf: '', email: 'bo@example.org', password: 'whatever it is' })
  t.equal(noToken.statusCode, 403, 'no CSRF cookie at all')
})

t.test("changing the password through the API ends the browser's session too, as it ends every token", async (t) => {
  const hub = await buildTestHub(t)
  const cy = await signUp(hub, 'cy')
  const browserOfCy = siteVisitor(hub)
  const form = await browserOfCy.get('/sign-in')
  await browserOfCy.post('/sign-in', { _csrf: csrfOf(form), email: 'cy@example.org', password: 'a long enough password' })
  t.match((await browserOfCy.get('/')).body, /signed-in-as/)
  // Sessions end by whole seconds (tokens carry whole seconds): the change must fall in a later second.
  await new Promise((resolve) => setTimeout(resolve, 1100))
  const changed = await hub.app.inject({
    method: 'POST',
    url: '/v1/me/password',
    headers: { authorization: `Bearer ${cy.accessToken}` },
    payload: { currentPassword: 'a long enough password', newPassword: 'another long enough password' },
  })
  t.equal(changed.statusCode, 200)
  t.notMatch((await browserOfCy.get('/')).body, /signed-in-as/, 'the page shows nobody signed in')
})

t.test('a visitor chooses the interface language, which outlasts the browser asking for another', async (t) => {
  const hub = await buildTestHub(t)
  const visitor = siteVisitor(hub, { 'accept-language': 'en' })
  const home = await visitor.get('/sign-in')
  t.match(home.body, /<option value="fr" lang="fr">Français<\/option>/, 'each language named in itself')
  const chosen = await visitor.post('/language', { _csrf: csrfOf(home), lang: 'fr', return: '/sign-in' })
  t.equal(chosen.statusCode, 303)
  t.equal(chosen.headers.location, '/sign-in', 'back to the page it was chosen on')
  t.match((await visitor.get('/')).body, /<html lang="fr">/)
  const elsewhere = await visitor.post('/language', { _csrf: csrfOf(home), lang: 'es', return: '//evil.example/' })
  t.equal(elsewhere.statusCode, 400, 'never sent back to another origin')
  const unknown = await visitor.post('/language', { _csrf: csrfOf(home), lang: 'de', return: '/' })
  t.equal(unknown.statusCode, 400, 'a language the site does not have')
})

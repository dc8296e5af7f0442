import t from 'tap'
import { listDisclosures, maxDisclosures, replaceDisclosures } from '@kindred/identity'
import {
  buildTestHub,
  csrfOf,
  provisionTestCommunity,
  queuedJobs,
  signUp,
  siteSignUp,
  siteVisitor,
  type SiteVisitor,
  type TestHub,
} from '@kindred/testkit'

const password = 'a long enough password'

/** `name`, registered through the API (whose tokens the test may use), signed in to the site in a browser of its own. */
async function signedIn(hub: TestHub, name: string) {
  const api = await signUp(hub, name)
  const browser = siteVisitor(hub, {}, `203.0.113.${name.length}`)
  const reply = await browser.submit('/sign-in', { email: `${name}@example.org`, password })
  if (reply.statusCode !== 303) throw new Error(`signing ${name} in answered ${reply.statusCode}`)
  return { api, browser }
}

const isSignedIn = async (browser: SiteVisitor): Promise<boolean> => /class="signed-in-as"/.test((await browser.get('/')).body)

const accountOf = (hub: TestHub, email: string) =>
  hub.database.db.selectFrom('hub.accounts').select(['id', 'erasure_requested_at']).where('email', '=', email).executeTakeFirstOrThrow()

t.test('a visitor who is not signed in is sent to sign in, and back to the page they asked for', async (t) => {
  const hub = await buildTestHub(t)
  const visitor = siteVisitor(hub)
  for (const path of ['/account', '/account/password', '/account/disclosures', '/account/data', '/account/erase']) {
    const reply = await visitor.get(path)
    t.equal(reply.statusCode, 303, path)
    t.equal(reply.headers.location, `/sign-in?next=${encodeURIComponent(path)}`, `${path}: back there once signed in`)
  }
  const form = await visitor.get('/sign-in')
  const posted = await visitor.post('/account/password', { _csrf: csrfOf(form), currentPassword: password, newPassword: 'x'.repeat(20) })
  t.equal(posted.statusCode, 303, 'a form sent without a session is not acted on')
  t.equal(posted.headers.location, '/sign-in?next=%2Faccount%2Fpassword', 'and brings the visitor back to the form')
  const download = await visitor.post('/account/data/download', { _csrf: csrfOf(form) })
  t.equal(download.headers.location, '/sign-in?next=%2Faccount%2Fdata', 'the download button is on /account/data')
  const erased = await visitor.get('/account/erased')
  t.equal(erased.statusCode, 200, 'the page after erasure is for a visitor whose session has just ended')
})

t.test("the overview shows the account's name, email, pages and communities, and offers the interface language", async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  const { api, browser } = await signedIn(hub, 'ada')
  const joined = await hub.app.inject({
    method: 'POST',
    url: '/v1/communities/fop/join',
    headers: { authorization: `Bearer ${api.accessToken}` },
    payload: { pseudonym: 'Bone Builder', acceptCharterVersion: 1 },
  })
  t.equal(joined.statusCode, 201)

  const overview = await browser.get('/account')
  t.equal(overview.statusCode, 200)
  t.equal(overview.headers['cache-control'], 'no-store')
  t.match(overview.body, /<h1>Your account<\/h1>/)
  t.match(overview.body, /<dd>ada<\/dd>/)
  t.match(overview.body, /<dd>ada@example\.org<\/dd>/)
  for (const page of ['password', 'disclosures', 'data', 'erase']) t.match(overview.body, new RegExp(`<a href="/account/${page}">`), page)
  t.match(overview.body, /You are a member of 1 community\./)
  t.match(overview.body, /<li><a href="\/c\/fop">/)

  t.match(overview.body, /<input type="radio" id="language-fr" name="lang" value="fr"\/>/)
  t.match(overview.body, /<input type="radio" id="language-en" name="lang" value="en" checked\/>/, 'the language of the page is chosen')
  const chosen = await browser.post('/language', { _csrf: csrfOf(overview), lang: 'fr', return: '/account' })
  t.equal(chosen.statusCode, 303)
  t.equal(chosen.headers.location, '/account')
  const french = await browser.get('/account')
  t.match(french.body, /<html lang="fr">/)
  t.match(french.body, /<h1>Votre compte<\/h1>/)
  t.match(french.body, /Vous êtes membre de 1 communauté\./)

  const { browser: loner } = await signedIn(hub, 'bo')
  t.match((await loner.get('/account')).body, /You have not joined a community yet\./)
})

t.test('changing the password: errors are kept on the form; once changed, this browser stays signed in and no other does', async (t) => {
  const hub = await buildTestHub(t)
  const here = await siteSignUp(hub, 'cy')
  const elsewhere = siteVisitor(hub, {}, '203.0.113.99')
  await elsewhere.submit('/sign-in', { email: 'cy@example.org', password })
  t.ok(await isSignedIn(elsewhere), 'signed in on another device too')

  const form = await here.get('/account/password')
  t.equal(form.statusCode, 200)
  t.match(form.body, /autocomplete="current-password"/)
  t.match(form.body, /At least 10 characters/)

  const forged = await here.post('/account/password', {
    _csrf: 'forged',
    currentPassword: password,
    newPassword: 'another long enough password',
  })
  t.equal(forged.statusCode, 403, 'a form without its token is refused')

  const empty = await here.submit('/account/password', { currentPassword: '', newPassword: '' })
  t.equal(empty.statusCode, 400)
  t.match(empty.body, /<a href="#currentPassword">Enter your current password<\/a>/)
  t.match(empty.body, /<a href="#newPassword">Enter a new password<\/a>/)

  const wrong = await here.submit('/account/password', {
    currentPassword: 'not the password at all',
    newPassword: 'another long enough password',
  })
  t.equal(wrong.statusCode, 401)
  t.match(wrong.body, /<a href="#currentPassword">Your current password is not right<\/a>/)
  t.notMatch(wrong.body, /value="not the password at all"|value="another long enough password"/, 'passwords are never sent back')

  const short = await here.submit('/account/password', { currentPassword: password, newPassword: 'short' })
  t.equal(short.statusCode, 400)
  t.match(short.body, /<a href="#newPassword">Your new password must be at least 10 characters<\/a>/)
  t.ok(await isSignedIn(elsewhere), 'nothing changed while the form was refused')

  const oldCookie = here.jar.get('kindred_session') ?? ''
  const changed = await here.submit('/account/password', { currentPassword: password, newPassword: 'another long enough password' })
  t.equal(changed.statusCode, 303)
  t.equal(changed.headers.location, '/account?done=password')
  t.not(here.jar.get('kindred_session'), oldCookie, 'this browser has a session begun after the change')
  const confirmed = await here.get('/account?done=password')
  t.equal(confirmed.statusCode, 200, 'and stays signed in')
  t.match(confirmed.body, /role="status">Your password has been changed\./)
  t.notOk(await isSignedIn(elsewhere), 'every other session has ended')
  const replayed = await hub.app.inject({
    method: 'GET',
    url: '/account',
    headers: { accept: 'text/html', cookie: `kindred_session=${oldCookie}` },
  })
  t.equal(replayed.statusCode, 303, "this browser's old session cookie names nothing any more")

  const again = siteVisitor(hub, {}, '203.0.113.98')
  t.equal((await again.submit('/sign-in', { email: 'cy@example.org', password })).statusCode, 401, 'the old password is refused')
  t.equal((await again.submit('/sign-in', { email: 'cy@example.org', password: 'another long enough password' })).statusCode, 303)
  t.notOk(hub.logs.text().includes('another long enough password'), 'no password in the logs')
})

t.test('disclosures: added and removed without script, refused entries keep what was typed, the list is the API one', async (t) => {
  const hub = await buildTestHub(t)
  const browser = await siteSignUp(hub, 'dee')
  const { id: accountId } = await accountOf(hub, 'dee@example.org')

  const empty = await browser.get('/account/disclosures')
  t.equal(empty.statusCode, 200)
  t.match(empty.body, /You have not declared any relationship\./)
  t.match(empty.body, /<option value="advisory_board">Advisory board<\/option>/)

  const refused = await browser.submit('/account/disclosures', { action: 'add', organisation: '  ', nature: '', since: '2024-02-30' })
  t.equal(refused.statusCode, 400)
  t.match(refused.body, /<a href="#organisation">Enter the name of the organisation<\/a>/)
  t.match(refused.body, /<a href="#nature">Choose the kind of relationship<\/a>/)
  t.match(refused.body, /<a href="#since">Enter a real date, like 2024-03-01, or leave it empty<\/a>/)
  t.match(refused.body, /<input id="since" name="since" type="date" value="2024-02-30"/, 'what was typed is kept')
  const tooLong = await browser.submit('/account/disclosures', {
    action: 'add',
    organisation: 'x'.repeat(201),
    nature: 'shares',
    since: '',
  })
  t.equal(tooLong.statusCode, 400)
  t.match(tooLong.body, /<option value="shares" selected>Shares<\/option>/, 'the chosen kind is kept')
  t.match(tooLong.body, /must be 200 characters or fewer/)
  t.strictSame(await listDisclosures(hub.database.db, accountId), [], 'nothing was declared')

  const forged = await browser.post('/account/disclosures', {
    _csrf: 'forged',
    action: 'add',
    organisation: 'Acme',
    nature: 'shares',
    since: '',
  })
  t.equal(forged.statusCode, 403)

  const added = await browser.submit('/account/disclosures', {
    action: 'add',
    organisation: ' Acme Pharma ',
    nature: 'consulting',
    since: '2024-03-01',
  })
  t.equal(added.statusCode, 303)
  t.equal(added.headers.location, '/account/disclosures?done=added')
  await browser.submit('/account/disclosures', { action: 'add', organisation: 'Orphan Devices Ltd', nature: 'employment', since: '' })
  t.strictSame(await listDisclosures(hub.database.db, accountId), [
    { organisation: 'Acme Pharma', nature: 'consulting', since: '2024-03-01' },
    { organisation: 'Orphan Devices Ltd', nature: 'employment', since: null },
  ])
  const listed = await browser.get('/account/disclosures?done=added')
  t.match(listed.body, /role="status">The relationship has been added\./)
  t.match(listed.body, /<th scope="row">Acme Pharma<\/th><td>Consulting<\/td><td>March 1, 2024<\/td>/)
  t.match(listed.body, /<th scope="row">Orphan Devices Ltd<\/th><td>Employment<\/td><td>Not given<\/td>/)
  t.match(listed.body, /aria-label="Remove Acme Pharma"/)
  t.match(listed.body, /2 relationships declared \(at most 20\)/)

  const removal = { action: 'remove', organisation: 'Acme Pharma', nature: 'consulting', since: '2024-03-01' }
  const removed = await browser.submit('/account/disclosures', removal)
  t.equal(removed.statusCode, 303)
  t.equal(removed.headers.location, '/account/disclosures?done=removed')
  const remaining = [{ organisation: 'Orphan Devices Ltd', nature: 'employment', since: null }]
  t.strictSame(await listDisclosures(hub.database.db, accountId), remaining)
  const stale = await browser.submit('/account/disclosures', removal)
  t.equal(stale.statusCode, 303, 'removing what is already gone, from a page left open')
  t.strictSame(await listDisclosures(hub.database.db, accountId), remaining, 'removes nothing else')

  const full = Array.from({ length: maxDisclosures }, (_, index) => ({
    organisation: `Company ${index}`,
    nature: 'shares' as const,
    since: null,
  }))
  await replaceDisclosures(hub.database.db, accountId, full)
  const tooMany = await browser.submit('/account/disclosures', { action: 'add', organisation: 'One More', nature: 'other', since: '' })
  t.equal(tooMany.statusCode, 400)
  t.match(tooMany.body, /You can declare at most 20 relationships\./)
  t.equal((await listDisclosures(hub.database.db, accountId)).length, maxDisclosures)

  t.equal(
    (await browser.submit('/account/disclosures', { action: 'replace', organisation: 'x', nature: 'other', since: '' })).statusCode,
    400,
  )
})

t.test("the download is the account's export, as the API gives it, as an attachment", async (t) => {
  const hub = await buildTestHub(t)
  const { api, browser } = await signedIn(hub, 'eve')
  await browser.submit('/account/disclosures', { action: 'add', organisation: 'Acme Pharma', nature: 'shares', since: '' })
  const chosen = await browser.post('/language', { _csrf: csrfOf(await browser.get('/')), lang: 'es', return: '/account/data' })
  t.equal(chosen.statusCode, 303)

  const page = await browser.get('/account/data')
  t.equal(page.statusCode, 200)
  t.match(page.body, /<form method="post" action="\/account\/data\/download">/)
  t.equal((await browser.post('/account/data/download', { _csrf: 'forged' })).statusCode, 403)

  const download = await browser.post('/account/data/download', { _csrf: csrfOf(page) })
  t.equal(download.statusCode, 200)
  t.match(download.headers['content-type'], /^application\/json; charset=utf-8/)
  t.equal(download.headers['content-disposition'], 'attachment; filename="kindred-export.json"')
  t.equal(download.headers['cache-control'], 'no-store')
  const fromSite = download.json<Record<string, unknown>>()
  t.match(fromSite, {
    account: { email: 'eve@example.org', displayName: 'eve' },
    language: 'es',
    disclosures: [{ organisation: 'Acme Pharma' }],
  })
  const fromApi = (await hub.app.inject({ url: '/v1/me/export', headers: { authorization: `Bearer ${api.accessToken}` } })).json<
    Record<string, unknown>
  >()
  t.strictSame({ ...fromSite, exportedAt: null }, { ...fromApi, exportedAt: null }, 'the same document as GET /v1/me/export')
})

t.test('erasing: explained first, refused without the password or the confirmation, then requested and signed out', async (t) => {
  const hub = await buildTestHub(t)
  const browser = await siteSignUp(hub, 'fay')
  const page = await browser.get('/account/erase')
  t.equal(page.statusCode, 200)
  t.match(page.body, /cannot be undone/)
  t.match(page.body, /<a href="\/account\/data">/, 'with a way to download the data first')

  t.equal((await browser.post('/account/erase', { _csrf: 'forged', password, confirm: 'yes' })).statusCode, 403)
  const nothing = await browser.submit('/account/erase', { password: '' })
  t.equal(nothing.statusCode, 400)
  t.match(nothing.body, /<a href="#password">Enter your password<\/a>/)
  t.match(nothing.body, /<a href="#confirm">Tick the box to confirm that you want your account erased<\/a>/)
  const wrong = await browser.submit('/account/erase', { password: 'not the password at all', confirm: 'yes' })
  t.equal(wrong.statusCode, 401)
  t.match(wrong.body, /<a href="#password">Your password is not right<\/a>/)
  t.match(wrong.body, /id="confirm" name="confirm" type="checkbox" value="yes" checked/, 'the ticked box stays ticked')
  t.equal((await accountOf(hub, 'fay@example.org')).erasure_requested_at, null, 'nothing requested yet')
  t.ok(await isSignedIn(browser))

  const erased = await browser.submit('/account/erase', { password, confirm: 'yes' })
  t.equal(erased.statusCode, 303)
  t.equal(erased.headers.location, '/account/erased')
  t.notOk(browser.jar.has('kindred_session'), 'the session cookie is cleared')
  t.ok((await accountOf(hub, 'fay@example.org')).erasure_requested_at, 'the account asked to be erased')
  t.equal((await queuedJobs(hub.database.pool)).filter((job) => job.task === 'account__erase').length, 1, 'and the erasure job is queued')
  const landing = await browser.get('/account/erased')
  t.match(landing.body, /<h1>Your account is being erased<\/h1>/)
  t.notMatch(landing.body, /signed-in-as/)
  t.equal((await browser.get('/account')).statusCode, 303, 'signed out')
  t.equal((await siteVisitor(hub, {}, '203.0.113.97').submit('/sign-in', { email: 'fay@example.org', password })).statusCode, 401)
})

import { brotliDecompressSync } from 'node:zlib'
import t from 'tap'
import { sessionLifetimeSeconds, startWebSession } from '@kindred/identity'
import {
  buildTestHub,
  provisionTestCommunity,
  setMember,
  siteSignUp,
  siteVisitor,
  tenantOf,
  csrfOf,
  locationOf,
  siteMember,
  startThreadOnSite,
} from '@kindred/testkit'

t.test('a visitor signs in to join and comes back to the join page; the charter is read and accepted with a pseudonym', async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  const stranger = siteVisitor(hub)
  const landing = await stranger.get('/c/fop')
  t.match(landing.body, /href="\/sign-in\?next=%2Fc%2Ffop%2Fjoin"/, 'signed out: sign in to join')
  const away = await stranger.get('/c/fop/join')
  t.equal(away.statusCode, 303)
  t.equal(locationOf(away), '/sign-in?next=%2Fc%2Ffop%2Fjoin')

  const ada = await siteSignUp(hub, 'ada')
  t.match((await ada.get('/c/fop')).body, /<a class="button" href="\/c\/fop\/join">Join this community<\/a>/)
  const form = await ada.get('/c/fop/join')
  t.equal(form.statusCode, 200)
  t.match(form.body, /<h2 id="charter-title">The charter<\/h2>/)
  t.match(form.body, /name="charterVersion" value="1"/)

  const refused = await ada.post('/c/fop/join', { _csrf: csrfOf(form), pseudonym: 'x', charterVersion: '1' })
  t.equal(refused.statusCode, 400, 'every problem at once')
  t.match(refused.body, /href="#pseudonym">The name must be at least 2 characters/)
  t.match(refused.body, /href="#accept">Tick the box to accept the charter/)
  t.match(refused.body, /id="pseudonym" name="pseudonym" type="text" value="x"/, 'what was typed is kept')
  t.equal((await ada.get('/c/fop')).body.includes('You take part here'), false, 'and nothing changed')
  const badCharacters = await ada.post('/c/fop/join', {
    _csrf: csrfOf(form),
    pseudonym: 'ada@example.org',
    accept: 'yes',
    charterVersion: '1',
  })
  t.match(badCharacters.body, /Use only letters, numbers/)

  const done = await ada.post('/c/fop/join', { _csrf: csrfOf(form), pseudonym: '  Bone   Builder ', accept: 'yes', charterVersion: '1' })
  t.equal(done.statusCode, 303)
  t.equal(locationOf(done), '/c/fop')
  const forum = await ada.get('/c/fop')
  t.match(forum.body, /You take part here as Bone Builder\./)
  t.match(forum.body, /<details class="switcher">[\s\S]*<a href="\/c\/fop" aria-current="page">/, 'the switcher lists it at once')
  t.equal(locationOf(await ada.get('/c/fop/join')), '/c/fop', 'a member has nothing left to join')

  const bea = await siteSignUp(hub, 'bea')
  const taken = await bea.submit('/c/fop/join', { pseudonym: 'bone builder', accept: 'yes', charterVersion: '1' })
  t.equal(taken.statusCode, 409)
  t.match(taken.body, /Another member already uses this name: choose another, for example “bone builder 2”/)
  t.match(taken.body, /name="accept" type="checkbox" value="yes" checked/, 'the box stays ticked')
})

t.test('where a moderator approves new members, the page says the request waits; member pages stay shut until then', async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop', { joinApproval: true })
  const ada = await siteMember(hub, 'ada')
  const landing = await ada.get('/c/fop')
  t.match(landing.body, /Your request to join is waiting for a moderator/)
  t.notMatch(landing.body, /Join this community/)
  t.equal(locationOf(await ada.get('/c/fop/new')), '/c/fop')
  t.equal(locationOf(await ada.get('/c/fop/join')), '/c/fop')
})

t.test('a founding member chooses a pseudonym and accepts the charter on their first visit', async (t) => {
  const hub = await buildTestHub(t)
  const proposal = await provisionTestCommunity(hub, 'fop')
  const session = await startWebSession(hub.database.db, proposal.founderId, sessionLifetimeSeconds)
  if (session === undefined) throw new Error('no session for the founder')
  const founder = siteVisitor(hub)
  founder.jar.set('kindred_session', session.token)
  const landing = await founder.get('/c/fop')
  t.match(landing.body, /one of the people who helped start this community/)
  t.match(landing.body, /href="\/c\/fop\/join">Choose your name and accept the charter/)
  const form = await founder.get('/c/fop/join')
  t.match(form.body, /Take your place in/)
  const done = await founder.post('/c/fop/join', { _csrf: csrfOf(form), pseudonym: 'Founder', accept: 'yes', charterVersion: '1' })
  t.equal(done.statusCode, 303)
  t.match((await founder.get('/c/fop')).body, /You take part here as Founder\./)
})

t.test('members start threads, preview, reply and say "me too"; bad input re-renders the form and changes nothing', async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  const ada = await siteMember(hub, 'ada')
  const bea = await siteMember(hub, 'bea')

  const form = await ada.get('/c/fop/new')
  t.equal(form.statusCode, 200)
  const category = /<option value="(\d+)"/.exec(form.body)?.[1] ?? ''
  const refused = await ada.post('/c/fop/new', { _csrf: csrfOf(form), category: '999', title: '  ', body: 'Kept *text*', intent: 'post' })
  t.equal(refused.statusCode, 400)
  t.match(refused.body, /href="#category">Choose a category/)
  t.match(refused.body, /href="#title">Enter a title for your thread/)
  t.match(refused.body, />\nKept \*text\*<\/textarea>|>Kept \*text\*<\/textarea>/, 'the message is kept')
  const preview = await ada.post('/c/fop/new', {
    _csrf: csrfOf(form),
    category,
    title: 'Hips',
    body: 'Is *this* normal? <script>x()</script>',
    intent: 'preview',
  })
  t.equal(preview.statusCode, 200)
  t.match(
    preview.body,
    /<div class="post-body"><p>Is <em>this<\/em> normal\? &lt;script&gt;x\(\)&lt;\/script&gt;<\/p>/,
    'rendered as it will be, raw HTML escaped',
  )
  t.match((await ada.get('/c/fop')).body, /There are no threads here yet/, 'a preview posts nothing')

  const threadId = await startThreadOnSite(ada, 'Hips <b>hurt</b>', 'Is *this* normal?')
  const list = await bea.get('/c/fop')
  t.match(list.body, new RegExp(`<a href="/c/fop/t/${threadId}">Hips &lt;b>hurt&lt;/b></a>`), 'titles are escaped')
  t.match(list.body, /Started by ada here/)

  const thread = await bea.get(`/c/fop/t/${threadId}`)
  t.equal(thread.statusCode, 200)
  t.match(thread.body, /<h1>Hips &lt;b>hurt&lt;\/b><\/h1>/)
  t.match(thread.body, /<p>Is <em>this<\/em> normal\?<\/p>/)
  const postId = /id="post-(\d+)"/.exec(thread.body)?.[1] ?? ''
  const meToo = await bea.post(`/c/fop/p/${postId}/me-too`, { _csrf: csrfOf(thread), add: 'yes' })
  t.equal(meToo.statusCode, 303)
  t.equal(locationOf(meToo), `/c/fop/t/${threadId}#post-${postId}`)
  const after = await bea.get(`/c/fop/t/${threadId}`)
  t.match(after.body, /aria-pressed="true">\s*Me too <span class="count">\(1 person\)<\/span>/)
  t.match((await ada.get(`/c/fop/t/${threadId}`)).body, /aria-pressed="false">\s*Me too <span class="count">\(1 person\)<\/span>/)

  const blank = await bea.post(`/c/fop/t/${threadId}`, { _csrf: csrfOf(after), body: ' \n ', intent: 'post' })
  t.equal(blank.statusCode, 400)
  t.match(blank.body, /href="#body">Write your message/)
  const replyPreview = await bea.post(`/c/fop/t/${threadId}`, { _csrf: csrfOf(after), body: 'Yes, **same** here', intent: 'preview' })
  t.match(replyPreview.body, /<strong>same<\/strong>/)
  const replied = await bea.post(`/c/fop/t/${threadId}`, { _csrf: csrfOf(after), body: 'Yes, **same** here', intent: 'post' })
  t.equal(replied.statusCode, 303)
  t.match(locationOf(replied), new RegExp(`^/c/fop/t/${threadId}#post-\\d+$`))
  const withReply = await ada.get(`/c/fop/t/${threadId}`)
  t.match(withReply.body, /1 reply/)
  t.match(withReply.body, /bea here[\s\S]*<strong>same<\/strong>/)

  const forged = await bea.post(`/c/fop/t/${threadId}`, { _csrf: 'forged', body: 'Sneaky', intent: 'post' })
  t.equal(forged.statusCode, 403, 'a form without its CSRF token is refused')
  t.notMatch((await ada.get(`/c/fop/t/${threadId}`)).body, /Sneaky/)
})

t.test("a post's pseudonym links to its author's profile wherever the reader may open it", async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  const ada = await siteMember(hub, 'ada')
  const bea = await siteMember(hub, 'bea')
  const threadId = await startThreadOnSite(ada, 'Stairs', 'How do you manage stairs?')
  const thread = await bea.get(`/c/fop/t/${threadId}`)
  t.equal((await bea.post(`/c/fop/t/${threadId}`, { _csrf: csrfOf(thread), body: 'One at a time', intent: 'post' })).statusCode, 303)
  const tenant = await tenantOf(hub, 'fop')
  const memberIds = new Map(
    (await tenant.query.selectFrom('members').select(['pseudonym', 'member_id']).execute()).map((row) => [row.pseudonym, row.member_id]),
  )
  const adaProfile = `/c/fop/members/${memberIds.get('ada here') ?? ''}`
  const beaProfile = `/c/fop/members/${memberIds.get('bea here') ?? ''}`
  const linked = (href: string, pseudonym: string) =>
    new RegExp(`<h2 class="post-by" id="post-\\d+-by"><span class="author"><a href="${href}">${pseudonym}</a></span>`)

  const read = (await bea.get(`/c/fop/t/${threadId}`)).body
  t.match(read, linked(adaProfile, 'ada here'), "the opening post's author, named by the link")
  t.match(read, linked(beaProfile, 'bea here'), "the reader's own")
  const profile = await bea.get(adaProfile)
  t.equal(profile.statusCode, 200, 'the link leads to the profile')
  t.match(profile.body, /ada here/)

  await tenant.query
    .updateTable('members')
    .set({ profile_visibility: 'moderators' })
    .where('member_id', '=', memberIds.get('bea here') ?? '')
    .execute()
  const shut = (await ada.get(`/c/fop/t/${threadId}`)).body
  t.match(shut, /<span class="author">bea here<\/span>/, 'a profile shown to moderators only is not linked for a member')
  t.notMatch(shut, beaProfile)
  t.equal((await ada.get(beaProfile)).statusCode, 404, 'where it would not open')
  t.match((await bea.get(`/c/fop/t/${threadId}`)).body, linked(beaProfile, 'bea here'), 'its owner still opens it')
})

t.test('a new charter version: members read on, and are asked to accept it before they post', async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  const ada = await siteMember(hub, 'ada')
  const tenant = await tenantOf(hub, 'fop')
  await tenant.query.insertInto('charter').values({ version: 2, text: 'Be **kind**, version two', published_at: new Date() }).execute()

  t.match((await ada.get('/c/fop')).body, /The charter has changed/)
  const form = await ada.get('/c/fop/new')
  const category = /<option value="(\d+)"/.exec(form.body)?.[1] ?? ''
  const refused = await ada.post('/c/fop/new', { _csrf: csrfOf(form), category, title: 'Hello', body: 'First', intent: 'post' })
  t.equal(refused.statusCode, 303)
  t.equal(locationOf(refused), '/c/fop/charter', 'to the charter first')
  const charter = await ada.get('/c/fop/charter')
  t.match(charter.body, /Be <strong>kind<\/strong>, version two/)
  const accepted = await ada.post('/c/fop/charter', { _csrf: csrfOf(charter), version: '2' })
  t.equal(accepted.statusCode, 303)
  t.match((await ada.get('/c/fop/charter')).body, /You have accepted version 2/)
  t.ok(await startThreadOnSite(ada, 'Hello', 'First'), 'and then posts')
})

t.test('member pages of a community are for its members only: others are sent to its public page', async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  await provisionTestCommunity(hub, 'alstrom')
  const ada = await siteMember(hub, 'ada', 'fop')
  const bea = await siteMember(hub, 'bea', 'alstrom')
  const threadId = await startThreadOnSite(bea, 'Only for alstrom', 'Private words', 'alstrom')
  const peek = await ada.get(`/c/alstrom/t/${threadId}`)
  t.equal(peek.statusCode, 303)
  t.equal(locationOf(peek), '/c/alstrom')
  const wrongCommunity = await ada.get(`/c/fop/t/${threadId}`)
  t.equal(wrongCommunity.statusCode, 404, "another community's thread id is no thread here")
  t.notMatch(wrongCommunity.body, /Private words/)
  const signedOut = await siteVisitor(hub).get(`/c/alstrom/t/${threadId}`)
  t.equal(locationOf(signedOut), `/sign-in?next=${encodeURIComponent(`/c/alstrom/t/${threadId}`)}`)

  const banned = await tenantOf(hub, 'fop')
  const adaMember = await banned.query
    .selectFrom('members')
    .select('member_id')
    .where('pseudonym', '=', 'ada here')
    .executeTakeFirstOrThrow()
  await setMember(hub, 'fop', adaMember.member_id, { banned: true })
  t.equal(locationOf(await ada.get('/c/fop/new')), '/c/fop')
  t.match((await ada.get('/c/fop')).body, /You are banned from this community/)
})

t.test('pages and the stylesheet are compressed for browsers that accept it; the API answers as it did', async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  const ada = await siteMember(hub, 'ada')
  const threadId = await startThreadOnSite(ada, 'Long enough to compress', 'Words '.repeat(400))
  const cookie = [...ada.jar].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ')
  const page = await hub.app.inject({
    method: 'GET',
    url: `/c/fop/t/${threadId}`,
    headers: { accept: 'text/html', 'accept-encoding': 'br, gzip', cookie },
  })
  t.equal(page.statusCode, 200)
  t.equal(page.headers['content-encoding'], 'br')
  t.match(brotliDecompressSync(page.rawPayload).toString(), /<h1>Long enough to compress<\/h1>/)
  const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(brotliDecompressSync(page.rawPayload).toString())?.[1] ?? ''
  const css = await hub.app.inject({ method: 'GET', url: stylesheet, headers: { 'accept-encoding': 'gzip' } })
  t.equal(css.headers['content-encoding'], 'gzip')
  const api = await hub.app.inject({ method: 'GET', url: '/docs/json', headers: { 'accept-encoding': 'br, gzip' } })
  t.ok(api.rawPayload.length > 10_000, 'large enough that it would be compressed')
  t.equal(api.headers['content-encoding'], undefined)
})

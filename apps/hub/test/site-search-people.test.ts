import t from 'tap'
import {
  buildTestHub,
  csrfOf,
  locationOf,
  provisionTestCommunity,
  setMember,
  siteMember,
  startThreadOnSite,
  tenantOf,
  withoutLoadShedding,
  type SiteVisitor,
  type TestHub,
} from '@kindred/testkit'

async function memberId(hub: TestHub, pseudonym: string, slug = 'fop'): Promise<string> {
  const tenant = await tenantOf(hub, slug)
  const row = await tenant.query.selectFrom('members').select('member_id').where('pseudonym', '=', pseudonym).executeTakeFirstOrThrow()
  return row.member_id
}

// Starts a thread through the site; its id and its opening post's id.
async function startThread(visitor: SiteVisitor, title: string, body: string, slug = 'fop') {
  const threadId = await startThreadOnSite(visitor, title, body, slug)
  const postId = /id="post-(\d+)"/.exec((await visitor.get(`/c/${slug}/t/${threadId}`)).body)?.[1] ?? ''
  return { threadId, postId }
}

t.test('search ignores accents, marks the words found, escapes the post, and never finds hidden posts', async (t) => {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  const ada = await siteMember(hub, 'ada')
  const bea = await siteMember(hub, 'bea')
  const found = await startThread(ada, 'Diagnosis', 'We learnt it was Alström syndrome <img src=x onerror=alert(1)> & "more" last year.')
  const hidden = await startThread(ada, 'Private', 'Alström notes a moderator hid.')
  const tenant = await tenantOf(hub, 'fop')
  await tenant.query.updateTable('posts').set({ hidden_at: new Date() }).where('id', '=', hidden.postId).execute()

  const forum = await bea.get('/c/fop')
  t.match(forum.body, /<a href="\/c\/fop\/search">Search<\/a>/, 'the community links to its search')
  t.match(forum.body, /<a href="\/c\/fop\/members">Members<\/a>/, 'and to its members')
  const empty = await bea.get('/c/fop/search')
  t.equal(empty.statusCode, 200)
  t.match(empty.body, /<form method="get" action="\/c\/fop\/search" role="search"/)
  t.notMatch(empty.body, /Results for/, 'no results before a search')

  const page = await bea.get('/c/fop/search?q=alstrom')
  t.equal(page.statusCode, 200)
  t.match(page.body, /<h2 id="results-title">Results for “alstrom”<\/h2>/)
  t.match(page.body, new RegExp(`<a href="/c/fop/p/${found.postId}">Diagnosis</a>`), 'links to the post')
  t.match(page.body, /<mark>Alström<\/mark> syndrome/, 'the word found is marked as the post spells it')
  t.match(page.body, /&lt;img src=x onerror=alert\(1\)&gt; &amp; &quot;more&quot;/, "the post's markup is text")
  t.notMatch(page.body, /<img/, 'and never markup')
  t.match(page.body, /<span class="author">ada here<\/span>/)
  t.notMatch(page.body, /Private|a moderator hid/, 'a hidden post is not found')
  t.match(page.body, /id="q" name="q" type="search" autocomplete="off" value="alstrom"/, 'the words stay in the box')

  const none = await bea.get('/c/fop/search?q=zebra')
  t.equal(none.statusCode, 200)
  t.match(none.body, /No post matches “zebra”/)
  const blank = await bea.get('/c/fop/search?q=++')
  t.equal(blank.statusCode, 400)
  t.match(blank.body, /href="#q">Enter the words you are looking for/)
  const stopWords = await bea.get('/c/fop/search?q=the')
  t.equal(stopWords.statusCode, 400)
  t.match(stopWords.body, /href="#q">Add a more specific word/)
  t.equal((await bea.get(`/c/fop/search?q=${'a'.repeat(201)}`)).statusCode, 400, 'too long is explained')
})

t.test('search results come a page at a time', async (t) => {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  const ada = await siteMember(hub, 'ada')
  const { threadId } = await startThread(ada, 'Stiffness', 'Stiffness every morning.')
  const thread = await ada.get(`/c/fop/t/${threadId}`)
  for (let reply = 0; reply < 21; reply += 1) {
    const posted = await ada.post(`/c/fop/t/${threadId}`, { _csrf: csrfOf(thread), body: `Stiffness again, day ${reply}`, intent: 'post' })
    t.equal(posted.statusCode, 303)
  }
  const first = await ada.get('/c/fop/search?q=stiffness')
  t.equal(first.body.match(/<li class="result">/g)?.length, 20)
  const next = /<a href="([^"]+)" rel="next">More results<\/a>/.exec(first.body)?.[1] ?? ''
  t.match(next, /^\/c\/fop\/search\?q=stiffness&amp;cursor=/)
  const second = await ada.get(next.replaceAll('&amp;', '&'))
  t.equal(second.body.match(/<li class="result">/g)?.length, 2)
  t.notMatch(second.body, /rel="next"/)
})

t.test('a member edits their post with a preview and deletes it after confirming; nobody else can', async (t) => {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  const ada = await siteMember(hub, 'ada')
  const bea = await siteMember(hub, 'bea')
  const { threadId, postId } = await startThread(ada, 'Hips', 'Is *this* normal?')
  const anchor = `/c/fop/t/${threadId}#post-${postId}`

  const ownView = await ada.get(`/c/fop/t/${threadId}`)
  t.match(ownView.body, new RegExp(`<a href="/c/fop/p/${postId}/edit" aria-label="Edit your post of [^"]+">Edit</a>`))
  t.match(ownView.body, new RegExp(`<a href="/c/fop/p/${postId}/delete" aria-label="Delete your post of [^"]+">Delete</a>`))
  t.notMatch((await bea.get(`/c/fop/t/${threadId}`)).body, /\/edit"/, "no edit link on someone else's post")

  const form = await ada.get(`/c/fop/p/${postId}/edit`)
  t.equal(form.statusCode, 200)
  t.match(form.body, /Is \*this\* normal\?<\/textarea>/, 'the Markdown as written')
  const preview = await ada.post(`/c/fop/p/${postId}/edit`, { _csrf: csrfOf(form), body: 'Is **this** normal?', intent: 'preview' })
  t.equal(preview.statusCode, 200)
  t.match(preview.body, /<div class="post-body"><p>Is <strong>this<\/strong> normal\?<\/p>/)
  t.match((await ada.get(`/c/fop/t/${threadId}`)).body, /<em>this<\/em>/, 'a preview changes nothing')
  const blank = await ada.post(`/c/fop/p/${postId}/edit`, { _csrf: csrfOf(form), body: '  ', intent: 'post' })
  t.equal(blank.statusCode, 400)
  t.match(blank.body, /href="#body">Write your message/)

  t.equal((await bea.get(`/c/fop/p/${postId}/edit`)).statusCode, 403, "someone else's post is not theirs to edit")
  const forbidden = await bea.post(`/c/fop/p/${postId}/edit`, { _csrf: csrfOf(form), body: 'Taken over', intent: 'post' })
  t.equal(forbidden.statusCode, 403)
  t.equal((await bea.get(`/c/fop/p/${postId}/delete`)).statusCode, 403)
  t.equal((await bea.post(`/c/fop/p/${postId}/delete`, { _csrf: csrfOf(form) })).statusCode, 403)

  const saved = await ada.post(`/c/fop/p/${postId}/edit`, { _csrf: csrfOf(form), body: 'Is **this** normal?', intent: 'post' })
  t.equal(saved.statusCode, 303)
  t.equal(locationOf(saved), anchor, 'back to the post')
  const edited = await bea.get(`/c/fop/t/${threadId}`)
  t.match(edited.body, /<strong>this<\/strong>/)
  t.match(edited.body, / · edited<\/p>/, 'marked as edited')
  t.notMatch(edited.body, /Taken over/)

  const confirm = await ada.get(`/c/fop/p/${postId}/delete`)
  t.equal(confirm.statusCode, 200)
  t.match(confirm.body, /<h1>Delete your post\?<\/h1>/)
  t.match(confirm.body, /This cannot be undone/)
  t.match(confirm.body, /<strong>this<\/strong>/, 'shows what goes')
  t.match(confirm.body, new RegExp(`<a href="/c/fop/p/${postId}">No, keep it</a>`))
  t.match((await bea.get(`/c/fop/t/${threadId}`)).body, /<strong>this<\/strong>/, 'asking deletes nothing')
  const deleted = await ada.post(`/c/fop/p/${postId}/delete`, { _csrf: csrfOf(confirm) })
  t.equal(deleted.statusCode, 303)
  t.equal(locationOf(deleted), anchor)
  const after = await bea.get(`/c/fop/t/${threadId}`)
  t.match(after.body, /This post was deleted by its author/)
  t.notMatch(after.body, /<strong>this<\/strong>/)
  t.equal((await ada.get(`/c/fop/p/${postId}/edit`)).statusCode, 409, 'a deleted post cannot be edited')
  t.notMatch((await ada.get(`/c/fop/t/${threadId}`)).body, /\/edit"/, 'nor offered for it')
  t.equal((await ada.post(`/c/fop/p/${postId}/delete`, { _csrf: 'forged' })).statusCode, 403, 'a form without its token is refused')
})

t.test('the directory and profiles follow privacy choices and show disclosure marks; another community’s member is 404', async (t) => {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  await provisionTestCommunity(hub, 'alstrom')
  const ada = await siteMember(hub, 'ada')
  await siteMember(hub, 'bea')
  await siteMember(hub, 'cyd')
  await siteMember(hub, 'dot', 'alstrom')
  const [adaId, beaId, cydId, dotId] = await Promise.all([
    memberId(hub, 'ada here'),
    memberId(hub, 'bea here'),
    memberId(hub, 'cyd here'),
    memberId(hub, 'dot here', 'alstrom'),
  ])
  const tenant = await tenantOf(hub, 'fop')
  await tenant.query.updateTable('members').set({ listed_in_directory: false }).where('member_id', '=', beaId).execute()
  await tenant.query.updateTable('members').set({ profile_visibility: 'moderators' }).where('member_id', '=', cydId).execute()
  const adaAccount = await hub.database.db
    .selectFrom('hub.memberships')
    .select('account_id')
    .where('member_id', '=', adaId)
    .executeTakeFirstOrThrow()
  await hub.database.db
    .insertInto('hub.disclosures')
    .values({ account_id: adaAccount.account_id, position: 0, organisation: 'Acme <Pharma>', nature: 'consulting', since: '2021-05-01' })
    .execute()

  const viewer = await siteMember(hub, 'eve')
  const list = await viewer.get('/c/fop/members')
  t.equal(list.statusCode, 200)
  t.match(
    list.body,
    new RegExp(`<a href="/c/fop/members/${adaId}">ada here</a> <span class="badge">Declares 1 industry relationship</span>`),
  )
  t.notMatch(list.body, /bea here/, 'an unlisted member is not in the list')
  t.notMatch(list.body, /cyd here/, 'nor one who shows their profile to moderators only')
  t.match(list.body, /eve here/, 'the member sees themself')
  const found = await viewer.get('/c/fop/members?q=AD')
  t.match(found.body, /ada here/)
  t.notMatch(found.body, /eve here/, 'by the beginning of the name')
  t.match((await viewer.get('/c/fop/members?q=zz')).body, /No listed member has a name starting with “zz”/)
  t.equal((await viewer.get(`/c/fop/members?q=${'a'.repeat(40)}`)).statusCode, 400)

  const profile = await viewer.get(`/c/fop/members/${adaId}`)
  t.equal(profile.statusCode, 200)
  t.match(profile.body, /<h1>ada here<\/h1>/)
  t.match(profile.body, /<td>Acme &lt;Pharma><\/td>\s*<td>Consulting<\/td>/, 'each disclosure, escaped')
  t.match(profile.body, /<td>May 1, 2021<\/td>/, 'since when, as a date in the reader’s language')
  t.match(profile.body, new RegExp(`href="/c/fop/messages/new\\?to=${adaId}"`), 'a way to write to them')
  t.equal((await viewer.get(`/c/fop/members/${beaId}`)).statusCode, 200, 'an unlisted profile is still shown to members')
  t.equal((await viewer.get(`/c/fop/members/${cydId}`)).statusCode, 404, 'a profile for moderators is as no profile')
  const other = await viewer.get(`/c/fop/members/${dotId}`)
  t.equal(other.statusCode, 404, "another community's member is nobody here")
  t.notMatch(other.body, /dot here/)

  const own = await ada.get(`/c/fop/members/${adaId}`)
  t.match(own.body, /This is you\./)
  t.notMatch(own.body, /messages\/new/, 'no message to oneself')

  // An industry-linked member may not write to someone who has not opted in to contact from industry.
  await tenant.query.updateTable('members').set({ contact_industry: false }).where('member_id', '=', beaId).execute()
  t.notMatch((await ada.get(`/c/fop/members/${beaId}`)).body, /messages\/new/, 'the link only where the message would go')

  await setMember(hub, 'fop', adaId, { role: 'moderator' })
  const moderatorList = await ada.get('/c/fop/members')
  t.match(moderatorList.body, /bea here/)
  t.match(moderatorList.body, /cyd here/)
  t.match(moderatorList.body, /you see every member/)
})

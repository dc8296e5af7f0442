import t from 'tap'
import {
  buildTestHub,
  csrfOf,
  locationOf,
  provisionTestCommunity,
  siteMember,
  startThreadOnSite,
  tenantOf,
  type SiteVisitor as Visitor,
} from '@kindred/testkit'

async function replyTo(visitor: Visitor, threadId: string, body: string): Promise<string> {
  const page = await visitor.get(`/c/fop/t/${threadId}`)
  const reply = await visitor.post(`/c/fop/t/${threadId}`, { _csrf: csrfOf(page), body, intent: 'post' })
  const postId = /#post-(\d+)$/.exec(locationOf(reply))?.[1]
  if (reply.statusCode !== 303 || postId === undefined) throw new Error(`replying answered ${reply.statusCode}`)
  return postId
}

// The thread's item in the list, from its link to the end of its <li>.
const itemOf = (body: string, threadId: string): string => {
  const start = body.indexOf(`href="/c/fop/t/${threadId}"`)
  return start === -1 ? '' : body.slice(start, body.indexOf('</li>', start))
}
const switcherOf = (body: string): string => /<details class="switcher">[\s\S]*?<\/details>/.exec(body)?.[0] ?? ''

t.test('the thread list marks unread posts in words, with an excerpt; reading the thread clears the mark', async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  const ada = await siteMember(hub, 'ada')
  const threadId = await startThreadOnSite(ada, 'Mornings', '**Stiff** every morning: does [anyone](https://example.org) else?')
  const bob = await siteMember(hub, 'bob')

  const list = await bob.get('/c/fop')
  t.match(itemOf(list.body, threadId), /<span aria-hidden="true">1 new<\/span><span class="visually-hidden">1 unread post<\/span>/)
  t.match(itemOf(list.body, threadId), /<p class="excerpt">Stiff every morning: does anyone else\?<\/p>/, 'plain text, no markup')
  t.match(switcherOf(list.body), /fop[\s\S]*<span class="visually-hidden">1 thread with new posts<\/span>/, 'the switcher counts it')
  t.notMatch(itemOf((await ada.get('/c/fop')).body, threadId), /unread/, "one's own thread is not new to oneself")

  const first = await bob.get(`/c/fop/t/${threadId}`)
  t.notMatch(first.body, /New since your last visit/, 'no divider on a first visit: there was no last visit')
  t.notMatch(first.body, /href="#first-unread"/)
  const after = await bob.get('/c/fop')
  t.notMatch(itemOf(after.body, threadId), /unread/, 'read: no mark')
  t.notMatch(switcherOf(after.body), /new/, 'and no count in the switcher')
})

t.test('a thread shows "New since your last visit" before the first new post, with a link to it, once', async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  const ada = await siteMember(hub, 'ada')
  const bob = await siteMember(hub, 'bob')
  const threadId = await startThreadOnSite(ada, 'Mornings', 'Stiff every morning')
  await bob.get(`/c/fop/t/${threadId}`)
  const firstNew = await replyTo(ada, threadId, 'Me too, since the winter')
  await replyTo(ada, threadId, 'And evenings')

  const list = await bob.get('/c/fop')
  t.match(itemOf(list.body, threadId), />2 new</)
  t.match(switcherOf(list.body), /1 thread with new posts/)

  const page = await bob.get(`/c/fop/t/${threadId}`)
  t.match(page.body, /<a href="#first-unread">Go to the first new post<\/a>/)
  t.match(
    page.body,
    new RegExp(
      `<h2 class="unread-divider" id="first-unread">New since your last visit</h2>\\s*<article class="post" id="post-${firstNew}"`,
    ),
    'the divider stands right before the first new post',
  )

  const tenant = await tenantOf(hub, 'fop')
  const marks = () => tenant.query.selectFrom('read_marks').select(['member_id', 'post_id', 'read_at']).orderBy('member_id').execute()
  const before = await marks()
  const again = await bob.get(`/c/fop/t/${threadId}`)
  t.notMatch(again.body, /New since your last visit/, 'nothing new the second time')
  t.same(await marks(), before, 'and nothing was written')

  await replyTo(bob, threadId, 'Mine too')
  t.notMatch(itemOf((await bob.get('/c/fop')).body, threadId), /unread/, "one's own reply is not new to oneself")
  t.match(itemOf((await ada.get('/c/fop')).body, threadId), />1 new</, 'it is to the others')
})

t.test('the switcher counts unread threads in each community apart', async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  await provisionTestCommunity(hub, 'eds')
  const ada = await siteMember(hub, 'ada')
  await siteMember(hub, 'ada2', 'eds').then(async (ada2) => {
    await startThreadOnSite(ada2, 'Joints', 'Hypermobile', 'eds')
    await startThreadOnSite(ada2, 'Sleep', 'Tired', 'eds')
  })
  await startThreadOnSite(ada, 'Mornings', 'Stiff')
  const bob = await siteMember(hub, 'bob')
  const eds = await bob.submit('/c/eds/join', { pseudonym: 'bob here', accept: 'yes', charterVersion: '1' })
  t.equal(eds.statusCode, 303)
  const switcher = switcherOf((await bob.get('/account')).body)
  t.match(switcher, /href="\/c\/fop"[^>]*>[^<]*<span class="badge unread"><span aria-hidden="true">1 new<\/span>/)
  t.match(switcher, /href="\/c\/eds"[^>]*>[^<]*<span class="badge unread"><span aria-hidden="true">2 new<\/span>/)
  t.match(switcher, /2 threads with new posts/)
})

t.test('the marks are in the language of the page', async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  const ada = await siteMember(hub, 'ada')
  const threadId = await startThreadOnSite(ada, 'Matins', 'Raide')
  const bob = await siteMember(hub, 'bob')
  await bob.submit('/c/fop', { lang: 'fr', return: '/c/fop' }, '/language')
  const list = await bob.get('/c/fop')
  t.match(itemOf(list.body, threadId), /1 nouveau<\/span><span class="visually-hidden">1 message non lu</)
  await bob.get(`/c/fop/t/${threadId}`)
  await replyTo(ada, threadId, 'Moi aussi')
  t.match((await bob.get(`/c/fop/t/${threadId}`)).body, /Nouveau depuis votre dernière visite/)
})

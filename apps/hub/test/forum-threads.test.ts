import t from 'tap'
import {
  buildTestHub,
  communityMember,
  provisionTestCommunity,
  setMember,
  tenantOf,
  type CommunityMember,
  callAs,
  withoutLoadShedding,
} from '@kindred/testkit'

interface Thread {
  id: string
  title: string
  replyCount: number
  lastActivityAt: string
  author: { pseudonym: string; role: string }
}
interface Post {
  id: string
  state: string
  bodyHtml: string | null
  bodyMarkdown: string | null
  author: { pseudonym: string; role: string }
}

const call = callAs

async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  const ada = await communityMember(hub, 'fop', 'ada', { pseudonym: 'Bone Builder' })
  const mo = await communityMember(hub, 'fop', 'mo', { pseudonym: 'Kind Keeper', role: 'moderator' })
  const categories = (await call(hub, ada, 'GET', '/v1/c/fop/categories')).json<{ categories: Array<{ id: string; slug: string }> }>()
    .categories
  const categoryId = categories[0]?.id ?? ''
  const open = async (as: CommunityMember, title: string, body = 'An opening post', category = categoryId) => {
    const reply = await call(hub, as, 'POST', '/v1/c/fop/threads', { categoryId: category, title, body })
    if (reply.statusCode !== 201) throw new Error(reply.body)
    return reply.json<{ thread: Thread; post: Post }>()
  }
  return { hub, ada, mo, categories, categoryId, open }
}

t.test("a member opens a thread: the opening post is its first post, with the author's pseudonym and role badge", async (t) => {
  const { hub, ada, mo, open } = await setUp(t)
  const { thread, post } = await open(ada, 'Hello from Lyon', 'I am **new** here')
  t.match(thread, { title: 'Hello from Lyon', replyCount: 0, locked: false, author: { pseudonym: 'Bone Builder', role: 'member' } })
  t.match(post, { state: 'visible', bodyMarkdown: 'I am **new** here', bodyHtml: '<p>I am <strong>new</strong> here</p>\n', meTooCount: 0 })
  const reply = await call(hub, mo, 'POST', `/v1/c/fop/threads/${thread.id}/replies`, { body: 'Welcome!' })
  t.equal(reply.statusCode, 201)
  t.match(reply.json(), { post: { author: { pseudonym: 'Kind Keeper', role: 'moderator' } } })
  const read = (await call(hub, ada, 'GET', `/v1/c/fop/threads/${thread.id}`)).json<{
    thread: Thread
    posts: Post[]
    next: string | null
  }>()
  t.same(
    read.posts.map((p) => p.bodyMarkdown),
    ['I am **new** here', 'Welcome!'],
  )
  t.equal(read.thread.replyCount, 1)
  t.equal(read.next, null)
})

t.test('threads are listed by latest activity, a page at a time with a cursor, optionally of one category', async (t) => {
  const { hub, ada, categories, open } = await setUp(t)
  const opened: Thread[] = []
  for (let i = 0; i < 5; i++) opened.push((await open(ada, `Thread ${i}`)).thread)
  await open(ada, 'Elsewhere', 'x', categories[1]?.id)
  await call(hub, ada, 'POST', `/v1/c/fop/threads/${opened[1]?.id ?? ''}/replies`, { body: 'bump' })
  const titles: string[] = []
  let cursor: string | null = null
  do {
    const query: string = cursor === null ? '' : `&cursor=${cursor}`
    const page = (await call(hub, ada, 'GET', `/v1/c/fop/threads?limit=2${query}`)).json<{ threads: Thread[]; next: string | null }>()
    t.ok(page.threads.length <= 2)
    titles.push(...page.threads.map((thread) => thread.title))
    cursor = page.next
  } while (cursor !== null)
  t.same(titles, ['Thread 1', 'Elsewhere', 'Thread 4', 'Thread 3', 'Thread 2', 'Thread 0'], 'latest activity first, each thread once')
  const inCategory = (await call(hub, ada, 'GET', `/v1/c/fop/threads?category=${categories[1]?.id ?? ''}`)).json<{ threads: Thread[] }>()
  t.same(
    inCategory.threads.map((thread) => thread.title),
    ['Elsewhere'],
  )
})

t.test('a tampered cursor, an unknown query parameter or a limit out of range is a 400', async (t) => {
  const { hub, ada, open } = await setUp(t)
  const { thread } = await open(ada, 'Only one')
  for (const query of ['cursor=bm90LWEtY3Vyc29y', 'cursor=%27%3B--', 'limit=0', 'limit=51', 'sort=oldest', 'category=abc']) {
    t.equal((await call(hub, ada, 'GET', `/v1/c/fop/threads?${query}`)).statusCode, 400, query)
  }
  t.equal((await call(hub, ada, 'GET', `/v1/c/fop/threads/${thread.id}?cursor=bm90LWEtY3Vyc29y`)).statusCode, 400)
})

t.test('replies are paginated in order, the opening post first', async (t) => {
  const { hub, ada, open } = await setUp(t)
  const { thread } = await open(ada, 'Long one', 'post 0')
  for (let i = 1; i < 6; i++) await call(hub, ada, 'POST', `/v1/c/fop/threads/${thread.id}/replies`, { body: `post ${i}` })
  const bodies: Array<string | null> = []
  let cursor: string | null = null
  do {
    const query: string = cursor === null ? '' : `&cursor=${cursor}`
    const page = (await call(hub, ada, 'GET', `/v1/c/fop/threads/${thread.id}?limit=4${query}`)).json<{
      posts: Post[]
      next: string | null
    }>()
    bodies.push(...page.posts.map((p) => p.bodyMarkdown))
    cursor = page.next
  } while (cursor !== null)
  t.same(bodies, ['post 0', 'post 1', 'post 2', 'post 3', 'post 4', 'post 5'])
})

t.test('a locked thread refuses replies with 409; an unknown thread is 404', async (t) => {
  const { hub, ada, open } = await setUp(t)
  const { thread } = await open(ada, 'Soon locked')
  const { query } = await tenantOf(hub, 'fop')
  await query.updateTable('threads').set({ locked_at: new Date() }).where('id', '=', thread.id).execute()
  const reply = await call(hub, ada, 'POST', `/v1/c/fop/threads/${thread.id}/replies`, { body: 'Too late' })
  t.equal(reply.statusCode, 409)
  t.equal(reply.json<{ code: string }>().code, 'KINDRED_THREAD_LOCKED')
  t.equal((await call(hub, ada, 'GET', `/v1/c/fop/threads/${thread.id}`)).json<{ thread: { locked: boolean } }>().thread.locked, true)
  t.equal((await call(hub, ada, 'POST', '/v1/c/fop/threads/999999/replies', { body: 'Anyone?' })).statusCode, 404)
  t.equal((await call(hub, ada, 'GET', '/v1/c/fop/threads/999999')).statusCode, 404)
})

t.test('posting needs the charter in force accepted: 403 until the member accepts it', async (t) => {
  const { hub, ada, categoryId, open } = await setUp(t)
  const { thread, post } = await open(ada, 'Before the new charter')
  const { query } = await tenantOf(hub, 'fop')
  await query.insertInto('charter').values({ version: 2, text: 'Charter, second edition', published_at: new Date() }).execute()
  const refusals = [
    await call(hub, ada, 'POST', '/v1/c/fop/threads', { categoryId, title: 'New', body: 'x' }),
    await call(hub, ada, 'POST', `/v1/c/fop/threads/${thread.id}/replies`, { body: 'x' }),
    await call(hub, ada, 'PUT', `/v1/c/fop/posts/${post.id}/me-too`),
  ]
  for (const reply of refusals) {
    t.equal(reply.statusCode, 403)
    t.equal(reply.json<{ code: string }>().code, 'KINDRED_CHARTER_ACCEPTANCE_REQUIRED')
  }
  t.equal((await call(hub, ada, 'GET', `/v1/c/fop/threads/${thread.id}`)).statusCode, 200, 'reading needs no acceptance')
  const stale = await call(hub, ada, 'POST', '/v1/c/fop/charter/accept', { version: 1 })
  t.equal(stale.statusCode, 409)
  t.equal(stale.json<{ code: string }>().code, 'KINDRED_CHARTER_VERSION_MISMATCH')
  t.same((await call(hub, ada, 'POST', '/v1/c/fop/charter/accept', { version: 2 })).json(), { charterVersion: 2 })
  t.equal((await call(hub, ada, 'POST', `/v1/c/fop/threads/${thread.id}/replies`, { body: 'Accepted now' })).statusCode, 201)
  t.match((await hub.app.inject({ method: 'GET', url: '/v1/c/fop' })).json(), { charter: { version: 2, text: 'Charter, second edition' } })
})

t.test('a founding moderator who has not joined yet cannot post', async (t) => {
  const { hub, ada, mo, open } = await setUp(t)
  await setMember(hub, 'fop', mo.memberId, { charterVersion: null })
  const { thread } = await open(ada, 'Hi mods')
  const reply = await call(hub, mo, 'POST', `/v1/c/fop/threads/${thread.id}/replies`, { body: 'Hello' })
  t.equal(reply.json<{ code: string }>().code, 'KINDRED_CHARTER_ACCEPTANCE_REQUIRED')
})

t.test('bodies and titles are validated: blank, oversized, with a NUL, unknown properties are 400; a huge request is 413', async (t) => {
  const { hub, ada, categoryId, open } = await setUp(t)
  const { thread } = await open(ada, 'Valid')
  const invalid = [
    { categoryId, title: '   ', body: 'x' },
    { categoryId, title: 'ok', body: '' },
    { categoryId, title: 'x'.repeat(201), body: 'x' },
    { categoryId, title: 'ok', body: 'x'.repeat(20_001) },
    { categoryId, title: 'ok', body: 'x', pinned: true },
    { categoryId: 'one', title: 'ok', body: 'x' },
    { title: 'ok', body: 'x' },
    { categoryId, title: 'ok', body: 'a NUL \u0000 PostgreSQL cannot store' },
    { categoryId, title: 'NUL \u0000', body: 'x' },
  ]
  for (const payload of invalid)
    t.equal((await call(hub, ada, 'POST', '/v1/c/fop/threads', payload)).statusCode, 400, JSON.stringify(payload).slice(0, 60))
  t.equal((await call(hub, ada, 'POST', '/v1/c/fop/threads', { categoryId: '999999', title: 'ok', body: 'x' })).statusCode, 404)
  const huge = await call(hub, ada, 'POST', `/v1/c/fop/threads/${thread.id}/replies`, { body: 'x'.repeat(200_000) })
  t.equal(huge.statusCode, 413)
  t.equal((await call(hub, ada, 'POST', `/v1/c/fop/threads/${thread.id}/replies`, { body: 'NUL \u0000' })).statusCode, 400)
  t.equal(
    (await call(hub, ada, 'GET', `/v1/c/fop/threads/${thread.id}`)).json<{ posts: unknown[] }>().posts.length,
    1,
    'nothing was written',
  )
})

t.test('markdown is stored rendered and safe: no script, no raw HTML, links nofollow ugc noopener', async (t) => {
  const { ada, open } = await setUp(t)
  const { post } = await open(ada, 'Links', '<script>alert(1)</script> [trial](https://example.org) [bad](javascript:alert(1))')
  t.notMatch(post.bodyHtml, /<script/)
  t.match(post.bodyHtml, '<a href="https://example.org" rel="nofollow ugc noopener noreferrer" target="_blank">trial</a>')
  t.notMatch(post.bodyHtml, /href="javascript/)
})

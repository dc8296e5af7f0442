import t from 'tap'
import { grantRole } from '@kindred/identity'
import { buildTestHub, callAs, communityMember, provisionTestCommunity, withoutLoadShedding } from '@kindred/testkit'

interface Hit {
  postId: string
  threadId: string
  threadTitle: string
  author: { memberId: string; pseudonym: string; industry: boolean; disclosures: unknown[] }
  snippet: string
  rank: number
}

// Two communities; Ada writes in fop, Bo is in ehlers-danlos only.
async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  await provisionTestCommunity(hub, 'ehlers-danlos')
  const ada = await communityMember(hub, 'fop', 'ada', { pseudonym: 'Bone Builder' })
  const bo = await communityMember(hub, 'ehlers-danlos', 'bo', { pseudonym: 'Stretchy Zebra' })
  const categoryId = (await callAs(hub, ada, 'GET', '/v1/c/fop/categories')).json<{ categories: Array<{ id: string }> }>().categories[0]?.id
  const open = async (title: string, body: string) => {
    const opened = await callAs(hub, ada, 'POST', '/v1/c/fop/threads', { categoryId, title, body })
    if (opened.statusCode !== 201) throw new Error(opened.body)
    return opened.json<{ thread: { id: string }; post: { id: string } }>()
  }
  return { hub, ada, bo, open }
}

t.test('a member searches their community in its language, best match first, authors marked', async (t) => {
  const { hub, ada, open } = await setUp(t)
  await grantRole(hub.database.db, { accountId: ada.account.accountId, role: 'industry' })
  const titled = await open('Running with FOP', 'What works for you?')
  const body = await open('Mornings', 'I started running again last spring.')
  await open('Evenings', 'Swimming helps.')

  const reply = await callAs(hub, ada, 'GET', '/v1/c/fop/search?q=run')
  t.equal(reply.statusCode, 200)
  const { results, next } = reply.json<{ results: Hit[]; next: string | null }>()
  t.same(
    results.map((hit) => hit.postId),
    [titled.post.id, body.post.id],
  )
  t.match(results[0], {
    threadId: titled.thread.id,
    threadTitle: 'Running with FOP',
    author: { pseudonym: 'Bone Builder', industry: true, disclosures: [] },
  })
  t.match(results[1]?.snippet, /<mark>running<\/mark>/)
  t.equal(next, null)
  t.notOk(reply.body.includes('ada@example.org'), 'no identity')
})

t.test('a post containing markup yields an escaped snippet', async (t) => {
  const { hub, ada, open } = await setUp(t)
  await open('Dosage', 'A <script>alert(1)</script> dose <img src=x onerror=alert(2)> of the trial drug')
  const [hit] = (await callAs(hub, ada, 'GET', '/v1/c/fop/search?q=trial')).json<{ results: Hit[] }>().results
  t.match(hit?.snippet, /&lt;img src=x onerror=alert\(2\)&gt;/)
  t.notMatch(hit?.snippet, /<(?!\/?mark>)/, 'no element but <mark>')
})

t.test('results come a page at a time through the cursor', async (t) => {
  const { hub, ada, open } = await setUp(t)
  for (let index = 0; index < 5; index += 1) await open(`Trial ${index}`, `clinical trial ${'news '.repeat(index)}`)
  const first = (await callAs(hub, ada, 'GET', '/v1/c/fop/search?q=trial&limit=3')).json<{ results: Hit[]; next: string | null }>()
  t.equal(first.results.length, 3)
  t.type(first.next, 'string')
  const second = (await callAs(hub, ada, 'GET', `/v1/c/fop/search?q=trial&limit=3&cursor=${first.next ?? ''}`)).json<{
    results: Hit[]
    next: string | null
  }>()
  t.equal(second.results.length, 2)
  t.equal(second.next, null)
  t.equal(new Set([...first.results, ...second.results].map((hit) => hit.postId)).size, 5)
})

t.test('a query with nothing to look for, or malformed, is a 400 with a clear code', async (t) => {
  const { hub, ada } = await setUp(t)
  const cases = [
    ['/v1/c/fop/search?q=the%20and', 'KINDRED_SEARCH_QUERY_EMPTY'],
    ['/v1/c/fop/search', 'KINDRED_VALIDATION_FAILED'],
    ['/v1/c/fop/search?q=%20%20', 'KINDRED_VALIDATION_FAILED'],
    ['/v1/c/fop/search?q=run%00', 'KINDRED_VALIDATION_FAILED'],
    [`/v1/c/fop/search?q=${'a'.repeat(201)}`, 'KINDRED_VALIDATION_FAILED'],
    ['/v1/c/fop/search?q=run&limit=500', 'KINDRED_VALIDATION_FAILED'],
    ['/v1/c/fop/search?q=run&extra=1', 'KINDRED_VALIDATION_FAILED'],
    ['/v1/c/fop/search?q=run&cursor=bm90IGEgY3Vyc29y', 'KINDRED_BAD_REQUEST'],
  ] as const
  for (const [url, code] of cases) {
    const reply = await callAs(hub, ada, 'GET', url)
    t.equal(reply.statusCode, 400, url)
    t.equal(reply.json<{ code: string }>().code, code, url)
  }
})

t.test("search is for members of that very community: another community's token or none is refused, revealing nothing", async (t) => {
  const { hub, bo, open } = await setUp(t)
  await open('Secret fop title', 'A secret fop body about trials')
  for (const headers of [{ authorization: `Bearer ${bo.token}` }, {}]) {
    const reply = await hub.app.inject({ method: 'GET', url: '/v1/c/fop/search?q=secret', headers })
    t.equal(reply.statusCode, 401)
    t.notOk(reply.body.includes('secret fop'), 'nothing of fop')
  }
  const own = await callAs(hub, bo, 'GET', '/v1/c/ehlers-danlos/search?q=secret')
  t.same(own.json<{ results: Hit[] }>().results, [], "nor through one's own community")
})

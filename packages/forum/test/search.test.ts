import t from 'tap'
import type { CommunityActor, TenantHandle } from '@kindred/community'
import { createThread, deletePost, editPost, eraseMemberForum, listCategories, replyToThread, searchPosts } from '@kindred/forum'
import { communityProvisionJob } from '@kindred/tenancy'
import { buildTestHub, communityMember, insertProposal, runDueJobs, withoutLoadShedding, type TestHub, hubTasks } from '@kindred/testkit'

// A live community whose founder proposed it in `languages`, provisioned by the real job; members who
// join take part at once (no join approval), as in the other forum tests.
async function liveCommunity(hub: TestHub, slug: string, languages: string[]): Promise<TenantHandle> {
  const { db, pool } = hub.database
  const proposal = await insertProposal(db, { slug, languages, moderators: 1, members: 0 })
  await db.transaction().execute((trx) => communityProvisionJob.enqueue(trx, { proposalId: proposal.proposalId }))
  await runDueJobs(pool, hubTasks(hub))
  const community = await db
    .selectFrom('hub.communities')
    .select(['placement', 'schema_name as schemaName'])
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow()
  const tenant = hub.placements.tenantDb(community)
  await tenant.query.updateTable('settings').set({ join_approval: false }).execute()
  return tenant
}

async function memberOf(hub: TestHub, tenant: TenantHandle, slug: string, name: string): Promise<CommunityActor> {
  const joined = await communityMember(hub, slug, name, { pseudonym: `${name} here` })
  return { tenant, member: { memberId: joined.memberId, pseudonym: `${name} here`, role: 'member', charterVersion: 1 } }
}

async function setUp(t: Parameters<typeof buildTestHub>[0], languages = ['en']) {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  const tenant = await liveCommunity(hub, 'fop', languages)
  const ada = await memberOf(hub, tenant, 'fop', 'ada')
  const [category] = await listCategories(tenant)
  if (category === undefined) throw new Error('no category')
  const open = (title: string, body: string) => createThread(ada, { categoryId: category.id, title, body })
  return { hub, tenant, ada, open }
}

const postIds = (page: { items: Array<{ postId: string }> }) => page.items.map((hit) => hit.postId)

t.test("provisioning sets the search configurations from the community's languages", async (t) => {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  const english = await liveCommunity(hub, 'fop', ['en'])
  const mixed = await liveCommunity(hub, 'ehlers-danlos', ['fr', 'en', 'xh'])
  const configs = async (tenant: TenantHandle) =>
    (await tenant.query.selectFrom('settings').select('search_configs').executeTakeFirstOrThrow()).search_configs
  t.same(await configs(english), ['english'])
  t.same(await configs(mixed), ['french', 'english', 'simple'])
})

t.test('an english community finds "running" for "run", and marks it in the snippet', async (t) => {
  const { ada, open } = await setUp(t)
  const { post } = await open('Mornings', 'I have been running every morning since the surgery.')
  await open('Evenings', 'Swimming in the evening helps with stiffness.')
  const found = await searchPosts(ada, { q: 'run', limit: 20 })
  t.same(postIds(found), [post.id])
  t.match(found.items[0], { threadTitle: 'Mornings', author: { memberId: ada.member.memberId, pseudonym: 'ada here', role: 'member' } })
  t.match(found.items[0]?.snippet, /<mark>running<\/mark> every morning/)
})

t.test('a french community stems in french: "hôpitaux" finds "hôpital", which an english one does not', async (t) => {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  const french = await liveCommunity(hub, 'fop', ['fr'])
  const english = await liveCommunity(hub, 'ehlers-danlos', ['en'])
  const body = "Nous sommes allés à l'hôpital pour la biopsie."
  for (const [tenant, slug, name] of [
    [french, 'fop', 'ada'],
    [english, 'ehlers-danlos', 'bob'],
  ] as const) {
    const actor = await memberOf(hub, tenant, slug, name)
    const [category] = await listCategories(tenant)
    await createThread(actor, { categoryId: category?.id ?? '', title: 'Rendez-vous', body })
    const found = await searchPosts(actor, { q: 'hôpitaux', limit: 20 })
    t.equal(found.items.length, tenant === french ? 1 : 0, slug)
  }
})

t.test('in a community of several languages, a snippet marks the words in the language that found them', async (t) => {
  const { ada, open } = await setUp(t, ['en', 'fr'])
  await open('Rendez-vous', 'Nous avons visité deux hôpitaux pour la biopsie.')
  await open('Mornings', 'I have been running every morning since the surgery.')
  const french = await searchPosts(ada, { q: 'hôpital', limit: 20 })
  t.match(french.items[0]?.snippet, /<mark>hôpitaux<\/mark>/, 'found by the French stem, marked by reading the post as French')
  const english = await searchPosts(ada, { q: 'run', limit: 20 })
  t.match(english.items[0]?.snippet, /<mark>running<\/mark>/, 'and an English word still by reading it as English')
})

t.test('accents do not matter either way, and the snippet marks the word as the post spells it', async (t) => {
  const { ada, open } = await setUp(t, ['en', 'fr'])
  const accented = await open('Diagnosis', 'We learnt it was Alström syndrome, at the hôpital in Lyon.')
  const plain = await open('Another', 'My son has Alstrom too.')
  const found = await searchPosts(ada, { q: 'alstrom', limit: 20 })
  t.same(postIds(found).sort(), [accented.post.id, plain.post.id].sort(), 'typed without the accent: both spellings are found')
  const hit = found.items.find(({ postId }) => postId === accented.post.id)
  t.match(hit?.snippet, /<mark>Alström<\/mark> syndrome/, 'marked as written, accent and capital kept')
  t.same(postIds(await searchPosts(ada, { q: 'ALSTRÖM', limit: 20 })).sort(), postIds(found).sort(), 'typed with it: the same')
  const hospital = await searchPosts(ada, { q: 'hopitaux', limit: 20 })
  t.same(postIds(hospital), [accented.post.id])
  t.match(hospital.items[0]?.snippet, /<mark>hôpital<\/mark>/)
})

t.test("a match in a thread's title ranks above matches in bodies, and more matches above fewer", async (t) => {
  const { ada, open } = await setUp(t)
  const once = await open('Question', 'Has anyone tried the new physiotherapy plan?')
  const twice = await open('Another question', 'Physiotherapy twice a week, and more physiotherapy at home.')
  const titled = await open('Physiotherapy', 'What helps you?')
  const found = await searchPosts(ada, { q: 'physiotherapy', limit: 20 })
  t.same(postIds(found), [titled.post.id, twice.post.id, once.post.id])
  const [first = 0, second = 0, third = 0] = found.items.map((hit) => hit.rank)
  t.ok(first > second && second > third, 'ranks decrease')
})

t.test("replies are found, and the thread's title only with its opening post", async (t) => {
  const { ada, open } = await setUp(t)
  const { thread, post } = await open('Wheelchair ramps', 'Who has one at home?')
  const reply = await replyToThread(ada, thread.id, 'We built ours last summer.')
  t.same(postIds(await searchPosts(ada, { q: 'wheelchair', limit: 20 })), [post.id])
  t.same(postIds(await searchPosts(ada, { q: 'summer', limit: 20 })), [reply.id])
})

t.test('an edited post is found by its new words only; an edited opening post keeps its title', async (t) => {
  const { ada, open } = await setUp(t)
  const { thread, post } = await open('Insurance', 'The allowance was refused.')
  const reply = await replyToThread(ada, thread.id, 'Try the registry.')
  await editPost(ada, post.id, 'The benefits were granted after all.')
  await editPost(ada, reply.id, 'Try the specialist.')
  t.same(postIds(await searchPosts(ada, { q: 'allowance', limit: 20 })), [])
  t.same(postIds(await searchPosts(ada, { q: 'benefits', limit: 20 })), [post.id])
  t.same(postIds(await searchPosts(ada, { q: 'insurance', limit: 20 })), [post.id])
  t.same(postIds(await searchPosts(ada, { q: 'registry', limit: 20 })), [])
  t.same(postIds(await searchPosts(ada, { q: 'specialist', limit: 20 })), [reply.id])
})

t.test('hidden and deleted posts, and every post of a hidden or deleted thread, are never found', async (t) => {
  const { tenant, ada, open } = await setUp(t)
  const tdb = tenant.query
  const shown = await open('Shown', 'genetics counselling shown')
  const hiddenPost = await open('Visible thread', 'genetics counselling hidden post')
  const deletedPost = await open('Another thread', 'genetics counselling deleted post')
  const hiddenThread = await open('Hidden thread', 'genetics counselling')
  const deletedThread = await open('Deleted thread', 'genetics counselling')
  await replyToThread(ada, hiddenThread.thread.id, 'genetics counselling reply')
  await tdb.updateTable('posts').set({ hidden_at: new Date() }).where('id', '=', hiddenPost.post.id).execute()
  await deletePost(ada, deletedPost.post.id)
  await tdb.updateTable('threads').set({ hidden_at: new Date() }).where('id', '=', hiddenThread.thread.id).execute()
  await tdb.updateTable('threads').set({ deleted_at: new Date() }).where('id', '=', deletedThread.thread.id).execute()

  t.same(postIds(await searchPosts(ada, { q: 'genetics counselling', limit: 20 })), [shown.post.id])
  const vector = await tdb.selectFrom('posts').select('search_vector').where('id', '=', deletedPost.post.id).executeTakeFirstOrThrow()
  t.equal(vector.search_vector, null, 'a deleted post keeps no search vector')
})

t.test("a member's erased posts are not found any more", async (t) => {
  const { tenant, ada, open } = await setUp(t)
  await open('Diagnosis', 'The geneticist confirmed it.')
  await eraseMemberForum(tenant, ada.member.memberId, '[removed at the request of its author]')
  t.same(postIds(await searchPosts(ada, { q: 'geneticist', limit: 20 })), [])
  t.same(postIds(await searchPosts(ada, { q: 'removed request author', limit: 20 })), [], 'nor is the removal notice')
})

t.test("snippets are escaped HTML: a post's markup never reaches them, only <mark>", async (t) => {
  const { ada, open } = await setUp(t)
  await open('Dosage', 'Treatment dose <img src=x onerror=alert(1)> & "more" <script>alert(2)</script> \u0002treatment\u0003 plan')
  const [hit] = (await searchPosts(ada, { q: 'treatment', limit: 20 })).items
  const snippet = hit?.snippet ?? ''
  t.match(snippet, /&lt;img src=x onerror=alert\(1\)&gt;/)
  t.match(snippet, /&amp; &quot;more&quot;/)
  t.notMatch(snippet, /<(?!\/?mark>)/, 'no tag but <mark>')
  t.notOk(snippet.includes('\u0002') || snippet.includes('\u0003'), 'no sentinel survives')
  t.equal(snippet.match(/<mark>/g)?.length, 2, 'only the words found are marked')
})

t.test('a query with no word to look for is 400 KINDRED_SEARCH_QUERY_EMPTY, not an error', async (t) => {
  const { ada } = await setUp(t)
  for (const q of ['the and of', '"" ()', '  ', '-the']) {
    await t.rejects(searchPosts(ada, { q, limit: 20 }), { code: 'KINDRED_SEARCH_QUERY_EMPTY', statusCode: 400 }, q)
  }
})

t.test('results come a page at a time, best first, each once; a tampered cursor is 400', async (t) => {
  const { ada, open } = await setUp(t)
  const { thread } = await open('Flare-ups', 'flare')
  for (let index = 1; index <= 24; index += 1) await replyToThread(ada, thread.id, `${'flare '.repeat(1 + (index % 4))}number ${index}`)
  const seen: string[] = []
  const ranks: number[] = []
  let cursor: string | undefined
  for (let pages = 0; pages < 5; pages += 1) {
    const page = await searchPosts(ada, { q: 'flare', limit: 10, ...(cursor === undefined ? {} : { cursor }) })
    seen.push(...postIds(page))
    ranks.push(...page.items.map((hit) => hit.rank))
    if (page.next === null) break
    cursor = page.next
  }
  t.equal(seen.length, 25, 'every match')
  t.equal(new Set(seen).size, 25, 'none twice')
  t.same(
    ranks,
    [...ranks].sort((a, b) => b - a),
    'best first across pages',
  )
  await t.rejects(searchPosts(ada, { q: 'flare', limit: 10, cursor: 'bm90IGEgY3Vyc29y' }), { code: 'KINDRED_BAD_REQUEST' })
})

import t from 'tap'
import { maxCategories } from '@kindred/forum'
import {
  buildTestHub,
  communityMember,
  provisionTestCommunity,
  tenantOf,
  type CommunityMember,
  callAs,
  withoutLoadShedding,
} from '@kindred/testkit'

interface Post {
  id: string
  state: string
  bodyHtml: string | null
  bodyMarkdown: string | null
  meTooCount: number
  meToo: boolean
  editedAt: string | null
}

const call = callAs

// Ada opened a thread that Bo replied to; Mo moderates.
async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  const ada = await communityMember(hub, 'fop', 'ada', { pseudonym: 'Bone Builder' })
  const bo = await communityMember(hub, 'fop', 'bo', { pseudonym: 'Quiet Heron' })
  const mo = await communityMember(hub, 'fop', 'mo', { pseudonym: 'Kind Keeper', role: 'moderator' })
  const categoryId =
    (await call(hub, ada, 'GET', '/v1/c/fop/categories')).json<{ categories: Array<{ id: string }> }>().categories[0]?.id ?? ''
  const opened = (
    await call(hub, ada, 'POST', '/v1/c/fop/threads', { categoryId, title: 'Mornings', body: 'Mornings are the hardest' })
  ).json<{ thread: { id: string }; post: Post }>()
  const reply = (await call(hub, bo, 'POST', `/v1/c/fop/threads/${opened.thread.id}/replies`, { body: 'Same for me' })).json<{
    post: Post
  }>().post
  const posts = async (as: CommunityMember) =>
    (await call(hub, as, 'GET', `/v1/c/fop/threads/${opened.thread.id}`)).json<{ posts: Post[]; thread: { replyCount: number } }>()
  return { hub, ada, bo, mo, categoryId, threadId: opened.thread.id, opening: opened.post, reply, posts }
}

t.test('a member edits their own post; the earlier bodies are kept for moderators only', async (t) => {
  const { hub, ada, bo, mo, opening } = await setUp(t)
  const edited = await call(hub, ada, 'PATCH', `/v1/c/fop/posts/${opening.id}`, { body: 'Mornings are *hard*' })
  t.equal(edited.statusCode, 200)
  t.match(edited.json(), {
    post: { bodyMarkdown: 'Mornings are *hard*', bodyHtml: '<p>Mornings are <em>hard</em></p>\n', editedAt: String },
  })
  await call(hub, ada, 'PATCH', `/v1/c/fop/posts/${opening.id}`, { body: 'Third try' })
  const history = await call(hub, mo, 'GET', `/v1/c/fop/posts/${opening.id}/edits`)
  t.equal(history.statusCode, 200)
  t.same(
    history.json<{ edits: Array<{ previousMarkdown: string }> }>().edits.map((edit) => edit.previousMarkdown),
    ['Mornings are the hardest', 'Mornings are *hard*'],
  )
  t.equal((await call(hub, ada, 'GET', `/v1/c/fop/posts/${opening.id}/edits`)).statusCode, 403, 'a member cannot read edit histories')
  type EditPage = { edits: Array<{ previousMarkdown: string }>; next: string | null }
  const first = (await call(hub, mo, 'GET', `/v1/c/fop/posts/${opening.id}/edits?limit=1`)).json<EditPage>()
  const second = (await call(hub, mo, 'GET', `/v1/c/fop/posts/${opening.id}/edits?limit=1&cursor=${first.next ?? ''}`)).json<EditPage>()
  t.same(
    [...first.edits, ...second.edits].map((edit) => edit.previousMarkdown),
    ['Mornings are the hardest', 'Mornings are *hard*'],
    'a page at a time',
  )
  t.equal(second.next, null)
  t.equal((await call(hub, mo, 'GET', `/v1/c/fop/posts/${opening.id}/edits?cursor=bm90LWEtY3Vyc29y`)).statusCode, 400, 'a tampered cursor')
  const notOwn = await call(hub, bo, 'PATCH', `/v1/c/fop/posts/${opening.id}`, { body: 'Hijacked' })
  t.equal(notOwn.statusCode, 403)
  t.equal(
    (await call(hub, mo, 'PATCH', `/v1/c/fop/posts/${opening.id}`, { body: 'Moderated' })).statusCode,
    403,
    "nor can a moderator edit someone's words",
  )
  t.equal((await call(hub, ada, 'PATCH', '/v1/c/fop/posts/999999', { body: 'x' })).statusCode, 404)
})

t.test('a member deletes their own post: the body and its history go, its place in the thread stays', async (t) => {
  const { hub, ada, bo, mo, reply, posts } = await setUp(t)
  await call(hub, bo, 'PATCH', `/v1/c/fop/posts/${reply.id}`, { body: 'Same for me, every day' })
  await call(hub, ada, 'PUT', `/v1/c/fop/posts/${reply.id}/me-too`)
  t.equal((await call(hub, ada, 'DELETE', `/v1/c/fop/posts/${reply.id}`)).statusCode, 403, "not someone else's")
  t.equal((await call(hub, bo, 'DELETE', `/v1/c/fop/posts/${reply.id}`)).statusCode, 204)
  t.equal((await call(hub, bo, 'DELETE', `/v1/c/fop/posts/${reply.id}`)).statusCode, 204, 'deleting again changes nothing')
  const thread = await posts(ada)
  t.equal(thread.posts.length, 2)
  t.match(thread.posts[1], { id: reply.id, state: 'deleted', bodyMarkdown: null, bodyHtml: null, meTooCount: 0 })
  t.equal(thread.thread.replyCount, 1)
  t.same((await call(hub, mo, 'GET', `/v1/c/fop/posts/${reply.id}/edits`)).json(), { edits: [], next: null })
  const edit = await call(hub, bo, 'PATCH', `/v1/c/fop/posts/${reply.id}`, { body: 'Back again' })
  t.equal(edit.statusCode, 409)
  t.equal((await call(hub, ada, 'PUT', `/v1/c/fop/posts/${reply.id}/me-too`)).statusCode, 404, 'a deleted post takes no reactions')
})

t.test('"me too" counts once per member per post and can be taken back', async (t) => {
  const { hub, ada, bo, mo, opening, posts } = await setUp(t)
  const url = `/v1/c/fop/posts/${opening.id}/me-too`
  t.same((await call(hub, bo, 'PUT', url)).json(), { meTooCount: 1, meToo: true })
  t.same((await call(hub, bo, 'PUT', url)).json(), { meTooCount: 1, meToo: true }, 'again: still one')
  t.same((await call(hub, mo, 'PUT', url)).json(), { meTooCount: 2, meToo: true })
  t.match((await posts(bo)).posts[0], { meTooCount: 2, meToo: true })
  t.match((await posts(ada)).posts[0], { meTooCount: 2, meToo: false })
  t.same((await call(hub, bo, 'DELETE', url)).json(), { meTooCount: 1, meToo: false })
  t.same((await call(hub, bo, 'DELETE', url)).json(), { meTooCount: 1, meToo: false }, 'taking back twice changes nothing')
  t.equal((await call(hub, bo, 'PUT', '/v1/c/fop/posts/999999/me-too')).statusCode, 404)
})

t.test('moderators and owners add and change categories; members cannot', async (t) => {
  const { hub, ada, mo } = await setUp(t)
  const refused = await call(hub, ada, 'POST', '/v1/c/fop/categories', { slug: 'events', name: 'Events' })
  t.equal(refused.statusCode, 403)
  const created = await call(hub, mo, 'POST', '/v1/c/fop/categories', { slug: 'events', name: 'Events', description: 'Meet-ups' })
  t.equal(created.statusCode, 201)
  const category = created.json<{ category: { id: string; position: number } }>().category
  t.equal(category.position, 5, 'after the five default categories')
  t.equal(
    (await call(hub, mo, 'POST', '/v1/c/fop/categories', { slug: 'events', name: 'Again' })).json<{ code: string }>().code,
    'KINDRED_SLUG_TAKEN',
  )
  t.equal((await call(hub, ada, 'PATCH', `/v1/c/fop/categories/${category.id}`, { name: 'Mine' })).statusCode, 403)
  const renamed = await call(hub, mo, 'PATCH', `/v1/c/fop/categories/${category.id}`, { name: 'Meet-ups', position: 0 })
  t.match(renamed.json(), { category: { slug: 'events', name: 'Meet-ups', position: 0 } })
  t.equal(
    (await call(hub, mo, 'PATCH', `/v1/c/fop/categories/${category.id}`, { slug: 'renamed' })).statusCode,
    400,
    'a slug never changes',
  )
  t.equal((await call(hub, mo, 'PATCH', `/v1/c/fop/categories/${category.id}`, {})).statusCode, 400)
  t.equal((await call(hub, mo, 'PATCH', '/v1/c/fop/categories/999999', { name: 'x' })).statusCode, 404)
  const listed = (await call(hub, ada, 'GET', '/v1/c/fop/categories')).json<{ categories: Array<{ slug: string }> }>().categories
  t.same(
    listed.slice(0, 2).map((c) => c.slug),
    ['introductions', 'events'],
    'in display order, ties by age',
  )
})

t.test('a community has at most 50 categories: one more is 409, and the list answers them all', async (t) => {
  const { hub, ada, mo } = await setUp(t)
  const { query } = await tenantOf(hub, 'fop')
  const present = (await call(hub, ada, 'GET', '/v1/c/fop/categories')).json<{ categories: unknown[] }>().categories.length
  const more = Array.from({ length: maxCategories - present }, (_, index) => ({
    slug: `topic-${index}`,
    name: `Topic ${index}`,
    description: '',
    position: 100 + index,
  }))
  await query.insertInto('categories').values(more).execute()
  const refused = await call(hub, mo, 'POST', '/v1/c/fop/categories', { slug: 'one-more', name: 'One more' })
  t.equal(refused.statusCode, 409)
  t.match(refused.json(), { code: 'KINDRED_CONFLICT', message: /at most 50 categories/ })
  t.equal((await call(hub, ada, 'GET', '/v1/c/fop/categories')).json<{ categories: unknown[] }>().categories.length, maxCategories)
})

t.test('opening threads is rate limited per member: the 21st in an hour is 429, another member is not affected', async (t) => {
  const { hub, ada, bo, categoryId } = await setUp(t)
  // Ada opened one thread in setUp.
  for (let i = 0; i < 19; i++) await call(hub, ada, 'POST', '/v1/c/fop/threads', { categoryId, title: `Thread ${i}`, body: 'x' })
  const limited = await call(hub, ada, 'POST', '/v1/c/fop/threads', { categoryId, title: 'One more', body: 'x' })
  t.equal(limited.statusCode, 429)
  t.equal(limited.json<{ code: string }>().code, 'KINDRED_RATE_LIMITED')
  t.ok(limited.headers['retry-after'])
  t.equal((await call(hub, bo, 'POST', '/v1/c/fop/threads', { categoryId, title: 'Mine', body: 'x' })).statusCode, 201)
})

t.test(
  'replies, edits, deletions and charter acceptance share the posts budget, counted in the tenant; a refused reply writes nothing',
  async (t) => {
    const hub = await buildTestHub(t, { env: { ...withoutLoadShedding, KINDRED_LIMIT_POSTS_PER_MEMBER: '5/1h' } })
    await provisionTestCommunity(hub, 'fop')
    const ada = await communityMember(hub, 'fop', 'ada')
    const bo = await communityMember(hub, 'fop', 'bo')
    const categoryId = (await call(hub, ada, 'GET', '/v1/c/fop/categories')).json<{ categories: Array<{ id: string }> }>().categories[0]?.id
    const opened = await call(hub, ada, 'POST', '/v1/c/fop/threads', { categoryId, title: 'Mornings', body: 'Hard' })
    const threadId = opened.json<{ thread: { id: string } }>().thread.id
    const replied = await call(hub, ada, 'POST', `/v1/c/fop/threads/${threadId}/replies`, { body: 'Still hard' })
    const postId = replied.json<{ post: { id: string } }>().post.id
    t.equal((await call(hub, ada, 'PATCH', `/v1/c/fop/posts/${postId}`, { body: 'Better' })).statusCode, 200)
    t.equal((await call(hub, ada, 'DELETE', `/v1/c/fop/posts/${postId}`)).statusCode, 204)
    t.equal((await call(hub, ada, 'POST', '/v1/c/fop/charter/accept', { version: 1 })).statusCode, 200, 'the fifth post of the hour')
    const refused = await call(hub, ada, 'POST', `/v1/c/fop/threads/${threadId}/replies`, { body: 'One too many' })
    t.equal(refused.statusCode, 429)
    t.match(refused.json(), { code: 'KINDRED_RATE_LIMITED' })
    t.ok(Number(refused.headers['retry-after']) > 3500, 'wait for the end of the hour')
    t.equal(
      (await call(hub, ada, 'PATCH', `/v1/c/fop/posts/${postId}`, { body: 'Again' })).statusCode,
      429,
      'an edit spends the same budget',
    )
    const thread = await call(hub, bo, 'GET', `/v1/c/fop/threads/${threadId}`)
    t.equal(thread.json<{ thread: { replyCount: number } }>().thread.replyCount, 1, 'the refused reply wrote nothing')
    const mine = await call(hub, bo, 'POST', `/v1/c/fop/threads/${threadId}/replies`, { body: 'Mine' })
    t.equal(mine.statusCode, 201, 'another member is not affected')

    // A window that has ended starts again from the next post.
    const { query } = await tenantOf(hub, 'fop')
    await query
      .updateTable('write_budgets')
      .set({ window_ends_at: new Date(Date.now() - 1000) })
      .execute()
    t.equal((await call(hub, ada, 'POST', `/v1/c/fop/threads/${threadId}/replies`, { body: 'A new hour' })).statusCode, 201)
    const spent = await query.selectFrom('write_budgets').select('hits').where('family', '=', 'posts').execute()
    t.same(
      spent.map((budget) => budget.hits),
      [1, 1],
      "each member's own budget, Ada's counted from one again",
    )
  },
)

t.test('no log line holds a post body, a title, a pseudonym or a token', async (t) => {
  const { hub, ada, bo, threadId } = await setUp(t)
  await call(hub, ada, 'POST', `/v1/c/fop/threads/${threadId}/replies`, { body: 'Unforgettable sentence about my knee' })
  await call(hub, ada, 'POST', '/v1/c/fop/threads/999999/replies', { body: 'Unforgettable sentence about my elbow' })
  const logs = hub.logs.text()
  for (const secret of [
    'Unforgettable',
    'Mornings',
    'Same for me',
    'Bone Builder',
    'Quiet Heron',
    ada.token,
    bo.token.split('.')[2] ?? 'x',
  ]) {
    t.notOk(logs.includes(secret), `no ${secret.slice(0, 20)} in the logs`)
  }
})

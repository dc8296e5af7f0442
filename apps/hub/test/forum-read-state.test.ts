import t from 'tap'
import { buildTestHub, callAs, communityMember, provisionTestCommunity, withoutLoadShedding } from '@kindred/testkit'

interface ListedThread {
  id: string
  unread: number
  excerpt: string | null
}

t.test('the API lists unread counts and excerpts, names the first unread post, and marks read only forward', async (t) => {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  const ada = await communityMember(hub, 'fop', 'ada', { pseudonym: 'Bone Builder' })
  const bob = await communityMember(hub, 'fop', 'bob', { pseudonym: 'Night Owl' })
  const categories = (await callAs(hub, ada, 'GET', '/v1/c/fop/categories')).json<{ categories: Array<{ id: string }> }>().categories
  const opened = await callAs(hub, ada, 'POST', '/v1/c/fop/threads', {
    categoryId: categories[0]?.id,
    title: 'Mornings',
    body: '*Stiff* again',
  })
  const { thread, post } = opened.json<{ thread: { id: string }; post: { id: string } }>()
  const other = await callAs(hub, ada, 'POST', '/v1/c/fop/threads', { categoryId: categories[0]?.id, title: 'Other', body: 'Elsewhere' })
  const otherPost = other.json<{ post: { id: string } }>().post
  const reply = (await callAs(hub, ada, 'POST', `/v1/c/fop/threads/${thread.id}/replies`, { body: 'Me too' })).json<{
    post: { id: string }
  }>().post

  const listed = (await callAs(hub, bob, 'GET', '/v1/c/fop/threads')).json<{ threads: ListedThread[] }>().threads
  t.match(
    listed.find(({ id }) => id === thread.id),
    { unread: 2, excerpt: 'Stiff again' },
  )
  const read = `/v1/c/fop/threads/${thread.id}/read`
  t.equal(
    (await callAs(hub, bob, 'GET', `/v1/c/fop/threads/${thread.id}`)).json<{ firstUnreadPostId: string }>().firstUnreadPostId,
    post.id,
  )
  t.same((await callAs(hub, bob, 'PUT', read, { postId: post.id })).json(), { moved: true })
  t.equal(
    (await callAs(hub, bob, 'GET', `/v1/c/fop/threads/${thread.id}`)).json<{ firstUnreadPostId: string }>().firstUnreadPostId,
    reply.id,
  )
  t.same((await callAs(hub, bob, 'PUT', read, { postId: reply.id })).json(), { moved: true })
  t.same((await callAs(hub, bob, 'PUT', read, { postId: post.id })).json(), { moved: false }, 'an earlier post does not move the mark back')
  t.equal((await callAs(hub, bob, 'GET', `/v1/c/fop/threads/${thread.id}`)).json<{ firstUnreadPostId: null }>().firstUnreadPostId, null)
  const after = (await callAs(hub, bob, 'GET', '/v1/c/fop/threads')).json<{ threads: ListedThread[] }>().threads
  t.match(
    after.find(({ id }) => id === thread.id),
    { unread: 0 },
  )
  t.match(
    (await callAs(hub, ada, 'GET', '/v1/c/fop/threads')).json<{ threads: ListedThread[] }>().threads.find(({ id }) => id === thread.id),
    { unread: 0 },
    "bob's reading is his own; ada wrote every post",
  )

  const elsewhere = await callAs(hub, bob, 'PUT', read, { postId: otherPost.id })
  t.equal(elsewhere.statusCode, 404, 'a post of another thread cannot mark this one')
  t.equal((await callAs(hub, bob, 'PUT', read, { postId: 'x' })).statusCode, 400)
})

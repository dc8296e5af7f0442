import t from 'tap'
import {
  buildTestHub,
  callAs,
  communityMember,
  hubTasks,
  provisionTestCommunity,
  queuedJobs,
  runDueJobs,
  withoutLoadShedding,
  type CommunityMember,
  type TestHub,
} from '@kindred/testkit'

async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  const ada = await communityMember(hub, 'fop', 'ada', { pseudonym: 'Bone Builder' })
  const bob = await communityMember(hub, 'fop', 'bob', { pseudonym: 'Night Owl' })
  const categories = (await callAs(hub, ada, 'GET', '/v1/c/fop/categories')).json<{ categories: Array<{ id: string }> }>().categories
  const categoryId = categories[0]?.id ?? ''
  const opened = await callAs(hub, ada, 'POST', '/v1/c/fop/threads', { categoryId, title: 'Mornings', body: 'Stiff again' })
  const threadId = opened.json<{ thread: { id: string } }>().thread.id
  const replyAs = async (who: CommunityMember, body: string) =>
    (await callAs(hub, who, 'POST', `/v1/c/fop/threads/${threadId}/replies`, { body })).json<{ post: { id: string } }>().post.id
  return { hub, ada, bob, categoryId, threadId, replyAs }
}

const inbox = async (hub: TestHub, who: CommunityMember) =>
  (await callAs(hub, who, 'GET', '/v1/c/fop/notifications')).json<{
    notifications: Array<{ id: string; kind: string; threadTitle: string; postId: string; by: string; read: boolean }>
    unread: number
  }>()

t.test('a reply queues the fan-out, which tells the thread author; the list marks it unread until read', async (t) => {
  const { hub, ada, bob, replyAs } = await setUp(t)
  const postId = await replyAs(bob, 'Same here')
  t.match(
    (await queuedJobs(hub.database.pool)).filter((job) => job.task === 'notifications__fan_out'),
    [{ key: /^notifications__fan_out:/ }],
    'one fan-out queued for the community, however many posts',
  )
  await runDueJobs(hub.database.pool, hubTasks(hub))
  const told = await inbox(hub, ada)
  t.match(told, { unread: 1, notifications: [{ kind: 'reply', threadTitle: 'Mornings', postId, by: 'Night Owl', read: false }] })
  t.same((await inbox(hub, bob)).notifications, [], 'the reply tells its own author nothing')
  const id = told.notifications[0]?.id
  t.same((await callAs(hub, ada, 'POST', '/v1/c/fop/notifications/read', { ids: [id] })).json(), { marked: 1 })
  t.equal((await inbox(hub, ada)).unread, 0)
  t.equal((await callAs(hub, ada, 'POST', '/v1/c/fop/notifications/read', {})).statusCode, 400, 'ids or all, one of them')
})

t.test('a muted thread tells nothing; a watched category tells of new threads', async (t) => {
  const { hub, ada, bob, categoryId, threadId, replyAs } = await setUp(t)
  t.same((await callAs(hub, ada, 'GET', `/v1/c/fop/threads/${threadId}/follow`)).json(), { following: 'participating' })
  t.same((await callAs(hub, ada, 'PUT', `/v1/c/fop/threads/${threadId}/follow`, { level: 'muted' })).json(), { following: 'muted' })
  await replyAs(bob, 'Shh')
  t.same((await callAs(hub, bob, 'PUT', `/v1/c/fop/categories/${categoryId}/follow`, { level: 'watching' })).json(), { level: 'watching' })
  t.equal((await callAs(hub, bob, 'PUT', '/v1/c/fop/categories/999999/follow', { level: 'watching' })).statusCode, 404)
  t.equal((await callAs(hub, bob, 'PUT', `/v1/c/fop/threads/${threadId}/follow`, { level: 'loud' })).statusCode, 400)
  await callAs(hub, ada, 'POST', '/v1/c/fop/threads', { categoryId, title: 'Sleep', body: 'Hours' })
  await runDueJobs(hub.database.pool, hubTasks(hub))
  t.same((await inbox(hub, ada)).notifications, [], 'ada muted the thread bob replied in')
  t.match((await inbox(hub, bob)).notifications, [{ threadTitle: 'Sleep', by: 'Bone Builder' }])
})

t.test('preferences: defaults until chosen, a partial change keeps the rest, a bad one changes nothing', async (t) => {
  const { hub, ada } = await setUp(t)
  const url = '/v1/c/fop/notification-preferences'
  const defaults = {
    cadences: { reply: 'immediately', mention: 'immediately', message: 'immediately', join_decision: 'immediately', moderation: 'daily' },
    includeText: false,
    digest: 'weekly',
  }
  t.same((await callAs(hub, ada, 'GET', url)).json(), defaults)
  const changed = await callAs(hub, ada, 'PUT', url, { cadences: { reply: 'weekly' }, includeText: true })
  t.same(changed.json(), { ...defaults, cadences: { ...defaults.cadences, reply: 'weekly' }, includeText: true })
  t.equal((await callAs(hub, ada, 'PUT', url, { cadences: { reply: 'hourly' } })).statusCode, 400)
  t.equal((await callAs(hub, ada, 'PUT', url, { cadences: {} })).statusCode, 400)
  t.equal((await callAs(hub, ada, 'PUT', url, { cadences: { shout: 'off' } })).statusCode, 400)
  t.same((await callAs(hub, ada, 'GET', url)).json(), {
    ...defaults,
    cadences: { ...defaults.cadences, reply: 'weekly' },
    includeText: true,
  })
})

t.test('the list pages through, newest first; a tampered cursor is 400', async (t) => {
  const { hub, ada, bob, replyAs } = await setUp(t)
  const posts = [await replyAs(bob, 'One'), await replyAs(bob, 'Two'), await replyAs(bob, 'Three')]
  await runDueJobs(hub.database.pool, hubTasks(hub))
  const first = (await callAs(hub, ada, 'GET', '/v1/c/fop/notifications?limit=2')).json<{
    notifications: Array<{ postId: string }>
    next: string
    unread: number
  }>()
  t.same(
    first.notifications.map((one) => one.postId),
    [posts[2], posts[1]],
  )
  t.equal(first.unread, 3)
  const second = (await callAs(hub, ada, 'GET', `/v1/c/fop/notifications?limit=2&cursor=${first.next}`)).json<{
    notifications: Array<{ postId: string }>
    next: string | null
  }>()
  t.same(
    second.notifications.map((one) => one.postId),
    [posts[0]],
  )
  t.equal(second.next, null)
  t.equal((await callAs(hub, ada, 'GET', `/v1/c/fop/notifications?cursor=${first.next}x`)).statusCode, 400)
})

import t from 'tap'
import type { CommunityActor } from '@kindred/community'
import { createThread, deletePost, listCategories, replyToThread } from '@kindred/forum'
import {
  fanOutPosts,
  followCategory,
  followThread,
  listNotifications,
  markNotificationsRead,
  markThreadNotificationsRead,
  threadFollowing,
  unreadNotificationCount,
  type Told,
} from '@kindred/notifications'
import { buildTestHub, communityMember, provisionTestCommunity, setMember, tenantOf, withoutLoadShedding } from '@kindred/testkit'

async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  const tenant = await tenantOf(hub, 'fop')
  const memberOf = async (name: string): Promise<CommunityActor> => {
    const joined = await communityMember(hub, 'fop', name, { pseudonym: `${name} here` })
    return { tenant, member: { memberId: joined.memberId, pseudonym: `${name} here`, role: 'member', charterVersion: 1 } }
  }
  const [ada, bo, cy, di] = [await memberOf('ada'), await memberOf('bo'), await memberOf('cy'), await memberOf('di')]
  const [category] = await listCategories(tenant)
  if (category === undefined) throw new Error('no category')
  const open = (by: CommunityActor, title: string) => createThread(by, { categoryId: category.id, title, body: 'Opening words' })
  // Runs the fan-out until the queue is empty; answers who was told, as member ids per post.
  const fanOut = async () => {
    const told: Told[] = []
    while ((await fanOutPosts(tenant, async (members) => void told.push(...members))) > 0);
    return told
  }
  const toldOf = (told: Told[], postId: string) =>
    told
      .filter((one) => one.postId === postId)
      .map((one) => one.memberId)
      .toSorted()
  const ids = (...actors: CommunityActor[]) => actors.map((actor) => actor.member.memberId).toSorted()
  return { hub, tenant, ada, bo, cy, di, category, open, fanOut, toldOf, ids }
}

t.test("a reply tells the thread's author and those who replied before, never its own author, and only once", async (t) => {
  const { ada, bo, cy, open, fanOut, toldOf, ids } = await setUp(t)
  const { thread, post: opening } = await open(ada, 'Mornings')
  t.same(toldOf(await fanOut(), opening.id), [], 'an opening post tells no one who does not watch its category')
  const first = await replyToThread(bo, thread.id, 'Same here')
  const second = await replyToThread(cy, thread.id, 'And me')
  const told = await fanOut()
  t.same(toldOf(told, first.id), ids(ada))
  t.same(toldOf(told, second.id), ids(ada, bo))
  t.same(await fanOut(), [], 'a second run finds nothing left to tell')
})

t.test('watching and muting: a thread, a category, and a thread watched in a muted category', async (t) => {
  const { ada, bo, cy, di, category, open, fanOut, toldOf, ids } = await setUp(t)
  await followCategory(cy, category.id, 'watching')
  const { thread, post: opening } = await open(ada, 'Sleep')
  t.same(toldOf(await fanOut(), opening.id), ids(cy), 'watching a category tells of its new threads')
  t.equal(await followThread(di, thread.id, 'watching'), 'watching')
  t.equal(await followThread(bo, thread.id, 'muted'), 'muted')
  await replyToThread(bo, thread.id, 'First')
  t.equal(await threadFollowing(bo, thread.id), 'muted', 'a choice outlasts replying')
  await followCategory(di, category.id, 'muted')
  const reply = await replyToThread(ada, thread.id, 'Second')
  t.same(toldOf(await fanOut(), reply.id), ids(cy, di), 'cy watches the category; di watches the thread; bo muted it')
  const again = await replyToThread(cy, thread.id, 'Third')
  t.same(toldOf(await fanOut(), again.id), ids(ada, di), 'muted bo is not told; di watches the thread in a muted category')
  t.equal(await threadFollowing(cy, thread.id), 'participating')
  t.equal(await followThread(bo, thread.id, null), 'participating', 'without a choice, a member who replied participates')
})

t.test('hidden or deleted posts, and members who left or were banned, tell and hear nothing', async (t) => {
  const { hub, ada, bo, cy, open, fanOut, toldOf, ids } = await setUp(t)
  const { thread } = await open(ada, 'Pain')
  await replyToThread(bo, thread.id, 'Here')
  await fanOut()
  const gone = await replyToThread(cy, thread.id, 'Deleted at once')
  await deletePost(cy, gone.id)
  await setMember(hub, 'fop', bo.member.memberId, { left: true })
  const kept = await replyToThread(cy, thread.id, 'Kept')
  const told = await fanOut()
  t.same(toldOf(told, gone.id), [], 'a deleted post tells no one')
  t.same(toldOf(told, kept.id), ids(ada), 'a member who left hears nothing')
})

t.test("the member's list: newest first, unread marks, read one by one, by thread or all at once", async (t) => {
  const { ada, bo, cy, open, fanOut } = await setUp(t)
  const { thread } = await open(ada, 'Diet')
  const first = await replyToThread(bo, thread.id, 'One')
  const second = await replyToThread(cy, thread.id, 'Two')
  await fanOut()
  const list = (await listNotifications(ada)).items
  t.match(list, [
    { kind: 'reply', threadTitle: 'Diet', postId: second.id, by: 'cy here', read: false },
    { kind: 'reply', threadTitle: 'Diet', postId: first.id, by: 'bo here', read: false },
  ])
  t.equal(await unreadNotificationCount(ada), 2)
  t.equal(await markThreadNotificationsRead(ada, thread.id, first.id), 1, 'reading the thread up to the first reply')
  t.equal(await unreadNotificationCount(ada), 1)
  t.equal(await markNotificationsRead(bo, 'all'), 1, "bo's own, not ada's")
  t.equal(await markNotificationsRead(ada, 'all'), 1)
  t.equal(await unreadNotificationCount(ada), 0)
  await deletePost(cy, second.id)
  t.same(
    (await listNotifications(ada)).items.map((one) => one.postId),
    [first.id],
    'a deleted post leaves the list',
  )
})

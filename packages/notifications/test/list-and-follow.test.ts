import t from 'tap'
import type { CommunityActor } from '@kindred/community'
import { createThread, listCategories, replyToThread } from '@kindred/forum'
import { categoryFollowing, fanOutPosts, followCategory, listNotifications } from '@kindred/notifications'
import { buildTestHub, communityMember, provisionTestCommunity, tenantOf, withoutLoadShedding } from '@kindred/testkit'

async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  const tenant = await tenantOf(hub, 'fop')
  const memberOf = async (name: string): Promise<CommunityActor> => {
    const joined = await communityMember(hub, 'fop', name, { pseudonym: `${name} here` })
    return { tenant, member: { memberId: joined.memberId, pseudonym: `${name} here`, role: 'member', charterVersion: 1 } }
  }
  const [ada, bo] = [await memberOf('ada'), await memberOf('bo')]
  const [category] = await listCategories(tenant)
  if (category === undefined) throw new Error('no category')
  const fanOut = async () => {
    while ((await fanOutPosts(tenant, async () => undefined)) > 0);
  }
  return { ada, bo, category, fanOut }
}

t.test("a category's following reads as the member chose it: watching, muted, or neither; 404 for no category", async (t) => {
  const { ada, bo, category } = await setUp(t)
  t.equal(await categoryFollowing(ada, category.id), null, 'neither until chosen')
  await followCategory(ada, category.id, 'watching')
  t.equal(await categoryFollowing(ada, category.id), 'watching')
  t.equal(await categoryFollowing(bo, category.id), null, "one member's choice is theirs alone")
  await followCategory(ada, category.id, 'muted')
  t.equal(await categoryFollowing(ada, category.id), 'muted')
  await followCategory(ada, category.id, null)
  t.equal(await categoryFollowing(ada, category.id), null)
  await t.rejects(categoryFollowing(ada, '999999'), { code: 'KINDRED_NOT_FOUND' })
})

t.test('the list says which notifications are of a thread just started and which of a reply', async (t) => {
  const { ada, bo, category, fanOut } = await setUp(t)
  await followCategory(bo, category.id, 'watching')
  const { thread, post: opening } = await createThread(ada, { categoryId: category.id, title: 'Sleep', body: 'Hours' })
  await fanOut()
  await replyToThread(bo, thread.id, 'Eight')
  const reply = await replyToThread(ada, thread.id, 'Six')
  await fanOut()
  t.match((await listNotifications(bo)).items, [
    { postId: reply.id, opensThread: false, threadTitle: 'Sleep', by: 'ada here' },
    { postId: opening.id, opensThread: true, threadTitle: 'Sleep', by: 'ada here' },
  ])
})

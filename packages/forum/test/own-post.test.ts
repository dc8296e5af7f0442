import t from 'tap'
import type { CommunityActor, TenantHandle } from '@kindred/community'
import { createThread, deletePost, editPost, listCategories, ownPost } from '@kindred/forum'
import { buildTestHub, communityMember, provisionTestCommunity, tenantOf, withoutLoadShedding, type TestHub } from '@kindred/testkit'

async function memberOf(hub: TestHub, tenant: TenantHandle, name: string): Promise<CommunityActor> {
  const joined = await communityMember(hub, 'fop', name, { pseudonym: `${name} here` })
  return { tenant, member: { memberId: joined.memberId, pseudonym: `${name} here`, role: 'member', charterVersion: 1 } }
}

t.test('ownPost applies the rules of editing and deleting before any form is shown', async (t) => {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  const tenant = await tenantOf(hub, 'fop')
  const ada = await memberOf(hub, tenant, 'ada')
  const bob = await memberOf(hub, tenant, 'bob')
  const [category] = await listCategories(tenant)
  const { post } = await createThread(ada, { categoryId: category?.id ?? '', title: 'Hips', body: 'Is *this* normal?' })

  t.match(await ownPost(ada, post.id, { toEdit: true }), { id: post.id, threadId: post.threadId, bodyMarkdown: 'Is *this* normal?' })
  await t.rejects(ownPost(bob, post.id, { toEdit: true }), { code: 'KINDRED_FORBIDDEN' }, "someone else's post, as editPost says")
  await t.rejects(editPost(bob, post.id, 'Taken over'), { code: 'KINDRED_FORBIDDEN' })
  await t.rejects(ownPost(bob, post.id, { toEdit: false }), { code: 'KINDRED_FORBIDDEN' }, 'nor to delete')
  await t.rejects(ownPost(ada, '999999', { toEdit: false }), { code: 'KINDRED_NOT_FOUND' })

  await tenant.query.updateTable('posts').set({ hidden_at: new Date() }).where('id', '=', post.id).execute()
  await t.rejects(ownPost(ada, post.id, { toEdit: true }), { code: 'KINDRED_CONFLICT' }, 'a hidden post is not to edit')
  await t.rejects(editPost(ada, post.id, 'Again'), { code: 'KINDRED_CONFLICT' }, 'as editPost refuses it')
  t.match(await ownPost(ada, post.id, { toEdit: false }), { state: 'hidden', bodyMarkdown: null }, 'but may be deleted, its body unread')
  await deletePost(ada, post.id)
  t.match(await ownPost(ada, post.id, { toEdit: false }), { state: 'deleted' })
})

import t from 'tap'
import type { CommunityActor, TenantHandle } from '@kindred/community'
import { createThread, listCategories, replyToThread } from '@kindred/forum'
import { buildTestHub, communityMember, provisionTestCommunity, tenantOf, withoutLoadShedding, type TestHub } from '@kindred/testkit'

const hour = 3_600_000

async function memberOf(hub: TestHub, tenant: TenantHandle, name: string, budgets: CommunityActor['budgets']): Promise<CommunityActor> {
  const joined = await communityMember(hub, 'fop', name, { pseudonym: `${name} here` })
  return { tenant, member: { memberId: joined.memberId, pseudonym: `${name} here`, role: 'member', charterVersion: 1 }, budgets }
}

const settled = async (writes: Array<Promise<unknown>>) => {
  const outcomes = await Promise.allSettled(writes)
  const codes = outcomes.map((outcome) => (outcome.status === 'fulfilled' ? 'written' : (outcome.reason as { code?: string }).code))
  return {
    written: codes.filter((code) => code === 'written').length,
    limited: codes.filter((code) => code === 'KINDRED_RATE_LIMITED').length,
  }
}

t.test('concurrent writes of one member spend their budgets exactly: as many written as the budget allows, the rest 429', async (t) => {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  const tenant = await tenantOf(hub, 'fop')
  const categoryId = (await listCategories(tenant))[0]?.id ?? ''
  const ada = await memberOf(hub, tenant, 'ada', { posts: { max: 12, windowMs: hour }, threads: { max: 3, windowMs: hour } })
  const { thread } = await createThread(ada, { categoryId, title: 'First', body: 'One' })
  const replies = await settled(Array.from({ length: 15 }, (_, index) => replyToThread(ada, thread.id, `Reply ${index}`)))
  t.same(replies, { written: 11, limited: 4 }, 'twelve posts in the hour, the opening post included')
  const posts = await tenant.query
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('author_id', '=', ada.member.memberId)
    .executeTakeFirstOrThrow()
  t.equal(Number(posts.n), 12, 'no refused reply left a post')

  const cy = await memberOf(hub, tenant, 'cy', { posts: { max: 100, windowMs: hour }, threads: { max: 3, windowMs: hour } })
  const threads = await settled(Array.from({ length: 5 }, (_, index) => createThread(cy, { categoryId, title: `T${index}`, body: 'x' })))
  t.same(threads, { written: 3, limited: 2 }, 'three threads in the hour')

  // Threads and replies at once lock the member's two rows in one order: none deadlocks.
  const di = await memberOf(hub, tenant, 'di', { posts: { max: 100, windowMs: hour }, threads: { max: 100, windowMs: hour } })
  const mixed = await settled([
    ...Array.from({ length: 6 }, (_, index) => createThread(di, { categoryId, title: `D${index}`, body: 'x' })),
    ...Array.from({ length: 12 }, (_, index) => replyToThread(di, thread.id, `Di ${index}`)),
  ])
  t.same(mixed, { written: 18, limited: 0 }, 'threads and replies together, all written')

  const bo = await memberOf(hub, tenant, 'bo', undefined)
  const unlimited = await settled(Array.from({ length: 15 }, (_, index) => replyToThread(bo, thread.id, `Bo ${index}`)))
  t.same(unlimited, { written: 15, limited: 0 }, 'an actor without budgets (a seed) spends none')
  const rows = await tenant.query.selectFrom('write_budgets').select('member_id').distinct().execute()
  t.same(rows.map((row) => row.member_id).sort(), [ada, cy, di].map((actor) => actor.member.memberId).sort(), 'and counts nothing')
})

import t from 'tap'
import type { CommunityActor, TenantHandle } from '@kindred/community'
import { createThread, listCategories, replyToThread } from '@kindred/forum'
import { buildTestHub, communityMember, provisionTestCommunity, tenantOf, withoutLoadShedding, type TestHub } from '@kindred/testkit'

// The actor as a request that took the member from the cache has it: approved, the charter accepted.
async function memberOf(hub: TestHub, tenant: TenantHandle, name: string): Promise<CommunityActor> {
  const joined = await communityMember(hub, 'fop', name, { pseudonym: `${name} here` })
  return { tenant, member: { memberId: joined.memberId, pseudonym: `${name} here`, role: 'member', charterVersion: 1 } }
}

t.test("a reply and a new thread check the member's row in their own statement, whatever the request knew", async (t) => {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  const tenant = await tenantOf(hub, 'fop')
  const [category] = await listCategories(tenant)
  const categoryId = category?.id ?? ''
  const ada = await memberOf(hub, tenant, 'ada')
  const { thread } = await createThread(ada, { categoryId, title: 'Hips', body: 'Is this normal?' })
  const count = async () =>
    Number(
      (
        await tenant.query
          .selectFrom('posts')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const posts = await count()

  const cases: Array<[change: Record<string, unknown>, code: string]> = [
    [{ banned_at: new Date() }, 'KINDRED_BANNED_FROM_COMMUNITY'],
    [{ left_at: new Date() }, 'KINDRED_NOT_A_MEMBER'],
    [{ approval: 'pending' }, 'KINDRED_MEMBERSHIP_PENDING'],
    [{ approval: 'declined' }, 'KINDRED_NOT_A_MEMBER'],
    [{ charter_version: null }, 'KINDRED_CHARTER_ACCEPTANCE_REQUIRED'],
  ]
  for (const [change, code] of cases) {
    const bob = await memberOf(hub, tenant, `bob${cases.findIndex(([one]) => one === change)}`)
    await tenant.query.updateTable('members').set(change).where('member_id', '=', bob.member.memberId).execute()
    await t.rejects(replyToThread(bob, thread.id, 'Same here'), { code }, `a reply: ${Object.keys(change).join()} → ${code}`)
    await t.rejects(createThread(bob, { categoryId, title: 'Mine', body: 'Hello' }), { code }, `a new thread: ${code}`)
  }
  t.equal(await count(), posts, 'nothing was written')
})

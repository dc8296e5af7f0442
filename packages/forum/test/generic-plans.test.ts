import { sql } from 'kysely'
import t from 'tap'
import type { CommunityActor } from '@kindred/community'
import { createThread, listCategories, replyToThread } from '@kindred/forum'
import { buildTestHub, communityMember, provisionTestCommunity, tenantOf, withoutLoadShedding } from '@kindred/testkit'

interface PlanCounts {
  statement: string
  generic_plans: number
  custom_plans: number
}

// PostgreSQL plans a prepared statement anew on every execution while its generic plan looks dearer than
// the custom ones: a write's planning would then cost as much as its work (tenant/0020).
t.test('opening a thread and replying run on generic plans once PostgreSQL has seen them', async (t) => {
  const hub = await buildTestHub(t, { env: { ...withoutLoadShedding, PLACEMENT_POOL_MAX: '1' } })
  await provisionTestCommunity(hub, 'fop')
  const tenant = await tenantOf(hub, 'fop')
  const categoryId = (await listCategories(tenant))[0]?.id ?? ''
  const joined = await communityMember(hub, 'fop', 'ada', { pseudonym: 'Ada here' })
  const ada: CommunityActor = {
    tenant,
    member: { memberId: joined.memberId, pseudonym: 'Ada here', role: 'member', charterVersion: 1 },
    budgets: undefined,
  }
  const runs = 12
  for (let index = 0; index < runs; index += 1) {
    const { thread } = await createThread(ada, { categoryId, title: `Thread ${index}`, body: 'An opening post' })
    await replyToThread(ada, thread.id, 'A reply')
  }
  // The placement's one connection ran every statement above, and runs this one.
  const { plans } = await tenant.query
    .selectNoFrom(
      sql<PlanCounts[]>`(select coalesce(json_agg(json_build_object('statement', statement, 'generic_plans', generic_plans,
        'custom_plans', custom_plans)), '[]') from pg_prepared_statements)`.as('plans'),
    )
    .executeTakeFirstOrThrow()
  const running = (part: string) => plans.find((plan) => plan.statement.includes(`${part} "${tenant.schema}"."threads"`))
  for (const [name, plan] of [
    ['opening a thread', running('insert into')],
    ['replying', running('update')],
  ] as const) {
    t.ok(plan, `${name} is a prepared statement`)
    t.equal((plan?.generic_plans ?? 0) + (plan?.custom_plans ?? 0), runs, `${name} ran ${runs} times`)
    t.ok((plan?.custom_plans ?? runs) <= 5, `${name} planned anew at most for its first five runs (${plan?.custom_plans} custom plans)`)
  }
})

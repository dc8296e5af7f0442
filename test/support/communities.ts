import { communityProvisionJob } from '@kindred/tenancy'
import { secondPlacementName, type TestHub } from './hub.ts'
import { hubTasks, runDueJobs } from './jobs.ts'
import { insertProposal, type ProposalSeed, type SeededProposal } from './proposals.ts'

// Communities go to the second placement and the hub's own in turn, the first on the second: tenant data
// then lives apart from the hub's, so a query sent to the wrong database fails in every test.
async function placementFor(hub: TestHub, named: string | undefined): Promise<{ placement?: string }> {
  if (named !== undefined) return { placement: named }
  if (!hub.placements.has(secondPlacementName)) return {}
  const { count } = await hub.database.db
    .selectFrom('hub.communities')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow()
  return { placement: Number(count) % 2 === 0 ? secondPlacementName : 'default' }
}

/**
 * A live community on the test hub, provisioned by the real job from an approved proposal (founder,
 * volunteer moderators and member supporters included), on the placement named or else on the second
 * placement and the hub's own in turn. Its join
 * approval is turned off, as a community may choose, so that members joining in tests take part at once;
 * `joinApproval: true` keeps the community as provisioned (new members wait for a moderator). `disease` names
 * the disease (default: "Disease <slug>", no ORPHA code, no other names).
 */
export async function provisionTestCommunity(
  hub: TestHub,
  slug: string,
  options: {
    placement?: string
    joinApproval?: boolean
    disease?: Pick<ProposalSeed, 'diseaseName' | 'orphaCode' | 'alsoKnownAs' | 'languages'>
  } = {},
): Promise<SeededProposal> {
  const { db, pool } = hub.database
  const proposal = await insertProposal(db, { slug, moderators: 1, members: 1, ...options.disease })
  const placement = await placementFor(hub, options.placement)
  await db.transaction().execute((trx) => communityProvisionJob.enqueue(trx, { proposalId: proposal.proposalId, ...placement }))
  await runDueJobs(pool, hubTasks(hub))
  const community = await db
    .selectFrom('hub.communities')
    .select(['status', 'placement', 'schema_name as schemaName'])
    .where('slug', '=', slug)
    .executeTakeFirst()
  if (community?.status !== 'live') throw new Error(`community ${slug} is ${community?.status ?? 'missing'} after provisioning`)
  if (options.joinApproval !== true) {
    const tenant = hub.placements.tenantDb(community)
    await tenant.query.updateTable('settings').set({ join_approval: false }).execute()
  }
  return proposal
}

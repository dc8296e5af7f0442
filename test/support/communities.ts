import { kindredTasks } from '@kindred/jobs'
import { enqueueProvisioning } from '@kindred/incubator'
import type { TestHub } from './hub.ts'
import { runDueJobs } from './jobs.ts'
import { insertProposal, type SeededProposal } from './proposals.ts'

/**
 * A live community on the test hub, provisioned by the real job from an approved proposal (founder,
 * volunteer moderators and member supporters included), optionally on a named placement. Its join
 * approval is turned off, as a community may choose, so that members joining in tests take part at once;
 * `joinApproval: true` keeps the community as provisioned (new members wait for a moderator).
 */
export async function provisionTestCommunity(
  hub: TestHub,
  slug: string,
  options: { placement?: string; joinApproval?: boolean } = {},
): Promise<SeededProposal> {
  const { db, pool } = hub.database
  const proposal = await insertProposal(db, { slug, moderators: 1, members: 1 })
  const placement = options.placement === undefined ? {} : { placement: options.placement }
  await db.transaction().execute((trx) => enqueueProvisioning(trx, { proposalId: proposal.proposalId, ...placement }))
  await runDueJobs(pool, kindredTasks({ db, placements: hub.placements, logger: hub.logs.logger, config: hub.config }))
  const community = await db.selectFrom('hub.communities').select(['status', 'placement', 'schema_name as schemaName']).where('slug', '=', slug).executeTakeFirst()
  if (community?.status !== 'live') throw new Error(`community ${slug} is ${community?.status ?? 'missing'} after provisioning`)
  if (options.joinApproval !== true) {
    const tenant = hub.placements.tenantDb(community)
    await tenant.db.withSchema(tenant.schema).updateTable('settings').set({ join_approval: false }).execute()
  }
  return proposal
}

import { kindredTasks } from '@kindred/jobs'
import { enqueueProvisioning } from '@kindred/incubator'
import type { TestHub } from './hub.ts'
import { runDueJobs } from './jobs.ts'
import { insertProposal, type SeededProposal } from './proposals.ts'

/**
 * A live community on the test hub, provisioned by the real job from an approved proposal (founder,
 * volunteer moderators and member supporters included), optionally on a named placement.
 */
export async function provisionTestCommunity(hub: TestHub, slug: string, options: { placement?: string } = {}): Promise<SeededProposal> {
  const { db, pool } = hub.database
  const proposal = await insertProposal(db, { slug, moderators: 1, members: 1 })
  await db.transaction().execute((trx) => enqueueProvisioning(trx, { proposalId: proposal.proposalId, ...options }))
  await runDueJobs(pool, kindredTasks({ db, placements: hub.placements, logger: hub.logs.logger, config: hub.config }))
  const community = await db.selectFrom('hub.communities').select('status').where('slug', '=', slug).executeTakeFirst()
  if (community?.status !== 'live') throw new Error(`community ${slug} is ${community?.status ?? 'missing'} after provisioning`)
  return proposal
}

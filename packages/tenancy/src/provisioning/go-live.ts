import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { recordProposalTransition } from '@kindred/incubator'
import { lockProvisioning } from './lock.ts'
import type { CommunityInProgress } from './register-community.ts'

/**
 * Last step, in the hub, in one transaction, only after the tenant has committed: the community goes live
 * with the tenant's migration version, the member supporters are invited, and the proposal becomes live.
 * Conditional on the statuses it moves from, so re-running it changes nothing.
 */
export async function goLive(
  db: Kysely<HubDatabase>,
  proposalId: string,
  community: CommunityInProgress,
  migrationVersion: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockProvisioning(trx, proposalId)
    const updated = await trx
      .updateTable('hub.communities')
      .set({
        status: 'live',
        live_at: sql<Date>`now()`,
        provisioning_error: null,
        // A rollout may have migrated the new tenant further meanwhile: never record an older version.
        migration_version: sql<string>`greatest(coalesce(migration_version, ''), ${migrationVersion})`,
      })
      .where('id', '=', community.id)
      .where('status', 'in', ['provisioning', 'provisioning_failed'])
      .executeTakeFirst()
    if (updated.numUpdatedRows > 0n) await inviteSupporters(trx, proposalId, community.id)
    const proposal = await trx.selectFrom('hub.proposals').select('status').where('id', '=', proposalId).forUpdate().executeTakeFirst()
    if (proposal?.status === 'provisioning') {
      await recordProposalTransition(trx, {
        proposalId,
        from: 'provisioning',
        to: 'live',
        actor: 'system',
        actorId: null,
        reason: 'The community is live',
      })
    }
  })
}

async function inviteSupporters(trx: Kysely<HubDatabase>, proposalId: string, communityId: string): Promise<void> {
  await trx
    .insertInto('hub.community_invitations')
    .columns(['community_id', 'account_id'])
    .expression((eb) =>
      eb
        .selectFrom('hub.proposal_supports')
        .select((s) => [s.val(communityId).as('community_id'), 'account_id'])
        .where('proposal_id', '=', proposalId)
        .where('support_as', '=', 'member'),
    )
    .onConflict((conflict) => conflict.columns(['community_id', 'account_id']).doNothing())
    .execute()
}

import type { Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'

const maxMessageLength = 1000

/**
 * What staff see of a failed provisioning: the error's message and SQLSTATE, with any credentials in a
 * URL blanked out and the length bounded. Stacks, connection parameters and payloads are left out.
 *
 * @example describeFailure(new Error('connect ECONNREFUSED 10.0.0.7:5432')) // 'connect ECONNREFUSED 10.0.0.7:5432'
 */
export function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : 'an unknown error'
  const code = (error as { code?: unknown } | null)?.code
  const withCode = typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? `${message} (SQLSTATE ${code})` : message
  return withCode.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi, '$1…@').slice(0, maxMessageLength)
}

/**
 * Marks the community of a proposal `provisioning_failed` with the error, for staff, once the job has used
 * its last attempt. A community that is no longer provisioning (it went live after all) is left alone.
 *
 * @example await markProvisioningFailed(db, proposalId, error)
 * @returns Whether a community was marked (false when the failure came before one existed).
 */
export async function markProvisioningFailed(db: Kysely<HubDatabase>, proposalId: string, error: unknown): Promise<boolean> {
  const message = describeFailure(error)
  return db.transaction().execute(async (trx) => {
    const failed = await trx
      .updateTable('hub.communities')
      .set({ status: 'provisioning_failed', provisioning_error: message })
      .where('proposal_id', '=', proposalId)
      .where('status', '=', 'provisioning')
      .returning('id')
      .executeTakeFirst()
    if (failed === undefined) return false
    await trx
      .insertInto('hub.community_events')
      .values({ community_id: failed.id, action: 'provisioning_failed', actor_id: null, reason: message })
      .execute()
    return true
  })
}

import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'

/** The graphile-worker task that turns an approved proposal into a live community. */
export const provisionCommunityTask = 'community__provision'

/** The payload of `community__provision` jobs: the approved proposal, and optionally the placement staff chose. */
export interface ProvisionCommunityPayload {
  proposalId: string
  placement?: string
}

/** Attempts before graphile-worker gives up on provisioning a community (with its exponential backoff). */
export const provisionMaxAttempts = 10

/**
 * The job key of a proposal's provisioning job: one job per proposal, however often it is asked for.
 *
 * @example provisioningJobKey('0b6f…') // 'community__provision:0b6f…'
 */
export function provisioningJobKey(proposalId: string): string {
  return `${provisionCommunityTask}:${proposalId}`
}

/**
 * Queues the provisioning of a community with SQL on the caller's transaction, so the job exists if and
 * only if what asked for it (an approval, a staff retry) commits. A job for the same proposal that has not
 * started is replaced; one that is running finishes.
 *
 * @example await enqueueProvisioning(trx, { proposalId })
 */
export async function enqueueProvisioning(trx: Kysely<HubDatabase>, payload: ProvisionCommunityPayload): Promise<void> {
  await sql`select graphile_worker.add_job(${provisionCommunityTask}, ${JSON.stringify(payload)}::json, job_key => ${provisioningJobKey(payload.proposalId)}, max_attempts => ${provisionMaxAttempts}::int)`.execute(trx)
}

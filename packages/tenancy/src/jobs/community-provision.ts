import { Type } from 'typebox'
import { defineJob, uuidSchema } from '@kindred/job-definition'
import type { TenancyDependencies } from '../provisioning/dependencies.ts'
import { describeFailure, markProvisioningFailed } from '../provisioning/failure.ts'
import { provisionCommunity } from '../provisioning/provision-community.ts'

/**
 * `community__provision`: provisions the community of an approved proposal, queued by its approval
 * (`decideOnProposal` in @kindred/incubator, which is given this job) and by a staff retry
 * (`retryProvisioning`), one job per proposal (the key). Every attempt may be retried safely
 * (provisionCommunity is idempotent); when the last one fails, the community shows `provisioning_failed`
 * with the error to staff, who can retry from the API or the CLI.
 *
 * @example await communityProvisionJob.enqueue(trx, { proposalId }) // or { proposalId, placement: 'eu-2' }
 */
export const communityProvisionJob = defineJob({
  name: 'community__provision',
  payload: Type.Object(
    {
      proposalId: uuidSchema,
      /** The placement staff chose; otherwise the least loaded. */
      placement: Type.Optional(
        Type.String({ pattern: '^[a-z][a-z0-9-]{0,31}$', title: 'placement name', description: 'a placement name' }),
      ),
    },
    { additionalProperties: false },
  ),
  key: ({ proposalId }) => `community__provision:${proposalId}`,
  maxAttempts: 10,
  run: async (deps: TenancyDependencies, { proposalId, placement }, attempt) => {
    try {
      await provisionCommunity(deps, proposalId, placement === undefined ? {} : { placement })
    } catch (error) {
      if (attempt.isLast) {
        const marked = await markProvisioningFailed(deps.db, proposalId, error)
        deps.logger.error(
          { proposalId, attempts: attempt.attempt, marked, error: describeFailure(error) },
          'community provisioning failed for good',
        )
      }
      throw error
    }
  },
})

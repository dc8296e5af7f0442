import type { Task } from 'graphile-worker'
import { describeFailure, markProvisioningFailed, parseProvisioningPayload, provisionCommunity, type ProvisioningPayload } from '@kindred/tenancy'
import type { TaskDependencies } from './dependencies.ts'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- graphile-worker types job payloads through this global namespace
  namespace GraphileWorker {
    interface Tasks {
      /** Queued by a proposal's approval (and a staff retry): see provisionCommunity (@kindred/tenancy). */
      community__provision: ProvisioningPayload
    }
  }
}

/**
 * `community__provision`: provisions the community of an approved proposal. Every attempt may be retried
 * safely (provisionCommunity is idempotent); when the last attempt fails, the community shows
 * `provisioning_failed` with the error to staff, who can retry from the API or the CLI.
 */
export function communityProvisionTask(deps: TaskDependencies): Task<'community__provision'> {
  return async (payload, helpers) => {
    const { proposalId, placement } = parseProvisioningPayload(payload)
    try {
      await provisionCommunity(deps, proposalId, placement === undefined ? {} : { placement })
    } catch (error) {
      if (helpers.job.attempts >= helpers.job.max_attempts) {
        const marked = await markProvisioningFailed(deps.db, proposalId, error)
        deps.logger.error({ proposalId, attempts: helpers.job.attempts, marked, error: describeFailure(error) }, 'community provisioning failed for good')
      }
      throw error
    }
  }
}

import type { ProvisionCommunityPayload } from '@kindred/incubator'

/** What a `community__provision` job carries (queued by @kindred/incubator's enqueueProvisioning). */
export type ProvisioningPayload = ProvisionCommunityPayload

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const placementPattern = /^[a-z][a-z0-9-]{0,31}$/

/** A job payload that cannot be provisioned whatever happens (retrying it cannot help). */
export class InvalidPayloadError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'InvalidPayloadError'
  }
}

/**
 * Checks a job's payload when the task starts: the queue is a database table, so what arrives is only as
 * good as whatever wrote it.
 *
 * @example const { proposalId } = parseProvisioningPayload(payload)
 * @throws InvalidPayloadError
 */
export function parseProvisioningPayload(payload: unknown): ProvisioningPayload {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new InvalidPayloadError('the payload must be an object')
  const { proposalId, placement, ...rest } = payload as Record<string, unknown>
  const unknown = Object.keys(rest)
  if (unknown.length > 0) throw new InvalidPayloadError(`unknown payload properties: ${unknown.join(', ')}`)
  if (typeof proposalId !== 'string' || !uuidPattern.test(proposalId)) throw new InvalidPayloadError('proposalId must be a UUID')
  if (placement === undefined) return { proposalId }
  if (typeof placement !== 'string' || !placementPattern.test(placement)) throw new InvalidPayloadError('placement must be a placement name')
  return { proposalId, placement }
}

import { Type } from 'typebox'
import { defineJob } from '@kindred/job-definition'
import { distributeCharter } from '../charter-copies.ts'
import type { TenancyDependencies } from '../provisioning/dependencies.ts'

/**
 * `charter__distribute`: copies a published charter version into every community; idempotent. Queued with
 * each version published (`publishCharter` in @kindred/charter, which is given this job), one job per version.
 *
 * @example await charterDistributeJob.enqueue(trx, { version: 2 })
 */
export const charterDistributeJob = defineJob({
  name: 'charter__distribute',
  payload: Type.Object(
    { version: Type.Integer({ minimum: 1, title: 'integer ≥ 1', description: 'a charter version (an integer ≥ 1)' }) },
    { additionalProperties: false },
  ),
  key: ({ version }) => `charter__distribute:${version}`,
  maxAttempts: 25,
  run: async (deps: TenancyDependencies, { version }) => {
    const reached = await distributeCharter(deps, version)
    deps.logger.info({ version, communities: reached }, 'charter copied into every community')
  },
})

import type { Kysely } from 'kysely'
import { Type } from 'typebox'
import type { HubDatabase } from '@kindred/db'
import { defineJob, opaqueKey, uuidSchema, type JobDependencies } from '@kindred/job-definition'
import type { Placements } from '@kindred/community'
import { handOverOwnership } from '../succession.ts'

/**
 * `ownership__hand_over`: the communities a banned account owned pass to their longest-serving moderator,
 * or are flagged for staff; idempotent, so a retry after any crash finishes the work. A ban lifted before
 * the job runs changes nothing. Queued with a network ban (`banAccount` in @kindred/identity, which is given
 * this job), keyed per account by a digest, so the queue and the worker's logs never name it.
 *
 * @example await ownershipHandOverJob.enqueue(trx, { accountId })
 */
export const ownershipHandOverJob = defineJob({
  name: 'ownership__hand_over',
  payload: Type.Object({ accountId: uuidSchema }, { additionalProperties: false }),
  key: ({ accountId }) => opaqueKey('ownership__hand_over', accountId),
  maxAttempts: 25,
  run: async (deps: JobDependencies & { db: Kysely<HubDatabase>; placements: Placements }, { accountId }) => {
    await handOverOwnership({ hub: deps.db, placements: deps.placements }, accountId)
    deps.logger.info({ task: 'ownership__hand_over' }, 'ownership handed over')
  },
})

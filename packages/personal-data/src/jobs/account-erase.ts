import type { Kysely } from 'kysely'
import { Type } from 'typebox'
import type { HubDatabase } from '@kindred/db'
import { defineJob, opaqueKey, uuidSchema, type JobDependencies } from '@kindred/job-definition'
import type { Placements } from '@kindred/community'
import { eraseAccount } from '../erasure.ts'

/**
 * `account__erase`: erases an account everywhere (`eraseAccount`); idempotent, so a retry after any crash
 * finishes the work. Queued with the account's erasure request (`requestErasure`), keyed per account by a
 * digest: a second request while the job waits changes nothing, and the queue and the worker's logs never
 * name the account.
 *
 * @example await accountEraseJob.enqueue(trx, { accountId })
 */
export const accountEraseJob = defineJob({
  name: 'account__erase',
  payload: Type.Object({ accountId: uuidSchema }, { additionalProperties: false }),
  key: ({ accountId }) => opaqueKey('account__erase', accountId),
  maxAttempts: 25,
  run: async (deps: JobDependencies & { db: Kysely<HubDatabase>; placements: Placements }, { accountId }) => {
    await eraseAccount({ hub: deps.db, placements: deps.placements }, accountId)
    deps.logger.info({ task: 'account__erase' }, 'account erased')
  },
})

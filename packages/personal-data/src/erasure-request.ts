import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import { revokeAllSessions, verifyPassword } from '@kindred/identity'
import { accountEraseJob } from './jobs/account-erase.ts'

/**
 * The account asks to be erased, confirming with its password: from this moment it cannot sign in and
 * every session has ended, and the erasure job (`account__erase`) is queued in the same transaction (so a
 * request is never acknowledged without its job). Asking again while the job runs changes nothing.
 *
 * @example await requestErasure(hub, { accountId, password })
 * @throws KindredError `KINDRED_INVALID_CREDENTIALS` (401) for a wrong password.
 */
export async function requestErasure(hub: Kysely<HubDatabase>, request: { accountId: string; password: string }): Promise<void> {
  const row = await hub.selectFrom('hub.accounts').select('password_hash').where('id', '=', request.accountId).executeTakeFirst()
  if (row === undefined || !(await verifyPassword(row.password_hash, request.password))) {
    throw new KindredError('KINDRED_INVALID_CREDENTIALS', 'The password is incorrect')
  }
  await hub.transaction().execute(async (trx) => {
    await trx
      .updateTable('hub.accounts')
      .set({ erasure_requested_at: sql<Date>`coalesce(erasure_requested_at, now())` })
      .where('id', '=', request.accountId)
      .execute()
    await revokeAllSessions(trx, request.accountId)
    await accountEraseJob.enqueue(trx, { accountId: request.accountId })
  })
}

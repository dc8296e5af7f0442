import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { KindredError } from '@kindred/errors'
import type { QueueableJob } from '@kindred/job-definition'
import { revokeAllSessions } from './sessions.ts'

export interface BanChange {
  accountId: string
  reason: string
  /** The staff member acting. */
  actedBy: string
}

export interface BanRecord {
  action: 'ban' | 'unban'
  reason: string
  actedBy: string | null
  actedAt: Date
}

/**
 * The job a ban queues: `ownership__hand_over`, by which the communities the account owned pass to a
 * moderator, or are flagged for staff. Tenants live on other clusters, so this cannot be part of the ban's
 * own transaction; queued in it, it is never lost. Its module is @kindred/moderation's (above this package),
 * so the caller hands it in: `{ handOver: ownershipHandOverJob }`.
 */
export interface BanJobs {
  handOver: QueueableJob<{ accountId: string }>
}

/**
 * Bans an account network-wide: it can no longer sign in, and every session ends at once (refresh tokens
 * revoked, access tokens issued before now refused). Recorded with the reason and the staff member acting;
 * the job that hands on the communities it owned (`jobs.handOver`) is queued in the same transaction.
 * A staff member cannot ban themselves; an account already banned is `KINDRED_CONFLICT`.
 *
 * @example await banAccount(db, { accountId, reason: 'Selling unproven treatments', actedBy: staffId }, { handOver: ownershipHandOverJob })
 */
export async function banAccount(db: Kysely<HubDatabase>, change: BanChange, jobs: BanJobs): Promise<void> {
  if (change.accountId === change.actedBy) throw new KindredError('KINDRED_CONFLICT', 'Staff cannot ban their own account')
  await db.transaction().execute(async (trx) => {
    await setBanned(trx, change.accountId, true)
    await revokeAllSessions(trx, change.accountId)
    await record(trx, change, 'ban')
    await jobs.handOver.enqueue(trx, { accountId: change.accountId })
  })
}

/** Lifts a network-wide ban, recorded like the ban; the account signs in again (its old sessions stay ended). */
export async function unbanAccount(db: Kysely<HubDatabase>, change: BanChange): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await setBanned(trx, change.accountId, false)
    await record(trx, change, 'unban')
  })
}

/** The bans and unbans of an account, oldest first. */
export async function banHistory(db: Kysely<HubDatabase>, accountId: string): Promise<BanRecord[]> {
  const rows = await db
    .selectFrom('hub.account_bans')
    .select(['action', 'reason', 'acted_by', 'acted_at'])
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute()
  return rows.map((row) => ({ action: row.action, reason: row.reason, actedBy: row.acted_by, actedAt: row.acted_at }))
}

async function setBanned(trx: Kysely<HubDatabase>, accountId: string, banned: boolean): Promise<void> {
  const exists = await trx.selectFrom('hub.accounts').select('banned_at').where('id', '=', accountId).forUpdate().executeTakeFirst()
  if (exists === undefined) throw new KindredError('KINDRED_NOT_FOUND', 'No such account')
  if ((exists.banned_at !== null) === banned) {
    throw new KindredError('KINDRED_CONFLICT', banned ? 'The account is already banned' : 'The account is not banned')
  }
  await trx
    .updateTable('hub.accounts')
    .set({ banned_at: banned ? sql<Date>`now()` : null })
    .where('id', '=', accountId)
    .execute()
}

async function record(trx: Kysely<HubDatabase>, change: BanChange, action: 'ban' | 'unban'): Promise<void> {
  await trx
    .insertInto('hub.account_bans')
    .values({ account_id: change.accountId, action, reason: change.reason, acted_by: change.actedBy })
    .execute()
}

import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'

/**
 * Serialises the hub steps of one proposal's provisioning (two jobs for the same proposal, a staff retry
 * while a job runs) until the caller's transaction ends.
 */
export async function lockProvisioning(trx: Kysely<HubDatabase>, proposalId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`kindred.provision.${proposalId}`}, 0))`.execute(trx)
}

import { setTimeout as sleep } from 'node:timers/promises'
import { sql, type Kysely, type Transaction } from 'kysely'
import { communityMovingCode } from '@kindred/db'
import type { TenantDatabase } from '@kindred/community'

const fenceFunction = 'kindred_move_fence'

/**
 * Stops every write to `schema`'s tables, on whatever connection it comes from: a statement trigger on
 * each raises `KM503`, which the services answer with 503 and a Retry-After. Creating the triggers waits
 * for the writes already under way, so once this returns no write can commit on the old copy any more,
 * and the subscription needs only to catch up to the server's current WAL position. Reads go on.
 *
 * @example await raiseWriteFence(source, 'tenant_42', ['members', 'posts'])
 */
export async function raiseWriteFence(db: Kysely<TenantDatabase>, schema: string, tables: readonly string[]): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await db.transaction().execute((trx) => fence(trx, schema, tables))
      return
    } catch (error) {
      if (attempt >= fenceAttempts || !lockContention.has((error as { code?: string }).code ?? '')) throw error
      await sleep(20)
    }
  }
}

// A member's write locks the community's tables one by one as it goes; the fence locks them all. Each
// could wait for the other: the fence gives up first (lock_timeout, well under the server's 1 s
// deadlock_timeout), so the member's write goes through and the fence tries again after it.
const lockContention = new Set(['55P03', '40P01']) // lock_not_available, deadlock_detected
const fenceAttempts = 100

async function fence(trx: Transaction<TenantDatabase>, schema: string, tables: readonly string[]): Promise<void> {
  await sql`set local lock_timeout = '100ms'`.execute(trx)
  await sql`lock table ${sql.join(tables.map((table) => sql.id(schema, table)))} in share row exclusive mode`.execute(trx)
  await sql`
    create or replace function ${sql.id(schema, fenceFunction)}() returns trigger language plpgsql as $$
    begin
      raise exception 'This community is moving to another database server; try again in a few seconds'
        using errcode = ${sql.lit(communityMovingCode)};
    end
    $$`.execute(trx)
  for (const table of tables) {
    await sql`
      create trigger ${sql.id(fenceFunction)} before insert or update or delete or truncate on ${sql.id(schema, table)}
      for each statement execute function ${sql.id(schema, fenceFunction)}()`.execute(trx)
  }
}

/** Lets writes through again, after a move that did not finish; nothing when there is no fence. */
export async function liftWriteFence(db: Kysely<TenantDatabase>, schema: string): Promise<void> {
  // The triggers depend on the function: dropping it with cascade drops them all.
  await sql`drop function if exists ${sql.id(schema, fenceFunction)}() cascade`.execute(db)
}

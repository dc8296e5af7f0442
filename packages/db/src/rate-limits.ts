import { createHash } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from './hub-schema.ts'

export interface RateLimitHit {
  /** Hits in the current window, this one included. */
  hits: number
  /** Milliseconds until the window ends. */
  resetsInMs: number
}

/**
 * Counts one hit against `key` in a fixed window of `windowMs`, atomically across every process using
 * the database, and returns the window's count so far. Only a hash of the key is stored.
 *
 * @example const { hits } = await countRateLimitHit(db, 'login:ip:203.0.113.7', 60_000)
 * -- insert into hub.rate_limits … on conflict (key_hash) do update set hits = case when ended then 1 else hits + 1 end …
 */
export async function countRateLimitHit(db: Kysely<HubDatabase>, key: string, windowMs: number): Promise<RateLimitHit> {
  const keyHash = createHash('sha256').update(key).digest()
  const windowEnd = sql<Date>`now() + ${windowMs} * interval '1 millisecond'`
  const ended = sql<boolean>`rate_limits.window_ends_at <= now()`
  const row = await db
    .insertInto('hub.rate_limits')
    .values({ key_hash: keyHash, window_ends_at: windowEnd, hits: 1 })
    .onConflict((conflict) =>
      conflict.column('key_hash').doUpdateSet({
        window_ends_at: sql<Date>`case when ${ended} then ${windowEnd} else rate_limits.window_ends_at end`,
        hits: sql<number>`case when ${ended} then 1 else rate_limits.hits + 1 end`,
      }),
    )
    .returning(['hits', sql<number>`ceil(extract(epoch from window_ends_at - now()) * 1000)::int`.as('resets_in_ms')])
    .executeTakeFirstOrThrow()
  return { hits: row.hits, resetsInMs: Math.max(row.resets_in_ms, 0) }
}

/** Deletes the counters whose window has ended; returns how many. */
export async function pruneRateLimits(db: Kysely<HubDatabase>): Promise<number> {
  const result = await db
    .deleteFrom('hub.rate_limits')
    .where('window_ends_at', '<', sql<Date>`now()`)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

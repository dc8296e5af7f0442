import { createHash } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from './hub-schema.ts'

const hash = (key: string): Buffer => createHash('sha256').update(key).digest()

// A float, not an int: a window may be configured longer than the 24.8 days an int holds in milliseconds.
const resetsInMs = sql<number>`ceil(extract(epoch from window_ends_at - now()) * 1000)::float8`.as('resets_in_ms')

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
  const keyHash = hash(key)
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
    .returning(['hits', resetsInMs])
    .executeTakeFirstOrThrow()
  return { hits: row.hits, resetsInMs: Math.max(row.resets_in_ms, 0) }
}

/**
 * Takes back one hit of `key` in its current window, for a request that turned out not to count (a
 * sign-in that succeeded, where only failures are limited). Nothing happens once the window has ended.
 *
 * @example await uncountRateLimitHit(db, 'login:account:ada@example.org')
 * -- update hub.rate_limits set hits = hits - 1 where key_hash = $1 and hits > 0 and window_ends_at > now()
 */
export async function uncountRateLimitHit(db: Kysely<HubDatabase>, key: string): Promise<void> {
  await db
    .updateTable('hub.rate_limits')
    .set({ hits: sql<number>`hits - 1` })
    .where('key_hash', '=', hash(key))
    .where('hits', '>', 0)
    .where('window_ends_at', '>', sql<Date>`now()`)
    .execute()
}

/**
 * Holds `key` for `ms` from now, whatever its window was (a back-off to wait out, an address to
 * remember); readRateLimit answers it until then.
 *
 * @example await holdRateLimitKey(db, 'login:backoff:…', 4000)
 */
export async function holdRateLimitKey(db: Kysely<HubDatabase>, key: string, ms: number): Promise<void> {
  const windowEnd = sql<Date>`now() + ${ms} * interval '1 millisecond'`
  await db
    .insertInto('hub.rate_limits')
    .values({ key_hash: hash(key), window_ends_at: windowEnd, hits: 1 })
    .onConflict((conflict) => conflict.column('key_hash').doUpdateSet({ window_ends_at: windowEnd, hits: 1 }))
    .execute()
}

/**
 * The current window of `key` without counting a hit; undefined when it has none (never counted, cleared,
 * or ended).
 *
 * @example const backOff = await readRateLimit(db, 'login:backoff:…') // { hits: 1, resetsInMs: 1873 }
 */
export async function readRateLimit(db: Kysely<HubDatabase>, key: string): Promise<RateLimitHit | undefined> {
  const row = await db
    .selectFrom('hub.rate_limits')
    .select(['hits', resetsInMs])
    .where('key_hash', '=', hash(key))
    .where('window_ends_at', '>', sql<Date>`now()`)
    .executeTakeFirst()
  return row === undefined ? undefined : { hits: row.hits, resetsInMs: Math.max(row.resets_in_ms, 0) }
}

/** Forgets `key`'s window, so that it counts from nothing again (consecutive failures after a success). */
export async function clearRateLimit(db: Kysely<HubDatabase>, key: string): Promise<void> {
  await db.deleteFrom('hub.rate_limits').where('key_hash', '=', hash(key)).execute()
}

/** Deletes the counters whose window has ended; returns how many. */
export async function pruneRateLimits(db: Kysely<HubDatabase>): Promise<number> {
  const result = await db
    .deleteFrom('hub.rate_limits')
    .where('window_ends_at', '<', sql<Date>`now()`)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

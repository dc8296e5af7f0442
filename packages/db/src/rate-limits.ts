import { createHmac, createSecretKey } from 'node:crypto'
import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { HubDatabase } from './hub-schema.ts'

// A float, not an int: a window may be configured longer than the 24.8 days an int holds in milliseconds.
const resetsInMs = sql<number>`ceil(extract(epoch from window_ends_at - now()) * 1000)::float8`.as('resets_in_ms')

export interface RateLimitHit {
  /** Hits in the current window, this one included. */
  hits: number
  /** Milliseconds until the window ends. */
  resetsInMs: number
}

/** Counters of hits per key in fixed windows, shared by every process using the database. */
export interface RateLimitCounter {
  /**
   * Counts one hit against `key` in a fixed window of `windowMs`, atomically, and returns the window's
   * count so far.
   *
   * @example const { hits } = await counter.count('login:ip:203.0.113.7', 60_000)
   * -- insert into hub.rate_limits … on conflict (key_hash) do update set hits = case when ended then 1 else hits + 1 end …
   */
  count(key: string, windowMs: number): Promise<RateLimitHit>
  /**
   * Counts one hit against each key, each in its own window, in one statement (a request spending several
   * budgets at once: a new thread is a thread and a post), and returns each window's count in the same order.
   * The keys must differ.
   */
  countAll(hits: ReadonlyArray<{ key: string; windowMs: number }>): Promise<RateLimitHit[]>
  /**
   * Takes back one hit of `key` in its current window, for a request that turned out not to count (a
   * sign-in that succeeded, where only failures are limited). Nothing happens once the window has ended.
   */
  uncount(key: string): Promise<void>
  /** Holds `key` for `ms` from now, whatever its window was (a back-off to wait out, an address to remember). */
  hold(key: string, ms: number): Promise<void>
  /** The current window of `key` without counting a hit; undefined when it has none (never counted, cleared, or ended). */
  read(key: string): Promise<RateLimitHit | undefined>
  /** Forgets `key`'s window, so that it counts from nothing again (consecutive failures after a success). */
  clear(key: string): Promise<void>
}

/**
 * Rate-limit counters in `hub.rate_limits`. A key (an email and an address, say) is stored only as its
 * HMAC under `secret` (derived from the master key): without the secret, a copy of the database cannot be
 * searched by trying every address against a known email.
 *
 * @example const counter = rateLimitCounter(db, tokens.deriveKey('rate-limit keys'))
 */
export function rateLimitCounter(db: Kysely<HubDatabase>, secret: Buffer): RateLimitCounter {
  // A key object made once: given the bytes, every HMAC converted them again (11 µs against 2.5 µs each).
  const hmacKey = createSecretKey(secret)
  const hash = (key: string): Buffer => createHmac('sha256', hmacKey).update(key).digest()
  const upsert = (key: string, windowEnd: RawBuilder<Date>) =>
    db.insertInto('hub.rate_limits').values({ key_hash: hash(key), window_ends_at: windowEnd, hits: 1 })
  const windowEndIn = (ms: number) => sql<Date>`now() + ${ms} * interval '1 millisecond'`

  const countAll: RateLimitCounter['countAll'] = async (hits) => {
    // Rows in one order (by hash) whoever counts them, so two requests spending the same budgets cannot deadlock.
    const rows = hits.map(({ key, windowMs }) => ({ key_hash: hash(key), window_ends_at: windowEndIn(windowMs), hits: 1 }))
    const ended = sql<boolean>`rate_limits.window_ends_at <= now()`
    const counted = await db
      .insertInto('hub.rate_limits')
      .values(rows.toSorted((a, b) => Buffer.compare(a.key_hash, b.key_hash)))
      .onConflict((conflict) =>
        conflict.column('key_hash').doUpdateSet({
          window_ends_at: sql<Date>`case when ${ended} then excluded.window_ends_at else rate_limits.window_ends_at end`,
          hits: sql<number>`case when ${ended} then 1 else rate_limits.hits + 1 end`,
        }),
      )
      .returning(['key_hash', 'hits', resetsInMs])
      .execute()
    return rows.map(({ key_hash }) => {
      const row = counted.find((candidate) => candidate.key_hash.equals(key_hash))
      if (row === undefined) throw new Error('a rate-limit key was not counted')
      return { hits: row.hits, resetsInMs: Math.max(row.resets_in_ms, 0) }
    })
  }

  return {
    async count(key, windowMs) {
      const [hit] = await countAll([{ key, windowMs }])
      if (hit === undefined) throw new Error('a rate-limit key was not counted')
      return hit
    },

    countAll,

    async uncount(key) {
      await db
        .updateTable('hub.rate_limits')
        .set({ hits: sql<number>`hits - 1` })
        .where('key_hash', '=', hash(key))
        .where('hits', '>', 0)
        .where('window_ends_at', '>', sql<Date>`now()`)
        .execute()
    },

    async hold(key, ms) {
      const windowEnd = windowEndIn(ms)
      await upsert(key, windowEnd)
        .onConflict((conflict) => conflict.column('key_hash').doUpdateSet({ window_ends_at: windowEnd, hits: 1 }))
        .execute()
    },

    async read(key) {
      const row = await db
        .selectFrom('hub.rate_limits')
        .select(['hits', resetsInMs])
        .where('key_hash', '=', hash(key))
        .where('window_ends_at', '>', sql<Date>`now()`)
        .executeTakeFirst()
      return row === undefined ? undefined : { hits: row.hits, resetsInMs: Math.max(row.resets_in_ms, 0) }
    },

    async clear(key) {
      await db.deleteFrom('hub.rate_limits').where('key_hash', '=', hash(key)).execute()
    },
  }
}

/** Deletes the counters whose window has ended; returns how many. */
export async function pruneRateLimits(db: Kysely<HubDatabase>): Promise<number> {
  const result = await db
    .deleteFrom('hub.rate_limits')
    .where('window_ends_at', '<', sql<Date>`now()`)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

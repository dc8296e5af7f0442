import { sql } from 'kysely'
import t from 'tap'
import { clearRateLimit, countRateLimitHit, holdRateLimitKey, pruneRateLimits, readRateLimit, uncountRateLimitHit } from '@kindred/db'
import { createTestDatabase } from '@kindred/testkit'

const minute = 60_000

t.test('hits are counted per key within a window', async (t) => {
  const { database } = await createTestDatabase(t)
  t.equal((await countRateLimitHit(database.db, 'login:ip:203.0.113.7', minute)).hits, 1)
  t.equal((await countRateLimitHit(database.db, 'login:ip:203.0.113.7', minute)).hits, 2)
  t.equal((await countRateLimitHit(database.db, 'login:ip:198.51.100.1', minute)).hits, 1, 'another key has a count of its own')
  const { resetsInMs } = await countRateLimitHit(database.db, 'login:ip:203.0.113.7', minute)
  t.ok(resetsInMs > 0 && resetsInMs <= minute, `the window ends within a minute (${resetsInMs} ms)`)
})

t.test('hits arriving at the same time are each counted exactly once', async (t) => {
  const { database } = await createTestDatabase(t, { poolMax: 10 })
  const hits = await Promise.all(Array.from({ length: 20 }, () => countRateLimitHit(database.db, 'burst', minute)))
  t.same(hits.map((hit) => hit.hits).sort((a, b) => a - b), Array.from({ length: 20 }, (_, index) => index + 1))
})

t.test('a window that has ended starts again from one, and pruning removes only ended windows', async (t) => {
  const { database } = await createTestDatabase(t)
  await countRateLimitHit(database.db, 'old', minute)
  await countRateLimitHit(database.db, 'old', minute)
  await countRateLimitHit(database.db, 'current', minute)
  await sql`update hub.rate_limits set window_ends_at = now() - interval '1 minute'`.execute(database.db)
  await countRateLimitHit(database.db, 'current', minute)
  t.equal((await countRateLimitHit(database.db, 'current', minute)).hits, 2, 'the ended window restarted with the hit that found it ended')
  t.equal(await pruneRateLimits(database.db), 1, 'only the window of "old" had ended')
  t.equal((await countRateLimitHit(database.db, 'old', minute)).hits, 1)
})

t.test('keys are stored only as hashes', async (t) => {
  const { database } = await createTestDatabase(t)
  await countRateLimitHit(database.db, 'login:account:ada@example.org', minute)
  const rows = await sql<{ dump: string }>`select row_to_json(rate_limits)::text as dump from hub.rate_limits`.execute(database.db)
  t.equal(rows.rows.length, 1)
  t.notMatch(rows.rows[0]?.dump, 'ada@example.org')
})

t.test('a hit taken back leaves the window as if it had not come, never below nothing', async (t) => {
  const { database } = await createTestDatabase(t)
  await countRateLimitHit(database.db, 'login:failures', minute)
  await countRateLimitHit(database.db, 'login:failures', minute)
  await uncountRateLimitHit(database.db, 'login:failures')
  t.equal((await readRateLimit(database.db, 'login:failures'))?.hits, 1)
  await uncountRateLimitHit(database.db, 'login:failures')
  await uncountRateLimitHit(database.db, 'login:failures')
  t.equal((await readRateLimit(database.db, 'login:failures'))?.hits, 0)
  await uncountRateLimitHit(database.db, 'never counted')
  t.equal(await readRateLimit(database.db, 'never counted'), undefined)
})

t.test('reading counts nothing, and answers nothing for a window that ended or was cleared', async (t) => {
  const { database } = await createTestDatabase(t)
  await countRateLimitHit(database.db, 'counted', minute)
  t.equal((await readRateLimit(database.db, 'counted'))?.hits, 1)
  t.equal((await readRateLimit(database.db, 'counted'))?.hits, 1, 'reading twice counted nothing')
  await clearRateLimit(database.db, 'counted')
  t.equal(await readRateLimit(database.db, 'counted'), undefined)
  t.equal((await countRateLimitHit(database.db, 'counted', minute)).hits, 1, 'a cleared key counts from one again')
  await sql`update hub.rate_limits set window_ends_at = now() - interval '1 second'`.execute(database.db)
  t.equal(await readRateLimit(database.db, 'counted'), undefined)
})

t.test('a held key is read until its time has passed, whatever its window was', async (t) => {
  const { database } = await createTestDatabase(t)
  await countRateLimitHit(database.db, 'backoff', 10 * minute)
  await holdRateLimitKey(database.db, 'backoff', 2000)
  const held = await readRateLimit(database.db, 'backoff')
  t.ok(held !== undefined && held.resetsInMs > 1000 && held.resetsInMs <= 2000, `held for two seconds (${held?.resetsInMs} ms)`)
  await holdRateLimitKey(database.db, 'backoff', 0)
  t.equal(await readRateLimit(database.db, 'backoff'), undefined)
})

t.test('a window longer than the milliseconds an int holds is counted and read', async (t) => {
  const { database } = await createTestDatabase(t)
  const thirtyDays = 30 * 24 * 60 * minute
  const { resetsInMs } = await countRateLimitHit(database.db, 'familiar', thirtyDays)
  t.ok(resetsInMs > thirtyDays - minute && resetsInMs <= thirtyDays)
  await holdRateLimitKey(database.db, 'familiar', thirtyDays)
  t.ok(((await readRateLimit(database.db, 'familiar'))?.resetsInMs ?? 0) > thirtyDays - minute)
})

import { sql } from 'kysely'
import t from 'tap'
import { createHash, randomBytes } from 'node:crypto'
import { pruneRateLimits, rateLimitCounter } from '@kindred/db'
import { createTestDatabase } from '@kindred/testkit'

const minute = 60_000
const secret = randomBytes(32)

t.test('hits are counted per key within a window', async (t) => {
  const { database } = await createTestDatabase(t)
  const counter = rateLimitCounter(database.db, secret)
  t.equal((await counter.count('login:ip:203.0.113.7', minute)).hits, 1)
  t.equal((await counter.count('login:ip:203.0.113.7', minute)).hits, 2)
  t.equal((await counter.count('login:ip:198.51.100.1', minute)).hits, 1, 'another key has a count of its own')
  const { resetsInMs } = await counter.count('login:ip:203.0.113.7', minute)
  t.ok(resetsInMs > 0 && resetsInMs <= minute, `the window ends within a minute (${resetsInMs} ms)`)
})

t.test('hits arriving at the same time are each counted exactly once', async (t) => {
  const { database } = await createTestDatabase(t, { poolMax: 10 })
  const counter = rateLimitCounter(database.db, secret)
  const hits = await Promise.all(Array.from({ length: 20 }, () => counter.count('burst', minute)))
  t.same(
    hits.map((hit) => hit.hits).sort((a, b) => a - b),
    Array.from({ length: 20 }, (_, index) => index + 1),
  )
})

t.test('several keys are counted in one statement, each in its own window, answered in the order asked', async (t) => {
  const { database } = await createTestDatabase(t, { poolMax: 10 })
  const counter = rateLimitCounter(database.db, secret)
  await counter.count('posts:ada', minute)
  const [thread, post] = await counter.countAll([
    { key: 'threads:ada', windowMs: 10 * minute },
    { key: 'posts:ada', windowMs: minute },
  ])
  t.equal(thread?.hits, 1, 'a new key starts at one')
  t.equal(post?.hits, 2, 'a known key goes on counting')
  t.ok((thread?.resetsInMs ?? 0) > minute, 'each key has the window asked for it')
  t.ok((post?.resetsInMs ?? Infinity) <= minute)
  // The same pair asked in both orders at once: rows are locked in one order, so none waits for a deadlock.
  const pairs = await Promise.all(
    Array.from({ length: 400 }, (_, index) =>
      counter.countAll(
        index % 2 === 0
          ? [
              { key: 'a', windowMs: minute },
              { key: 'b', windowMs: minute },
            ]
          : [
              { key: 'b', windowMs: minute },
              { key: 'a', windowMs: minute },
            ],
      ),
    ),
  )
  t.same(
    pairs.map(([first], index) => (index % 2 === 0 ? first?.hits : pairs[index]?.[1]?.hits)).sort((x = 0, y = 0) => x - y),
    Array.from({ length: 400 }, (_, index) => index + 1),
    'each of 400 concurrent hits on "a" counted once',
  )
})

t.test('a window that has ended starts again from one, and pruning removes only ended windows', async (t) => {
  const { database } = await createTestDatabase(t)
  const counter = rateLimitCounter(database.db, secret)
  await counter.count('old', minute)
  await counter.count('old', minute)
  await counter.count('current', minute)
  await sql`update hub.rate_limits set window_ends_at = now() - interval '1 minute'`.execute(database.db)
  await counter.count('current', minute)
  t.equal((await counter.count('current', minute)).hits, 2, 'the ended window restarted with the hit that found it ended')
  t.equal(await pruneRateLimits(database.db), 1, 'only the window of "old" had ended')
  t.equal((await counter.count('old', minute)).hits, 1)
})

t.test('keys are stored only as digests under the secret, which a copy of the database cannot recompute', async (t) => {
  const { database } = await createTestDatabase(t)
  const counter = rateLimitCounter(database.db, secret)
  const key = 'loginFailuresPerAccountAddress:ada@example.org:203.0.113.7'
  await counter.count(key, minute)
  const rows = await sql<{
    dump: string
    key_hash: Buffer
  }>`select row_to_json(rate_limits)::text as dump, key_hash from hub.rate_limits`.execute(database.db)
  t.equal(rows.rows.length, 1)
  t.notMatch(rows.rows[0]?.dump, 'ada@example.org')
  t.notOk(rows.rows[0]?.key_hash.equals(createHash('sha256').update(key).digest()), 'not the plain digest of the key')
  const otherSecret = rateLimitCounter(database.db, randomBytes(32))
  t.equal(await otherSecret.read(key), undefined, 'under another secret the key is not found')
  t.equal((await otherSecret.count(key, minute)).hits, 1, 'and counts apart')
})

t.test('a hit taken back leaves the window as if it had not come, never below nothing', async (t) => {
  const { database } = await createTestDatabase(t)
  const counter = rateLimitCounter(database.db, secret)
  await counter.count('login:failures', minute)
  await counter.count('login:failures', minute)
  await counter.uncount('login:failures')
  t.equal((await counter.read('login:failures'))?.hits, 1)
  await counter.uncount('login:failures')
  await counter.uncount('login:failures')
  t.equal((await counter.read('login:failures'))?.hits, 0)
  await counter.uncount('never counted')
  t.equal(await counter.read('never counted'), undefined)
})

t.test('reading counts nothing, and answers nothing for a window that ended or was cleared', async (t) => {
  const { database } = await createTestDatabase(t)
  const counter = rateLimitCounter(database.db, secret)
  await counter.count('counted', minute)
  t.equal((await counter.read('counted'))?.hits, 1)
  t.equal((await counter.read('counted'))?.hits, 1, 'reading twice counted nothing')
  await counter.clear('counted')
  t.equal(await counter.read('counted'), undefined)
  t.equal((await counter.count('counted', minute)).hits, 1, 'a cleared key counts from one again')
  await sql`update hub.rate_limits set window_ends_at = now() - interval '1 second'`.execute(database.db)
  t.equal(await counter.read('counted'), undefined)
})

t.test('a held key is read until its time has passed, whatever its window was', async (t) => {
  const { database } = await createTestDatabase(t)
  const counter = rateLimitCounter(database.db, secret)
  await counter.count('backoff', 10 * minute)
  await counter.hold('backoff', 2000)
  const held = await counter.read('backoff')
  t.ok(held !== undefined && held.resetsInMs > 1000 && held.resetsInMs <= 2000, `held for two seconds (${held?.resetsInMs} ms)`)
  await counter.hold('backoff', 0)
  t.equal(await counter.read('backoff'), undefined)
})

t.test('a window longer than the milliseconds an int holds is counted and read', async (t) => {
  const { database } = await createTestDatabase(t)
  const counter = rateLimitCounter(database.db, secret)
  const thirtyDays = 30 * 24 * 60 * minute
  const { resetsInMs } = await counter.count('familiar', thirtyDays)
  t.ok(resetsInMs > thirtyDays - minute && resetsInMs <= thirtyDays)
  await counter.hold('familiar', thirtyDays)
  t.ok(((await counter.read('familiar'))?.resetsInMs ?? 0) > thirtyDays - minute)
})

t.test('the counters are an unlogged table: a hit costs no WAL flush beside the write it limits', async (t) => {
  const { database } = await createTestDatabase(t)
  const { rows } = await sql<{
    relpersistence: string
  }>`select relpersistence from pg_class where oid = 'hub.rate_limits'::regclass`.execute(database.db)
  t.same(rows, [{ relpersistence: 'u' }])
})

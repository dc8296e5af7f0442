import { sql } from 'kysely'
import t from 'tap'
import { createNotifiedCache, listenForNotifications, type NotifiedCache } from '@kindred/db'
import { createTestDatabase, captureLogs } from '@kindred/testkit'

const channel = 'kindred_test_changes'
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function until(condition: () => Promise<boolean>, ms = 2000): Promise<boolean> {
  const deadline = Date.now() + ms
  while (!(await condition()) && Date.now() < deadline) await pause(10)
  return condition()
}

// A cache over one real database, with a loader that counts its reads and answers what `values` holds now.
async function setUp(t: Parameters<typeof createTestDatabase>[0], options: { ttlMs?: number; maxGroups?: number } = {}) {
  const { database, url } = await createTestDatabase(t)
  const logger = captureLogs().logger
  const values = new Map<string, string>()
  let loads = 0
  const cache: NotifiedCache<string | undefined> = createNotifiedCache({
    listen: (_source, handlers) => listenForNotifications({ url, channel, applicationName: 'kindred-test:listen', logger }, handlers),
    ttlMs: options.ttlMs ?? 60_000,
    maxGroups: options.maxGroups ?? 100,
  })
  t.teardown(() => cache.close())
  const read = (group: string, item?: string) =>
    cache.read({ source: 'db', group, ...(item === undefined ? {} : { item }) }, async () => {
      loads += 1
      return values.get(`${group}/${item ?? ''}`)
    })
  const notify = (payload: string) => sql`select pg_notify(${channel}, ${payload})`.execute(database.db)
  // The first read opens the LISTEN and is not kept; once it is up, reads are.
  const warm = async (group: string, item?: string) => {
    await read(group, item)
    await pause(200)
    await read(group, item)
  }
  return { cache, database, values, read, notify, warm, loads: () => loads }
}

t.test('a value read while listening is kept until a notification names its group', async (t) => {
  const { values, read, notify, warm, loads } = await setUp(t)
  values.set('ada/', 'v1')
  await warm('ada')
  const before = loads()
  values.set('ada/', 'v2')
  t.equal(await read('ada'), 'v1', 'from memory: the change was not notified')
  t.equal(loads(), before, 'no load')
  await notify('ada')
  await pause(100)
  t.equal(await read('ada'), 'v2', 'the notification dropped it')
})

t.test('a group holds several items, all forgotten together; other groups stay', async (t) => {
  const { values, read, notify, warm } = await setUp(t)
  values.set('ada/fop', 'fop-1')
  values.set('ada/eds', 'eds-1')
  values.set('bo/', 'bo-1')
  await warm('ada', 'fop')
  await read('ada', 'eds')
  await read('bo')
  values.set('ada/fop', 'fop-2')
  values.set('ada/eds', 'eds-2')
  values.set('bo/', 'bo-2')
  await notify('ada')
  await pause(100)
  t.equal(await read('ada', 'fop'), 'fop-2')
  t.equal(await read('ada', 'eds'), 'eds-2')
  t.equal(await read('bo'), 'bo-1', 'another group was not named')
  await notify('*')
  await pause(100)
  t.equal(await read('bo'), 'bo-2', '* forgets everything of the source')
})

t.test('nothing is kept before the LISTEN is up, nor when a change is heard while the value is read', async (t) => {
  const { cache, values, read, notify, warm, loads } = await setUp(t)
  values.set('ada/', 'v1')
  await read('ada')
  await read('ada')
  t.equal(loads(), 2, 'the first read opened the LISTEN, and was not kept: nothing listened while it read')
  await warm('bo')
  const racing = cache.read({ source: 'db', group: 'cy' }, async () => {
    await notify('someone-else')
    await pause(100)
    return 'stale?'
  })
  t.equal(await racing, 'stale?', 'the reader gets what it read')
  values.set('cy/', 'fresh')
  t.equal(await read('cy'), 'fresh', 'but it was not kept: a change was heard while it was read')
})

t.test('undefined is never kept, the ttl bounds a value, forget drops a group at once, and 0 turns caching off', async (t) => {
  const short = await setUp(t, { ttlMs: 150 })
  await short.warm('nobody')
  const before = short.loads()
  await short.read('nobody')
  t.equal(short.loads(), before + 1, 'an unknown value is read again')
  short.values.set('ada/', 'v1')
  await short.read('ada')
  short.values.set('ada/', 'v2')
  t.equal(await short.read('ada'), 'v1')
  await pause(200)
  t.equal(await short.read('ada'), 'v2', 'after the ttl')
  short.values.set('ada/', 'v3')
  short.cache.forget('db', 'ada')
  t.equal(await short.read('ada'), 'v3', 'forget')

  const off = await setUp(t, { ttlMs: 0 })
  off.values.set('ada/', 'v1')
  await off.warm('ada')
  off.values.set('ada/', 'v2')
  t.equal(await off.read('ada'), 'v2', 'ttl 0: every read loads')
})

t.test('the oldest group goes first when the cache is full', async (t) => {
  const { values, read, warm, loads } = await setUp(t, { maxGroups: 2 })
  for (const group of ['a', 'b', 'c']) values.set(`${group}/`, group)
  await warm('a')
  await read('b')
  await read('c')
  const before = loads()
  await read('b')
  await read('c')
  t.equal(loads(), before, 'the two newest are kept')
  await read('a')
  t.equal(loads(), before + 1, 'the oldest was dropped')
})

t.test('a dropped LISTEN connection forgets everything, and the cache listens again', async (t) => {
  const { database, values, read, notify, warm } = await setUp(t)
  values.set('ada/', 'v1')
  await warm('ada')
  values.set('ada/', 'v2')
  t.equal(await read('ada'), 'v1')
  const cut = await sql<{ pid: number }>`
    select pg_terminate_backend(pid) as pid from pg_stat_activity where application_name = 'kindred-test:listen' and datname = current_database()`.execute(
    database.db,
  )
  t.equal(cut.rows.length, 1)
  t.ok(await until(async () => (await read('ada')) === 'v2'), 'the gap forgot it')
  await pause(500)
  await read('ada')
  values.set('ada/', 'v3')
  t.equal(await read('ada'), 'v2', 'kept again once the new LISTEN is up')
  await notify('ada')
  await pause(100)
  t.equal(await read('ada'), 'v3', 'and the new LISTEN hears changes')
})

t.test('reads of one value at once share one load, and none waits on a load begun before a change', async (t) => {
  const { cache, values, read, notify, warm, loads } = await setUp(t)
  values.set('ada/', 'v1')
  await warm('ada')
  await notify('ada')
  await pause(100)
  const before = loads()
  t.same(await Promise.all([read('ada'), read('ada'), read('ada')]), ['v1', 'v1', 'v1'])
  t.equal(loads() - before, 1, 'three reads at once, one load')

  // A load that is slow to answer, with what it read before the change.
  const slowRead = () => {
    const answers: ((stale: string) => void)[] = []
    const value = cache.read({ source: 'db', group: 'ada' }, () => new Promise<string>((resolve) => answers.push(resolve)))
    return { value, answer: (stale: string) => answers.forEach((answer) => answer(stale)) }
  }
  cache.forget('db', 'ada')
  const heardDuring = slowRead()
  await notify('ada')
  await pause(100)
  values.set('ada/', 'v2')
  t.equal(await read('ada'), 'v2', 'a read after a heard change loads again')
  heardDuring.answer('stale')
  t.equal(await heardDuring.value, 'stale')
  t.equal(await read('ada'), 'v2', 'the load begun before the change is not kept')

  const forgottenDuring = slowRead()
  cache.forget('db', 'ada')
  values.set('ada/', 'v3')
  t.equal(await read('ada'), 'v3', 'a read after forget loads again')
  forgottenDuring.answer('stale')
  await forgottenDuring.value
  t.equal(await read('ada'), 'v3', 'the load begun before forget is not kept')
})

import { sql } from 'kysely'
import t from 'tap'
import { listenForNotifications, shareListener } from '@kindred/db'
import { captureLogs, createTestDatabase } from '@kindred/testkit'

const channel = 'kindred_test_shared'
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

t.test('subscribers share one LISTEN connection: each hears every notification, and the last to leave closes it', async (t) => {
  const { database, url } = await createTestDatabase(t)
  const logger = captureLogs().logger
  const shared = shareListener((handlers) =>
    listenForNotifications({ url, channel, applicationName: 'kindred-test:shared', logger }, handlers),
  )
  t.teardown(() => shared.close())
  const heard = { a: [] as string[], b: [] as string[] }
  const a = shared.subscribe({ message: (payload) => heard.a.push(payload), gap: () => heard.a.push('gap') })
  const b = shared.subscribe({ message: (payload) => heard.b.push(payload), gap: () => heard.b.push('gap') })
  await pause(300)
  const connections = async () =>
    (
      await sql<{
        n: number
      }>`select count(*)::int as n from pg_stat_activity where application_name = 'kindred-test:shared' and datname = current_database()`.execute(
        database.db,
      )
    ).rows[0]?.n
  t.equal(await connections(), 1, 'one connection for both')
  t.ok(a.listening() && b.listening())

  await sql`select pg_notify(${channel}, 'first')`.execute(database.db)
  await pause(100)
  t.same(heard, { a: ['first'], b: ['first'] })

  await a.close()
  t.notOk(a.listening(), 'a subscriber that left is not listening')
  t.ok(b.listening(), 'the other still is')
  await sql`select pg_notify(${channel}, 'second')`.execute(database.db)
  await pause(100)
  t.same(heard, { a: ['first'], b: ['first', 'second'] })

  await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'kindred-test:shared' and datname = current_database()`.execute(
    database.db,
  )
  await pause(100)
  t.same(heard.b.at(-1), 'gap', 'a drop is a gap for every subscriber')

  await b.close()
  await pause(300)
  t.equal(await connections(), 0, 'the last to leave closed the connection')
})

import { sql } from 'kysely'
import t from 'tap'
import { createSessionValidity, registerAccount } from '@kindred/identity'
import { createTestDatabase } from '@kindred/testkit'

const nowSeconds = (): number => Math.floor(Date.now() / 1000)

t.test('a token issued after the account last ended its sessions stands; one issued before does not', async (t) => {
  const { database } = await createTestDatabase(t)
  const account = await registerAccount(database.db, { email: 'cy@example.org', password: 'a long enough password', displayName: 'Cy' })
  const validity = createSessionValidity(database.db, { ttlMs: 0 })
  t.ok(await validity.isCurrent(account.id, nowSeconds()))
  await sql`update hub.accounts set sessions_valid_after = now() + interval '1 minute' where id = ${account.id}`.execute(database.db)
  t.notOk(await validity.isCurrent(account.id, nowSeconds()))
  t.ok(await validity.isCurrent(account.id, nowSeconds() + 120))
})

t.test('the not-before time is cached until forgotten, and an unknown account has no valid token', async (t) => {
  const { database } = await createTestDatabase(t)
  const account = await registerAccount(database.db, { email: 'di@example.org', password: 'a long enough password', displayName: 'Di' })
  const validity = createSessionValidity(database.db, { ttlMs: 60_000 })
  t.ok(await validity.isCurrent(account.id, nowSeconds()))
  await sql`update hub.accounts set sessions_valid_after = now() + interval '1 minute' where id = ${account.id}`.execute(database.db)
  t.ok(await validity.isCurrent(account.id, nowSeconds()), 'within the cache time, the cached value is used')
  validity.forget(account.id)
  t.notOk(await validity.isCurrent(account.id, nowSeconds()), 'once forgotten, the change is seen')
  t.notOk(await validity.isCurrent('00000000-0000-4000-8000-000000000000', nowSeconds()))
})

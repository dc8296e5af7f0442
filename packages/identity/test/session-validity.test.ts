import { sql } from 'kysely'
import t from 'tap'
import { accountChangesChannel, listenForNotifications } from '@kindred/db'
import { createSessionValidity, registerAccount, revokeAccessToken } from '@kindred/identity'
import { captureLogs, createTestDatabase } from '@kindred/testkit'

const nowSeconds = (): number => Math.floor(Date.now() / 1000)
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function setUp(t: Parameters<typeof createTestDatabase>[0], ttlMs: number) {
  const { database, url } = await createTestDatabase(t)
  const logger = captureLogs().logger
  const validity = createSessionValidity({
    hub: database.db,
    listen: (handlers) =>
      listenForNotifications({ url, channel: accountChangesChannel, applicationName: 'kindred-test:listen', logger }, handlers),
    ttlMs,
    maxEntries: 100,
  })
  t.teardown(() => validity.close())
  const account = await registerAccount(database.db, { email: 'cy@example.org', password: 'a long enough password', displayName: 'Cy' })
  const endSessions = (change = sql`update hub.accounts set sessions_valid_after = now() + interval '1 minute' where id = ${account.id}`) =>
    change.execute(database.db)
  return { database, validity, account, endSessions }
}

t.test('a token issued after the account last ended its sessions stands; one issued before does not', async (t) => {
  const { validity, account, endSessions } = await setUp(t, 0)
  t.ok(await validity.isCurrent(account.id, nowSeconds()))
  await endSessions()
  t.notOk(await validity.isCurrent(account.id, nowSeconds()))
  t.ok(await validity.isCurrent(account.id, nowSeconds() + 120))
  t.notOk(await validity.isCurrent('00000000-0000-4000-8000-000000000000', nowSeconds()), 'an unknown account has no valid token')
})

t.test('the not-before time is kept until the account changes: every hub hears it through the trigger', async (t) => {
  const { database, validity, account, endSessions } = await setUp(t, 60_000)
  await validity.isCurrent(account.id, nowSeconds())
  await pause(300)
  t.ok(await validity.isCurrent(account.id, nowSeconds()), 'read once the LISTEN is up, and kept')

  await sql`alter table hub.accounts disable trigger user`.execute(database.db)
  await endSessions()
  await sql`alter table hub.accounts enable trigger user`.execute(database.db)
  t.ok(await validity.isCurrent(account.id, nowSeconds()), 'a change nobody was told of is not seen: the kept value answers')
  validity.forget(account.id)
  t.notOk(await validity.isCurrent(account.id, nowSeconds()), 'once forgotten, the change is seen')

  await pause(300)
  await endSessions(sql`update hub.accounts set sessions_valid_after = now() - interval '1 minute' where id = ${account.id}`)
  const deadline = Date.now() + 2000
  while (!(await validity.isCurrent(account.id, nowSeconds())) && Date.now() < deadline) await pause(20)
  t.ok(await validity.isCurrent(account.id, nowSeconds()), 'a change made elsewhere is heard within moments')
})

t.test('a token revoked by signing out no longer stands, on every hub that asks; other tokens of the account do', async (t) => {
  const { database, validity, account } = await setUp(t, 60_000)
  const inTenMinutes = new Date(Date.now() + 600_000)
  await validity.isCurrent(account.id, nowSeconds(), ['token-1'])
  await pause(300)
  t.ok(await validity.isCurrent(account.id, nowSeconds(), ['token-1']), 'read once the LISTEN is up, and kept')

  await revokeAccessToken(database.db, {
    accountId: account.id,
    jti: 'token-1',
    expiresAt: inTenMinutes,
    communityTokensExpireAt: inTenMinutes,
  })
  const deadline = Date.now() + 2000
  while ((await validity.isCurrent(account.id, nowSeconds(), ['token-1'])) && Date.now() < deadline) await pause(20)
  t.notOk(await validity.isCurrent(account.id, nowSeconds(), ['token-1']), 'the revocation is heard through its trigger')
  t.ok(await validity.isCurrent(account.id, nowSeconds(), ['token-2']), 'another token of the account stands')
  t.ok(await validity.isCurrent(account.id, nowSeconds()), 'and so does a check that names no token')

  await revokeAccessToken(database.db, {
    accountId: account.id,
    jti: 'token-1',
    expiresAt: inTenMinutes,
    communityTokensExpireAt: inTenMinutes,
  })
  await revokeAccessToken(database.db, {
    accountId: '00000000-0000-4000-8000-000000000000',
    jti: 'token-3',
    expiresAt: inTenMinutes,
    communityTokensExpireAt: inTenMinutes,
  })
  t.pass('revoking a token twice, or one of an account that does not exist, changes nothing')
})

t.test('a revoked token is remembered until it has expired, then cleared by the next revocation', async (t) => {
  const { database, validity, account } = await setUp(t, 0)
  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000)
  await revokeAccessToken(database.db, {
    accountId: account.id,
    jti: 'just-expired',
    expiresAt: minutesAgo(0.5),
    communityTokensExpireAt: minutesAgo(0.5),
  })
  await revokeAccessToken(database.db, {
    accountId: account.id,
    jti: 'long-expired',
    expiresAt: minutesAgo(5),
    communityTokensExpireAt: minutesAgo(5),
  })
  t.notOk(
    await validity.isCurrent(account.id, nowSeconds(), ['just-expired']),
    "within the verifiers' clock tolerance and a margin, still refused",
  )
  await revokeAccessToken(database.db, {
    accountId: account.id,
    jti: 'current',
    expiresAt: new Date(Date.now() + 600_000),
    communityTokensExpireAt: new Date(Date.now() + 600_000),
  })
  const rows = await database.db
    .selectFrom('hub.revoked_access_tokens')
    .select('jti')
    .where('account_id', '=', account.id)
    .orderBy('jti')
    .execute()
  t.strictSame(
    rows.map((row) => row.jti),
    ['current', 'just-expired'],
    'the row of a token long expired is gone',
  )
})

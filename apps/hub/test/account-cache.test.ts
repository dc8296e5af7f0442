import { sql } from 'kysely'
import t from 'tap'
import { buildTestHub, provisionTestCommunity, signUp, type SignedUp, type TestHub, withoutLoadShedding } from '@kindred/testkit'

// The hub as deployed: account profiles and membership links it read are kept in memory, and a LISTEN on
// the hub's database hears of every change to them as it commits (migrations/hub/0014).
const env = { ...withoutLoadShedding, CACHE_TTL_MS: '60000' }

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const me = (hub: TestHub, as: SignedUp) => hub.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(as.accessToken) })
const switchTo = (hub: TestHub, as: SignedUp, community: string) =>
  hub.app.inject({ method: 'POST', url: '/v1/auth/switch', headers: bearer(as.accessToken), payload: { community } })
const displayName = async (hub: TestHub, as: SignedUp) =>
  (await me(hub, as)).json<{ account: { displayName: string } }>().account.displayName

// Changes made without telling anyone: the hub's triggers on `table` are off meanwhile.
async function silently(hub: TestHub, table: string, change: () => Promise<unknown>): Promise<void> {
  await sql`alter table ${sql.table(`hub.${table}`)} disable trigger user`.execute(hub.database.db)
  await change()
  await sql`alter table ${sql.table(`hub.${table}`)} enable trigger user`.execute(hub.database.db)
}

async function within<T>(read: () => Promise<T>, expected: T, ms = 2000): Promise<T> {
  const deadline = Date.now() + ms
  let value = await read()
  while (value !== expected && Date.now() < deadline) {
    await pause(20)
    value = await read()
  }
  return value
}

const rename = (hub: TestHub, as: SignedUp, name: string) =>
  hub.database.db.updateTable('hub.accounts').set({ display_name: name }).where('id', '=', as.accountId).execute()

// The first read opens the hub's LISTEN connection and is not kept; one once the connection is up is.
async function warm(read: () => Promise<unknown>): Promise<void> {
  await read()
  await pause(300)
  await read()
}

t.test('GET /v1/me is served from memory until the account changes, whoever changes it', async (t) => {
  const hub = await buildTestHub(t, { env })
  const ada = await signUp(hub, 'ada')
  await warm(() => me(hub, ada))
  await silently(hub, 'accounts', () => rename(hub, ada, 'Ada L.'))
  t.equal(await displayName(hub, ada), 'ada', 'a change nobody was told of is not seen: the cache answered')

  await rename(hub, ada, 'Ada Lovelace')
  t.equal(await within(() => displayName(hub, ada), 'Ada Lovelace'), 'Ada Lovelace', 'a change made elsewhere is heard through its trigger')
})

t.test('an account reads its own change at once, without waiting for the notification', async (t) => {
  const hub = await buildTestHub(t, { env })
  const ada = await signUp(hub, 'ada')
  await warm(() => me(hub, ada))
  const disclosures = [{ organisation: 'Acme Pharma', nature: 'consulting', since: null }]
  // With the triggers off, only the hub's own forgetting can make the next read see the change.
  await silently(hub, 'disclosures', () =>
    hub.app.inject({ method: 'PUT', url: '/v1/me/disclosures', headers: bearer(ada.accessToken), payload: { disclosures } }),
  )
  t.same((await me(hub, ada)).json<{ disclosures: unknown }>().disclosures, disclosures)
})

t.test('switching uses the cached membership until it changes: leaving, and a community closed elsewhere, are heard', async (t) => {
  const hub = await buildTestHub(t, { env })
  await provisionTestCommunity(hub, 'fop')
  await provisionTestCommunity(hub, 'ehlers-danlos')
  const ada = await signUp(hub, 'ada')
  for (const slug of ['fop', 'ehlers-danlos']) {
    const joined = await hub.app.inject({
      method: 'POST',
      url: `/v1/communities/${slug}/join`,
      headers: bearer(ada.accessToken),
      payload: { pseudonym: 'Bone Builder', acceptCharterVersion: 1 },
    })
    t.equal(joined.statusCode, 201)
  }
  await warm(() => switchTo(hub, ada, 'fop'))
  await switchTo(hub, ada, 'ehlers-danlos')

  await silently(hub, 'memberships', () =>
    hub.database.db.updateTable('hub.memberships').set({ left_at: new Date() }).where('account_id', '=', ada.accountId).execute(),
  )
  t.equal((await switchTo(hub, ada, 'fop')).statusCode, 200, 'a change nobody was told of is not seen: the cache answered')
  await hub.database.db.updateTable('hub.memberships').set({ left_at: null }).where('account_id', '=', ada.accountId).execute()

  const left = await hub.app.inject({ method: 'DELETE', url: '/v1/communities/fop/membership', headers: bearer(ada.accessToken) })
  t.equal(left.statusCode, 204)
  t.equal((await switchTo(hub, ada, 'fop')).statusCode, 403, 'the account that left is refused at once')

  await hub.database.db.updateTable('hub.communities').set({ status: 'archived' }).where('slug', '=', 'ehlers-danlos').execute()
  const status = await within(async () => (await switchTo(hub, ada, 'ehlers-danlos')).statusCode, 403)
  t.equal(status, 403, 'a community archived elsewhere is heard through its trigger: every account forgets it')
})

t.test("when the hub's LISTEN connection drops, every cached account is forgotten and it listens again", async (t) => {
  const hub = await buildTestHub(t, { env, secondPlacement: false })
  const ada = await signUp(hub, 'ada')
  await warm(() => me(hub, ada))
  await silently(hub, 'accounts', () => rename(hub, ada, 'Ada L.'))
  t.equal(await displayName(hub, ada), 'ada', 'served from memory')

  const cut = await sql<{ pid: number }>`
    select pg_terminate_backend(pid) as pid from pg_stat_activity
    where application_name like '%:listen' and datname = current_database()`.execute(hub.database.db)
  t.ok(cut.rows.length >= 1, 'the LISTEN connections on the hub database were cut')
  t.equal(await within(() => displayName(hub, ada), 'Ada L.'), 'Ada L.', 'the gap forgot the account')
  await pause(500)
  await me(hub, ada)
  await rename(hub, ada, 'Ada Lovelace')
  t.equal(await within(() => displayName(hub, ada), 'Ada Lovelace', 5000), 'Ada Lovelace', 'the new LISTEN connection hears changes again')
})

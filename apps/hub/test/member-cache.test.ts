import { sql } from 'kysely'
import t from 'tap'
import {
  buildTestHub,
  callAs,
  communityMember,
  provisionTestCommunity,
  setMember,
  tenantDatabase,
  type TestHub,
  withoutLoadShedding,
} from '@kindred/testkit'

// The hub as deployed: members it checked are kept in memory, and each placement's LISTEN connection hears
// of every change to a member row as it commits.
const env = { ...withoutLoadShedding, CACHE_TTL_MS: '60000' }

// A member banned without telling anyone, as by hand in psql.
const banSilently = (hub: TestHub, slug: string, memberId: string) => setMember(hub, slug, memberId, { banned: true }, { announce: false })

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// The first read opens the placement's LISTEN connection and is not kept (nothing listened while it read);
// one once the connection is up is.
async function warm(read: () => ReturnType<typeof callAs>): Promise<number> {
  await read()
  await pause(300)
  return (await read()).statusCode
}

async function statusWithin(hub: TestHub, request: () => ReturnType<typeof callAs>, expected: number, ms: number): Promise<number> {
  const deadline = Date.now() + ms
  let status = (await request()).statusCode
  while (status !== expected && Date.now() < deadline) {
    await pause(20)
    status = (await request()).statusCode
  }
  return status
}

t.test('a cached member is served from memory until their row changes, on either placement', async (t) => {
  const hub = await buildTestHub(t, { env })
  for (const slug of ['fop', 'ehlers-danlos']) {
    await provisionTestCommunity(hub, slug)
    const ada = await communityMember(hub, slug, `ada-${slug}`)
    const read = () => callAs(hub, ada, 'GET', `/v1/c/${slug}/threads`)
    t.equal(await warm(read), 200, `${slug}: read, and the member kept once the LISTEN is up`)

    await banSilently(hub, slug, ada.memberId)
    t.equal((await read()).statusCode, 200, `${slug}: a change nobody was told of is not seen by reads: the cache answered`)
    const write = await callAs(hub, ada, 'POST', `/v1/c/${slug}/charter/accept`, { version: 1 })
    t.equal(write.statusCode, 403, `${slug}: writes always read the row: the ban holds`)

    await setMember(hub, slug, ada.memberId, { banned: true })
    t.equal(await statusWithin(hub, read, 403, 2000), 403, `${slug}: a change that notifies is heard, and reads see the ban`)
    await setMember(hub, slug, ada.memberId, { banned: false })
    t.equal(await statusWithin(hub, read, 200, 2000), 200, `${slug}: and the unban`)
  }
})

t.test("when a LISTEN connection drops, its placement's members are forgotten and it listens again", async (t) => {
  const hub = await buildTestHub(t, { env })
  await provisionTestCommunity(hub, 'fop')
  const ada = await communityMember(hub, 'fop', 'ada')
  const read = () => callAs(hub, ada, 'GET', '/v1/c/fop/threads')
  t.equal(await warm(read), 200)
  await banSilently(hub, 'fop', ada.memberId)
  t.equal((await read()).statusCode, 200, 'served from memory')

  const { db } = await tenantDatabase(hub, 'fop')
  const terminated = await sql<{ pid: number }>`
    select pg_terminate_backend(pid) as pid from pg_stat_activity
    where application_name like '%:listen' and datname = current_database()`.execute(db)
  t.equal(terminated.rows.length, 1, 'the LISTEN connection of the placement was cut')
  t.equal(await statusWithin(hub, read, 403, 2000), 403, 'the gap dropped every member of the placement: the ban is read')
  t.ok(hub.logs.text().includes('notification connection lost'), 'the loss is logged')

  await setMember(hub, 'fop', ada.memberId, { banned: false })
  t.equal(await statusWithin(hub, read, 200, 2000), 200, 'read again after the unban')
  await setMember(hub, 'fop', ada.memberId, { banned: true })
  t.equal(await statusWithin(hub, read, 403, 5000), 403, 'the new LISTEN connection hears changes again')
})

t.test("Kindred's own changes to a member are announced as they commit: cached reads see them", async (t) => {
  const hub = await buildTestHub(t, { env })
  await provisionTestCommunity(hub, 'fop')
  const owner = await communityMember(hub, 'fop', 'olive', { role: 'owner' })
  const ada = await communityMember(hub, 'fop', 'ada')
  const read = () => callAs(hub, ada, 'GET', '/v1/c/fop/threads')
  const moderatorRead = () => callAs(hub, ada, 'GET', '/v1/c/fop/join-requests')
  t.equal(await warm(read), 200)
  t.equal(await warm(moderatorRead), 403, 'a member reads no join requests')

  t.equal((await callAs(hub, owner, 'PUT', `/v1/c/fop/moderators/${ada.memberId}`, {})).statusCode, 200)
  t.equal(await statusWithin(hub, moderatorRead, 200, 2000), 200, 'appointed a moderator')
  t.equal((await callAs(hub, owner, 'POST', `/v1/c/fop/members/${ada.memberId}/ban`, { reason: 'Spam' })).statusCode, 200)
  t.equal(await statusWithin(hub, read, 403, 2000), 403, 'banned')
  t.equal((await callAs(hub, owner, 'POST', `/v1/c/fop/members/${ada.memberId}/unban`, {})).statusCode, 200)
  t.equal(await statusWithin(hub, read, 200, 2000), 200, 'unbanned')
})

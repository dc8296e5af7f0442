import { sql } from 'kysely'
import t from 'tap'
import { buildTestHub, provisionTestCommunity, signUp, tenantDatabase, type SignedUp, type TestHub } from '@kindred/testkit'

const bearer = (as: SignedUp) => ({ authorization: `Bearer ${as.accessToken}` })

const join = (hub: TestHub, as: SignedUp, slug: string, payload: Record<string, unknown> = {}) =>
  hub.app.inject({
    method: 'POST',
    url: `/v1/communities/${slug}/join`,
    headers: bearer(as),
    payload: { pseudonym: 'Bone Builder', acceptCharterVersion: 1, ...payload },
  })

async function tenantMembers(hub: TestHub, slug: string) {
  const { db, schema } = await tenantDatabase(hub, slug)
  const rows = await sql<{ member_id: string; pseudonym: string; role: string; charter_version: number | null; left_at: Date | null }>`
    select member_id, pseudonym, role, charter_version, left_at from ${sql.table(`${schema}.members`)} order by joined_at`.execute(db)
  return rows.rows
}

async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  const ada = await signUp(hub, 'ada')
  return { hub, ada }
}

t.test('joining creates a tenant member known only by a pairwise id and the pseudonym, and GET /v1/me lists the membership', async (t) => {
  const { hub, ada } = await setUp(t)
  const reply = await join(hub, ada, 'fop')
  t.equal(reply.statusCode, 201)
  const { member } = reply.json<{ member: { memberId: string; pseudonym: string; role: string; charterVersion: number } }>()
  t.match(member, { pseudonym: 'Bone Builder', role: 'member', charterVersion: 1 })
  t.not(member.memberId, ada.accountId)

  const row = (await tenantMembers(hub, 'fop')).find((m) => m.member_id === member.memberId)
  t.match(row, { pseudonym: 'Bone Builder', role: 'member', charter_version: 1 })
  const me = (await hub.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(ada) })).json<{ memberships: unknown[] }>()
  t.match(me.memberships, [{ community: { slug: 'fop', status: 'live' } }])
})

t.test('one account has a different member id in every community', async (t) => {
  const { hub, ada } = await setUp(t)
  await provisionTestCommunity(hub, 'ehlers-danlos')
  const first = (await join(hub, ada, 'fop')).json<{ member: { memberId: string } }>().member.memberId
  const second = (await join(hub, ada, 'ehlers-danlos')).json<{ member: { memberId: string } }>().member.memberId
  t.not(first, second)
  t.notOk(
    (await tenantMembers(hub, 'ehlers-danlos')).some((m) => m.member_id === first),
    'the first id appears nowhere in the second tenant',
  )
})

t.test('a charter version other than the one in force is 409 CHARTER_VERSION_MISMATCH and creates nothing', async (t) => {
  const { hub, ada } = await setUp(t)
  const before = await tenantMembers(hub, 'fop')
  for (const version of [2, 7]) {
    const reply = await join(hub, ada, 'fop', { acceptCharterVersion: version })
    t.equal(reply.statusCode, 409)
    t.equal(reply.json<{ code: string }>().code, 'KINDRED_CHARTER_VERSION_MISMATCH')
  }
  t.same(await tenantMembers(hub, 'fop'), before)
  t.equal(
    (await hub.database.db.selectFrom('hub.memberships').select('member_id').where('account_id', '=', ada.accountId).execute()).length,
    0,
  )
})

t.test('a pseudonym is unique in the community whatever its case; a refused one leaves no link in the hub', async (t) => {
  const { hub, ada } = await setUp(t)
  const bo = await signUp(hub, 'bo')
  t.equal((await join(hub, ada, 'fop')).statusCode, 201)
  const taken = await join(hub, bo, 'fop', { pseudonym: 'bone  BUILDER' })
  t.equal(taken.statusCode, 409)
  t.equal(taken.json<{ code: string }>().code, 'KINDRED_PSEUDONYM_TAKEN')
  t.equal(
    (await hub.database.db.selectFrom('hub.memberships').select('member_id').where('account_id', '=', bo.accountId).execute()).length,
    0,
  )
  t.equal((await join(hub, bo, 'fop', { pseudonym: 'Quiet Reader' })).statusCode, 201)
})

t.test('joining twice is 409, and bad input is 400 and changes nothing', async (t) => {
  const { hub, ada } = await setUp(t)
  t.equal((await join(hub, ada, 'fop')).statusCode, 201)
  const again = await join(hub, ada, 'fop', { pseudonym: 'Another Name' })
  t.equal(again.statusCode, 409)
  t.equal(again.json<{ code: string }>().code, 'KINDRED_ALREADY_MEMBER')
  const bo = await signUp(hub, 'bo')
  for (const payload of [
    { pseudonym: 'x' },
    { pseudonym: 'bo@example.org' },
    { pseudonym: ' leading space' },
    { pseudonym: 'a'.repeat(33) },
    { pseudonym: '<script>' },
    { acceptCharterVersion: 0 },
    { acceptCharterVersion: 'latest' },
    { email: 'bo@example.org' },
  ]) {
    t.equal((await join(hub, bo, 'fop', payload)).statusCode, 400, JSON.stringify(payload))
  }
  t.equal((await join(hub, bo, 'Not-A-Slug')).statusCode, 400)
  t.equal((await tenantMembers(hub, 'fop')).filter((m) => m.role === 'member').length, 1)
})

t.test('an unknown community is 404; an archived one cannot be joined', async (t) => {
  const { hub, ada } = await setUp(t)
  t.equal((await join(hub, ada, 'no-such-community')).statusCode, 404)
  await hub.database.db.updateTable('hub.communities').set({ status: 'archived' }).where('slug', '=', 'fop').execute()
  const reply = await join(hub, ada, 'fop')
  t.equal(reply.statusCode, 409)
  t.equal(reply.json<{ code: string }>().code, 'KINDRED_COMMUNITY_ARCHIVED')
})

t.test('joining needs a hub access token', async (t) => {
  const { hub } = await setUp(t)
  const reply = await hub.app.inject({
    method: 'POST',
    url: '/v1/communities/fop/join',
    payload: { pseudonym: 'Bone Builder', acceptCharterVersion: 1 },
  })
  t.equal(reply.statusCode, 401)
})

t.test('a member leaves, keeps their posts under the pseudonym, and rejoining restores the same member', async (t) => {
  const { hub, ada } = await setUp(t)
  const memberId = (await join(hub, ada, 'fop')).json<{ member: { memberId: string } }>().member.memberId
  const left = await hub.app.inject({ method: 'DELETE', url: '/v1/communities/fop/membership', headers: bearer(ada) })
  t.equal(left.statusCode, 204)
  t.ok((await tenantMembers(hub, 'fop')).find((m) => m.member_id === memberId)?.left_at, 'the tenant row is marked as left')
  t.same((await hub.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(ada) })).json<{ memberships: unknown[] }>().memberships, [])
  t.equal(
    (await hub.app.inject({ method: 'DELETE', url: '/v1/communities/fop/membership', headers: bearer(ada) })).statusCode,
    404,
    'leaving twice',
  )

  const back = await join(hub, ada, 'fop', { pseudonym: 'Back Again' })
  t.equal(back.statusCode, 201)
  t.match(back.json(), { member: { memberId, pseudonym: 'Back Again', role: 'member' } })
})

t.test('the owner cannot leave the community', async (t) => {
  const hub = await buildTestHub(t)
  const proposal = await provisionTestCommunity(hub, 'fop')
  const token = await hub.tokens.sign({ subject: proposal.founderId, audience: 'kindred:hub' })
  const reply = await hub.app.inject({
    method: 'DELETE',
    url: '/v1/communities/fop/membership',
    headers: { authorization: `Bearer ${token}` },
  })
  t.equal(reply.statusCode, 409)
  t.equal(reply.json<{ code: string }>().code, 'KINDRED_OWNER_CANNOT_LEAVE')
})

t.test('a founding owner completes their membership by choosing a pseudonym and accepting the charter, keeping the role', async (t) => {
  const hub = await buildTestHub(t)
  const proposal = await provisionTestCommunity(hub, 'fop')
  const founder = {
    accountId: proposal.founderId,
    accessToken: await hub.tokens.sign({ subject: proposal.founderId, audience: 'kindred:hub' }),
    refreshToken: '',
  }
  const reply = await join(hub, founder, 'fop', { pseudonym: 'Founder Fran' })
  t.equal(reply.statusCode, 201)
  t.match(reply.json(), { member: { pseudonym: 'Founder Fran', role: 'owner', charterVersion: 1 } })
  t.equal((await join(hub, founder, 'fop', { pseudonym: 'Other' })).statusCode, 409, 'only once')
})

t.test('a member banned from the community cannot come back by leaving and joining', async (t) => {
  const { hub, ada } = await setUp(t)
  const memberId = (await join(hub, ada, 'fop')).json<{ member: { memberId: string } }>().member.memberId
  await hub.app.inject({ method: 'DELETE', url: '/v1/communities/fop/membership', headers: bearer(ada) })
  const { db, schema } = await tenantDatabase(hub, 'fop')
  await sql`update ${sql.table(`${schema}.members`)} set banned_at = now() where member_id = ${memberId}`.execute(db)
  const reply = await join(hub, ada, 'fop', { pseudonym: 'New Me' })
  t.equal(reply.statusCode, 403)
  t.equal(reply.json<{ code: string }>().code, 'KINDRED_BANNED_FROM_COMMUNITY')
})

t.test('privacy choices: defaults, partial changes kept per community, and refusals', async (t) => {
  const { hub, ada } = await setUp(t)
  await join(hub, ada, 'fop')
  const read = await hub.app.inject({ method: 'GET', url: '/v1/communities/fop/membership', headers: bearer(ada) })
  t.same(read.json<{ privacy: unknown }>().privacy, {
    profileVisibility: 'members',
    listedInDirectory: true,
    contact: { members: true, researchers: false, industry: false },
    countedInStatistics: true,
  })
  const patch = (payload: unknown) =>
    hub.app.inject({ method: 'PATCH', url: '/v1/communities/fop/membership/privacy', headers: bearer(ada), payload: payload as object })

  const changed = await patch({ listedInDirectory: false, contact: { researchers: true } })
  t.equal(changed.statusCode, 200)
  t.same(changed.json(), {
    privacy: {
      profileVisibility: 'members',
      listedInDirectory: false,
      contact: { members: true, researchers: true, industry: false },
      countedInStatistics: true,
    },
  })
  t.match((await patch({ profileVisibility: 'moderators', countedInStatistics: false })).json(), {
    privacy: { profileVisibility: 'moderators', listedInDirectory: false, contact: { researchers: true }, countedInStatistics: false },
  })

  for (const payload of [
    {},
    { contact: {} },
    { contact: { members: false } },
    { profileVisibility: 'everyone' },
    { listedInDirectory: 'no' },
    { email: 'x' },
  ]) {
    t.equal((await patch(payload)).statusCode, 400, JSON.stringify(payload))
  }
  const bo = await signUp(hub, 'bo')
  const stranger = await hub.app.inject({
    method: 'PATCH',
    url: '/v1/communities/fop/membership/privacy',
    headers: bearer(bo),
    payload: { listedInDirectory: false },
  })
  t.equal(stranger.statusCode, 403)
  t.equal(stranger.json<{ code: string }>().code, 'KINDRED_NOT_A_MEMBER')
})

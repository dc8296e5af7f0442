import t from 'tap'
import { banHistory } from '@kindred/identity'
import { buildTestHub, signUp, type SignedUp, type TestHub } from '@kindred/testkit'

async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t)
  const staff = await signUp(hub, 'steward', { staff: true })
  const member = await signUp(hub, 'member')
  return { hub, staff, member }
}

const act = (hub: TestHub, as: SignedUp, accountId: string, action: 'ban' | 'unban', reason = 'Repeated spam') =>
  hub.app.inject({
    method: 'POST',
    url: `/v1/admin/accounts/${accountId}/${action}`,
    headers: { authorization: `Bearer ${as.accessToken}` },
    payload: { reason },
  })

const me = (hub: TestHub, accessToken: string) =>
  hub.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${accessToken}` } })

const login = (hub: TestHub) =>
  hub.app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    payload: { email: 'member@example.org', password: 'a long enough password' },
    remoteAddress: '198.51.100.7',
  })

t.test('a network-wide ban ends every session at once and refuses sign-in; unbanning lets the account back in', async (t) => {
  const { hub, staff, member } = await setUp(t)
  t.equal((await me(hub, member.accessToken)).statusCode, 200)

  const banned = await act(hub, staff, member.accountId, 'ban')
  t.equal(banned.statusCode, 200)
  t.match(banned.json(), {
    account: { id: member.accountId },
    banned: true,
    banHistory: [{ action: 'ban', reason: 'Repeated spam', actedBy: staff.accountId }],
  })

  t.equal((await me(hub, member.accessToken)).statusCode, 401, 'the access token issued before the ban is refused')
  const refresh = await hub.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: member.refreshToken } })
  t.equal(refresh.statusCode, 401, 'the refresh token was revoked')
  const refused = await login(hub)
  t.equal(refused.statusCode, 403)
  t.equal(refused.json<{ code: string }>().code, 'KINDRED_ACCOUNT_BANNED')

  const unbanned = await act(hub, staff, member.accountId, 'unban', 'Appeal accepted')
  t.match(unbanned.json(), { banned: false, banHistory: [{ action: 'ban' }, { action: 'unban', reason: 'Appeal accepted' }] })
  t.equal((await login(hub)).statusCode, 200)
  t.equal((await me(hub, member.accessToken)).statusCode, 401, 'sessions ended by the ban stay ended')
})

t.test('a wrong password for a banned account is the usual 401, so the ban shows only to whoever knows the password', async (t) => {
  const { hub, staff, member } = await setUp(t)
  await act(hub, staff, member.accountId, 'ban')
  const reply = await hub.app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    payload: { email: 'member@example.org', password: 'not the password at all' },
  })
  t.equal(reply.statusCode, 401)
  t.equal(reply.json<{ code: string }>().code, 'KINDRED_INVALID_CREDENTIALS')
})

t.test('banning twice, unbanning an account that is not banned, and banning oneself are 409 and change nothing', async (t) => {
  const { hub, staff, member } = await setUp(t)
  t.equal((await act(hub, staff, member.accountId, 'unban')).statusCode, 409)
  t.equal((await act(hub, staff, member.accountId, 'ban')).statusCode, 200)
  t.equal((await act(hub, staff, member.accountId, 'ban')).statusCode, 409)
  t.equal((await act(hub, staff, staff.accountId, 'ban')).statusCode, 409)
  t.same(
    (await banHistory(hub.database.db, member.accountId)).map((row) => row.action),
    ['ban'],
  )
  t.same(await banHistory(hub.database.db, staff.accountId), [])
})

t.test('only staff ban, review or unban; others get 403 and nothing changes', async (t) => {
  const { hub, member } = await setUp(t)
  const other = await signUp(hub, 'other')
  const reply = await act(hub, member, other.accountId, 'ban')
  t.equal(reply.statusCode, 403)
  t.equal(reply.json<{ code: string }>().code, 'KINDRED_FORBIDDEN')
  const review = await hub.app.inject({
    method: 'GET',
    url: `/v1/admin/accounts/${other.accountId}`,
    headers: { authorization: `Bearer ${member.accessToken}` },
  })
  t.equal(review.statusCode, 403)
  t.same(await banHistory(hub.database.db, other.accountId), [])
})

t.test('a ban needs a reason, and an unknown account is 404', async (t) => {
  const { hub, staff, member } = await setUp(t)
  for (const payload of [{}, { reason: '' }, { reason: '   ' }, { reason: 'x'.repeat(2001) }, { reason: 'spam', extra: true }]) {
    const reply = await hub.app.inject({
      method: 'POST',
      url: `/v1/admin/accounts/${member.accountId}/ban`,
      headers: { authorization: `Bearer ${staff.accessToken}` },
      payload,
    })
    t.equal(reply.statusCode, 400, JSON.stringify(payload).slice(0, 40))
  }
  t.equal((await act(hub, staff, '00000000-0000-4000-8000-000000000000', 'ban')).statusCode, 404)
  t.same(await banHistory(hub.database.db, member.accountId), [])
})

t.test('staff review an account with the history of its roles and bans', async (t) => {
  const { hub, staff, member } = await setUp(t)
  await hub.app.inject({
    method: 'POST',
    url: `/v1/admin/accounts/${member.accountId}/roles`,
    headers: { authorization: `Bearer ${staff.accessToken}` },
    payload: { role: 'industry' },
  })
  const reply = await hub.app.inject({
    method: 'GET',
    url: `/v1/admin/accounts/${member.accountId}`,
    headers: { authorization: `Bearer ${staff.accessToken}` },
  })
  t.equal(reply.statusCode, 200)
  t.match(reply.json(), {
    account: { id: member.accountId, email: 'member@example.org', roles: ['industry'] },
    banned: false,
    roleHistory: [{ role: 'industry', change: 'grant', changedBy: staff.accountId }],
    banHistory: [],
  })
})

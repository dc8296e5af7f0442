import t from 'tap'
import { grantRole, roleHistory } from '@kindred/identity'
import { buildTestHub, type TestHub } from '@kindred/testkit'

interface Registered {
  id: string
  accessToken: string
}

async function register(hub: TestHub, name: string): Promise<Registered> {
  const reply = await hub.app.inject({
    method: 'POST',
    url: '/v1/auth/register',
    payload: { email: `${name}@example.org`, password: 'a long enough password', displayName: name },
    remoteAddress: `192.0.2.${name.length}`,
  })
  const body = reply.json<{ account: { id: string }; session: { accessToken: string } }>()
  return { id: body.account.id, accessToken: body.session.accessToken }
}

async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t)
  const staff = await register(hub, 'steward')
  await grantRole(hub.database.db, { accountId: staff.id, role: 'staff' })
  const member = await register(hub, 'member')
  return { hub, staff, member }
}

const grant = (hub: TestHub, as: Registered, accountId: string, role: string) =>
  hub.app.inject({
    method: 'POST',
    url: `/v1/admin/accounts/${accountId}/roles`,
    headers: { authorization: `Bearer ${as.accessToken}` },
    payload: { role },
  })

t.test('staff grant and revoke a verified role, and each change is recorded with who made it', async (t) => {
  const { hub, staff, member } = await setUp(t)
  const granted = await grant(hub, staff, member.id, 'health_professional')
  t.equal(granted.statusCode, 200)
  t.match(granted.json(), { account: { id: member.id, roles: ['health_professional'] } })
  t.equal((await grant(hub, staff, member.id, 'health_professional')).statusCode, 200, 'granting twice is harmless')
  const revoked = await hub.app.inject({
    method: 'DELETE',
    url: `/v1/admin/accounts/${member.id}/roles/health_professional`,
    headers: { authorization: `Bearer ${staff.accessToken}` },
  })
  t.match(revoked.json(), { account: { roles: [] } })
  const history = await roleHistory(hub.database.db, member.id)
  t.match(history, [
    { role: 'health_professional', change: 'grant', changed_by: staff.id },
    { role: 'health_professional', change: 'grant', changed_by: staff.id },
    { role: 'health_professional', change: 'revoke', changed_by: staff.id },
  ])
})

t.test('an account that is not staff is refused with 403 and changes nothing', async (t) => {
  const { hub, member } = await setUp(t)
  const reply = await grant(hub, member, member.id, 'industry')
  t.equal(reply.statusCode, 403)
  t.equal(reply.json<{ code: string }>().code, 'KINDRED_FORBIDDEN')
  t.same(await roleHistory(hub.database.db, member.id), [])
})

t.test('staff cannot be granted through the API, nor an unknown role', async (t) => {
  const { hub, staff, member } = await setUp(t)
  for (const role of ['staff', 'admin']) {
    const reply = await grant(hub, staff, member.id, role)
    t.equal(reply.statusCode, 400, role)
  }
  t.same(await roleHistory(hub.database.db, member.id), [])
})

t.test('a role for an account that does not exist is 404', async (t) => {
  const { hub, staff } = await setUp(t)
  const reply = await grant(hub, staff, '00000000-0000-4000-8000-000000000000', 'industry')
  t.equal(reply.statusCode, 404)
})

t.test('without a token, admin routes are 401', async (t) => {
  const { hub, member } = await setUp(t)
  const reply = await hub.app.inject({ method: 'POST', url: `/v1/admin/accounts/${member.id}/roles`, payload: { role: 'industry' } })
  t.equal(reply.statusCode, 401)
})

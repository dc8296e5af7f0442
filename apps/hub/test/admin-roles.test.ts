import t from 'tap'
import { roleHistory } from '@kindred/identity'
import { buildTestHub, signUp, type SignedUp, type TestHub } from '@kindred/testkit'

async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t)
  const staff = await signUp(hub, 'steward', { staff: true })
  const member = await signUp(hub, 'member')
  return { hub, staff, member }
}

const grant = (hub: TestHub, as: SignedUp, accountId: string, role: string) =>
  hub.app.inject({
    method: 'POST',
    url: `/v1/admin/accounts/${accountId}/roles`,
    headers: { authorization: `Bearer ${as.accessToken}` },
    payload: { role },
  })

t.test('staff grant and revoke a verified role, and each change is recorded with who made it', async (t) => {
  const { hub, staff, member } = await setUp(t)
  const granted = await grant(hub, staff, member.accountId, 'health_professional')
  t.equal(granted.statusCode, 200)
  t.match(granted.json(), { account: { id: member.accountId, roles: ['health_professional'] } })
  t.equal((await grant(hub, staff, member.accountId, 'health_professional')).statusCode, 200, 'granting twice is harmless')
  const revoked = await hub.app.inject({
    method: 'DELETE',
    url: `/v1/admin/accounts/${member.accountId}/roles/health_professional`,
    headers: { authorization: `Bearer ${staff.accessToken}` },
  })
  t.match(revoked.json(), { account: { roles: [] } })
  const history = await roleHistory(hub.database.db, member.accountId)
  t.match(history, [
    { role: 'health_professional', change: 'grant', changed_by: staff.accountId },
    { role: 'health_professional', change: 'grant', changed_by: staff.accountId },
    { role: 'health_professional', change: 'revoke', changed_by: staff.accountId },
  ])
})

t.test('an account that is not staff is refused with 403 and changes nothing', async (t) => {
  const { hub, member } = await setUp(t)
  const reply = await grant(hub, member, member.accountId, 'industry')
  t.equal(reply.statusCode, 403)
  t.equal(reply.json<{ code: string }>().code, 'KINDRED_FORBIDDEN')
  t.same(await roleHistory(hub.database.db, member.accountId), [])
})

t.test('staff cannot be granted through the API, nor an unknown role', async (t) => {
  const { hub, staff, member } = await setUp(t)
  for (const role of ['staff', 'admin']) {
    const reply = await grant(hub, staff, member.accountId, role)
    t.equal(reply.statusCode, 400, role)
  }
  t.same(await roleHistory(hub.database.db, member.accountId), [])
})

t.test('a role for an account that does not exist is 404', async (t) => {
  const { hub, staff } = await setUp(t)
  const reply = await grant(hub, staff, '00000000-0000-4000-8000-000000000000', 'industry')
  t.equal(reply.statusCode, 404)
})

t.test('without a token, admin routes are 401', async (t) => {
  const { hub, member } = await setUp(t)
  const reply = await hub.app.inject({ method: 'POST', url: `/v1/admin/accounts/${member.accountId}/roles`, payload: { role: 'industry' } })
  t.equal(reply.statusCode, 401)
})

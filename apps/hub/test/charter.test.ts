import t from 'tap'
import { buildTestHub, signUp, type TestHub } from '@kindred/testkit'

const publish = (hub: TestHub, token: string, payload: Record<string, unknown>) =>
  hub.app.inject({ method: 'PUT', url: '/v1/admin/charter', headers: { authorization: `Bearer ${token}` }, payload })

t.test('a new network starts with the default charter as version 1, public to read', async (t) => {
  const hub = await buildTestHub(t)
  const reply = await hub.app.inject({ method: 'GET', url: '/v1/charter' })
  t.equal(reply.statusCode, 200)
  const charter = reply.json<{ version: number; text: string; publishedAt: string }>()
  t.equal(charter.version, 1)
  for (const topic of [/medical advice/i, /moderators/i, /health professionals/i, /industry/i, /stays here/i, /privacy/i, /conflicts/i]) {
    t.match(charter.text, topic)
  }
  t.ok(Date.parse(charter.publishedAt) > 0)
})

t.test('staff publish a new version, which is then the one in force', async (t) => {
  const hub = await buildTestHub(t)
  const staff = (await signUp(hub, 'steward', { staff: true })).accessToken
  const published = await publish(hub, staff, { text: '# Charter\n\nBe kind.' })
  t.equal(published.statusCode, 200)
  t.match(published.json(), { version: 2, text: '# Charter\n\nBe kind.' })
  t.match((await hub.app.inject({ method: 'GET', url: '/v1/charter' })).json(), { version: 2 })
})

t.test('only staff publish, and an empty or unknown body changes nothing', async (t) => {
  const hub = await buildTestHub(t)
  const member = (await signUp(hub, 'member')).accessToken
  const staff = (await signUp(hub, 'steward', { staff: true })).accessToken
  t.equal((await publish(hub, member, { text: 'Mine now.' })).statusCode, 403)
  t.equal((await publish(hub, staff, { text: '   ' })).statusCode, 400)
  t.equal((await publish(hub, staff, { text: 'ok', version: 9 })).statusCode, 400)
  t.equal((await hub.app.inject({ method: 'PUT', url: '/v1/admin/charter', payload: { text: 'anonymous' } })).statusCode, 401)
  t.match((await hub.app.inject({ method: 'GET', url: '/v1/charter' })).json(), { version: 1 })
})

t.test('two versions published at once get consecutive numbers or a clear 409, never a lost version', async (t) => {
  const hub = await buildTestHub(t)
  const staff = (await signUp(hub, 'steward', { staff: true })).accessToken
  await hub.app.inject({ method: 'GET', url: '/v1/charter' })
  const replies = await Promise.all([publish(hub, staff, { text: 'A' }), publish(hub, staff, { text: 'B' })])
  const statuses = replies.map((reply) => reply.statusCode).sort()
  t.ok(JSON.stringify(statuses) === '[200,200]' || JSON.stringify(statuses) === '[200,409]', `statuses ${JSON.stringify(statuses)}`)
  const versions = await hub.database.db.selectFrom('hub.charters').select('version').orderBy('version').execute()
  t.same(
    versions.map((row) => row.version),
    Array.from({ length: versions.length }, (_, index) => index + 1),
    'versions are consecutive',
  )
})

import t from 'tap'
import { buildTestHub, signUp, type SignedUp, type TestHub } from '@kindred/testkit'

const put = (hub: TestHub, as: SignedUp, payload: unknown) =>
  hub.app.inject({
    method: 'PUT',
    url: '/v1/me/disclosures',
    headers: { authorization: `Bearer ${as.accessToken}` },
    payload: payload as object,
  })

const me = async (hub: TestHub, as: SignedUp) =>
  (await hub.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${as.accessToken}` } })).json<{
    disclosures: unknown[]
  }>()

t.test('an account declares its industry relationships, replaces them as a whole, and clears them', async (t) => {
  const hub = await buildTestHub(t)
  const ada = await signUp(hub, 'ada')
  t.same((await me(hub, ada)).disclosures, [])

  const declared = [
    { organisation: 'Acme Pharma', nature: 'consulting', since: '2024-03-01' },
    { organisation: 'Rare Research Fund', nature: 'research_funding', since: null },
  ]
  const reply = await put(hub, ada, { disclosures: declared })
  t.equal(reply.statusCode, 200)
  t.same(reply.json(), { disclosures: declared })
  t.same((await me(hub, ada)).disclosures, declared, 'GET /v1/me shows them in the order given')

  await put(hub, ada, { disclosures: [{ organisation: 'Orphan Devices Ltd', nature: 'employment' }] })
  t.same(
    (await me(hub, ada)).disclosures,
    [{ organisation: 'Orphan Devices Ltd', nature: 'employment', since: null }],
    'since defaults to null',
  )

  await put(hub, ada, { disclosures: [] })
  t.same((await me(hub, ada)).disclosures, [])
})

t.test("disclosures of one account are not another account's", async (t) => {
  const hub = await buildTestHub(t)
  const ada = await signUp(hub, 'ada')
  const bo = await signUp(hub, 'bo')
  await put(hub, ada, { disclosures: [{ organisation: 'Acme Pharma', nature: 'shares', since: '2020-01-01' }] })
  t.same((await me(hub, bo)).disclosures, [])
})

t.test('malformed disclosures are 400 and leave the declared ones as they were', async (t) => {
  const hub = await buildTestHub(t)
  const ada = await signUp(hub, 'ada')
  const kept = [{ organisation: 'Acme Pharma', nature: 'consulting', since: '2024-03-01' }]
  await put(hub, ada, { disclosures: kept })
  const item = { organisation: 'Acme', nature: 'consulting', since: null }
  const bad = [
    {},
    { disclosures: 'Acme' },
    { disclosures: [{ ...item, nature: 'bribery' }] },
    { disclosures: [{ ...item, organisation: '' }] },
    { disclosures: [{ ...item, organisation: '   ' }] },
    { disclosures: [{ ...item, organisation: 'x'.repeat(201) }] },
    { disclosures: [{ ...item, since: '2024-02-30' }] },
    { disclosures: [{ ...item, since: 'last year' }] },
    { disclosures: [{ ...item, email: 'ada@example.org' }] },
    { disclosures: Array.from({ length: 21 }, () => item) },
  ]
  for (const payload of bad) {
    t.equal((await put(hub, ada, payload)).statusCode, 400, JSON.stringify(payload).slice(0, 60))
  }
  t.same((await me(hub, ada)).disclosures, kept)
})

t.test('declaring disclosures needs a hub access token', async (t) => {
  const hub = await buildTestHub(t)
  const reply = await hub.app.inject({ method: 'PUT', url: '/v1/me/disclosures', payload: { disclosures: [] } })
  t.equal(reply.statusCode, 401)
})

import t from 'tap'
import {
  buildTestHub,
  provisionTestCommunity,
  proposalFields,
  runDueJobs,
  signUp,
  type SignedUp,
  type TestHub,
  hubTasks,
} from '@kindred/testkit'

interface View {
  proposal: { id: string; status: string; alsoKnownAs: string[] }
}

const bearer = (who: SignedUp) => ({ authorization: `Bearer ${who.accessToken}` })
const call = (hub: TestHub, who: SignedUp, method: 'POST' | 'PATCH', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: bearer(who), ...(payload === undefined ? {} : { payload }) })
const directory = async (hub: TestHub, query = '') => {
  const reply = await hub.app.inject({ url: `/v1/communities${query}` })
  if (reply.statusCode !== 200) throw new Error(`${query}: ${reply.statusCode} ${reply.body}`)
  return reply.json<{ communities: Array<{ slug: string; alsoKnownAs: string[] }> }>().communities
}

t.test('a proposal’s other names are stored normalised, read back, edited, and carried to its community’s card', async (t) => {
  const hub = await buildTestHub(t)
  // Registration is limited per address; the test kit derives the address from the name's length.
  const [founder, staff, moderator, ...members] = await Promise.all(
    ['grace-hopper', 'steward', 'supporter-x', 'supporter-xx', 'supporter-xxx'].map((name) =>
      signUp(hub, name, { staff: name === 'steward' }),
    ),
  )
  if (founder === undefined || staff === undefined || moderator === undefined) throw new Error('sign-up failed')
  const fields = proposalFields({ languages: ['en'], alsoKnownAs: [' Stone man syndrome ', 'stone-man SYNDROME', 'Münchmeyer disease'] })

  for (const alsoKnownAs of [Array.from({ length: 11 }, (_, index) => `Name ${index}`), [' '], ['x'], ['--']]) {
    const refused = await call(hub, founder, 'POST', '/v1/proposals', { ...fields, alsoKnownAs })
    t.equal(refused.statusCode, 400, JSON.stringify(alsoKnownAs))
    t.equal(refused.json<{ code: string }>().code, 'KINDRED_VALIDATION_FAILED')
  }
  const created = await call(hub, founder, 'POST', '/v1/proposals', fields)
  t.equal(created.statusCode, 201)
  const { id } = created.json<View>().proposal
  const url = `/v1/proposals/${id}`
  t.same(created.json<View>().proposal.alsoKnownAs, ['Stone man syndrome', 'Münchmeyer disease'], 'trimmed, each once')
  t.same((await hub.app.inject({ url })).json<View>().proposal.alsoKnownAs, ['Stone man syndrome', 'Münchmeyer disease'])
  const queue = (await hub.app.inject({ url: '/v1/proposals' })).json<{ proposals: View['proposal'][] }>().proposals
  t.same(
    queue.map((proposal) => proposal.alsoKnownAs),
    [['Stone man syndrome', 'Münchmeyer disease']],
    'the queue shows them too',
  )

  await call(hub, staff, 'POST', `${url}/decision`, { decision: 'request_changes', reason: 'Please add the other usual name' })
  const edited = await call(hub, founder, 'PATCH', url, { alsoKnownAs: ['Stone man syndrome', 'Myositis ossificans progressiva'] })
  t.equal(edited.statusCode, 200)
  t.same(edited.json<View>().proposal.alsoKnownAs, ['Stone man syndrome', 'Myositis ossificans progressiva'])
  const untouched = await call(hub, founder, 'PATCH', url, { summary: 'A community for people living with FOP, and their families.' })
  t.same(untouched.json<View>().proposal.alsoKnownAs, ['Stone man syndrome', 'Myositis ossificans progressiva'], 'kept unless sent')

  t.equal((await call(hub, founder, 'POST', `${url}/reopen`)).statusCode, 200)
  await call(hub, moderator, 'POST', `${url}/support`, { as: 'moderator' })
  for (const member of members) await call(hub, member, 'POST', `${url}/support`, { as: 'member' })
  t.equal((await call(hub, staff, 'POST', `${url}/decision`, { decision: 'approve' })).statusCode, 202)
  await runDueJobs(hub.database.pool, hubTasks(hub))

  t.match(await directory(hub), [{ slug: 'fop', alsoKnownAs: ['Stone man syndrome', 'Myositis ossificans progressiva'] }])
  t.match((await hub.app.inject({ url: '/v1/communities/fop' })).json(), {
    slug: 'fop',
    status: 'live',
    alsoKnownAs: ['Stone man syndrome', 'Myositis ossificans progressiva'],
  })
})

t.test('the directory finds a community by another name, its disease without accents, or its ORPHA code', async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop', {
    disease: {
      diseaseName: 'Fibrodysplasia ossificans progressiva',
      orphaCode: 'ORPHA:337',
      alsoKnownAs: ['Stone man syndrome', 'Myositis ossificans progressiva'],
    },
  })
  await provisionTestCommunity(hub, 'alstrom', { disease: { diseaseName: 'Alström syndrome', orphaCode: 'ORPHA:64' } })
  await provisionTestCommunity(hub, 'marfan', { disease: { diseaseName: 'Marfan syndrome', orphaCode: 'ORPHA:558' } })

  const found = async (q: string) => (await directory(hub, `?q=${encodeURIComponent(q)}`)).map((community) => community.slug)
  t.same(await found('stone man'), ['fop'])
  t.same(await found('Stone Man Syndrome'), ['fop'])
  t.same(await found('alstrom'), ['alstrom'])
  t.same(await found('ALSTRÖM'), ['alstrom'])
  t.same(await found('ORPHA:337'), ['fop'])
  t.same(await found('337'), ['fop'])
  t.same(await found('orpha:558'), ['marfan'])
  t.same(await found('syndrome'), ['alstrom', 'fop', 'marfan'])
  t.same(await found('stone man marfan'), [])
  t.match(await directory(hub, '?q=stone%20man'), [{ slug: 'fop', alsoKnownAs: ['Stone man syndrome', 'Myositis ossificans progressiva'] }])
  t.match(await directory(hub, '?q=alstrom'), [{ slug: 'alstrom', alsoKnownAs: [] }], 'none is an empty list')
})

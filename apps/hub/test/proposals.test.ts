import t from 'tap'
import { buildTestHub, signUp, type SignedUp, type TestHub, proposalFields } from '@kindred/testkit'

const fop = proposalFields()

const without = (object: object, ...keys: string[]) => Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)))
const bearer = (who: SignedUp) => ({ authorization: `Bearer ${who.accessToken}` })
const propose = (hub: TestHub, who: SignedUp, payload: object) =>
  hub.app.inject({ method: 'POST', url: '/v1/proposals', headers: bearer(who), payload })

interface Answer {
  proposal: { id: string; status: string }
  similar: Array<{ kind: string; slug: string; id?: string; similarity: number }>
}

async function proposalCount(hub: TestHub): Promise<number> {
  return (await hub.database.db.selectFrom('hub.proposals').select('id').execute()).length
}

t.test('a signed-in account proposes a community and anyone can read it, with its progress and history', async (t) => {
  const hub = await buildTestHub(t)
  const founder = await signUp(hub, 'ada-lovelace')
  const created = await propose(hub, founder, fop)
  t.equal(created.statusCode, 201)
  const { proposal, similar } = created.json<Answer>()
  t.same(similar, [])
  t.match(proposal, {
    ...fop,
    status: 'open',
    progress: { supporters: 0, moderators: 0, thresholds: { supporters: 3, moderators: 1 } },
    history: [{ from: null, to: 'open', by: 'founder', reason: null }],
  })
  const expiresInDays = (Date.parse((proposal as unknown as { expiresAt: string }).expiresAt) - Date.now()) / 86_400_000
  t.ok(expiresInDays > 89.9 && expiresInDays <= 90, `expires in ${expiresInDays} days`)
  const read = await hub.app.inject({ method: 'GET', url: `/v1/proposals/${proposal.id}` })
  t.equal(read.statusCode, 200)
  t.same(read.json(), { proposal }, 'public, and the same view')
  for (const secret of [founder.accountId, 'ada-lovelace@example.org', 'ada-lovelace'])
    t.notOk(read.body.includes(`"${secret}"`), `the founder is not shown (${secret})`)
  t.notMatch(read.body, /founder_?id/i)
})

t.test('the prevalence class defaults to unknown, and sets the thresholds', async (t) => {
  const hub = await buildTestHub(t, { env: { PROPOSAL_THRESHOLDS: 'unknown=4/2', PROPOSAL_SUPPORT_WINDOW_DAYS: '7' } })
  const founder = await signUp(hub, 'founder')
  const created = await propose(hub, founder, without(fop, 'prevalenceClass', 'orphaCode'))
  t.equal(created.statusCode, 201)
  t.match(created.json(), {
    proposal: { prevalenceClass: 'unknown', orphaCode: null, progress: { thresholds: { supporters: 4, moderators: 2 } } },
  })
  const expiresAt = Date.parse(created.json<{ proposal: { expiresAt: string } }>().proposal.expiresAt)
  t.ok(Math.abs(expiresAt - Date.now() - 7 * 86_400_000) < 60_000, 'PROPOSAL_SUPPORT_WINDOW_DAYS sets the window')
})

t.test('proposing needs a valid hub access token', async (t) => {
  const hub = await buildTestHub(t)
  for (const headers of [{}, { authorization: 'Bearer not.a.token' }]) {
    const reply = await hub.app.inject({ method: 'POST', url: '/v1/proposals', headers, payload: fop })
    t.equal(reply.statusCode, 401)
  }
  t.equal(await proposalCount(hub), 0)
})

t.test('each invalid field is refused with 400 naming it, and nothing is written', async (t) => {
  const hub = await buildTestHub(t)
  const founder = await signUp(hub, 'founder')
  const withoutName = without(fop, 'diseaseName')
  const cases: Array<[object, RegExp]> = [
    [withoutName, /^body\/diseaseName is required/],
    [{ ...fop, website: 'https://example.org' }, /^body\/website is not allowed/],
    [{ ...fop, diseaseName: 'x' }, /^body\/diseaseName /],
    [{ ...fop, diseaseName: '   ' }, /^body\/diseaseName /],
    [{ ...fop, orphaCode: '337' }, /^body\/orphaCode /],
    [{ ...fop, orphaCode: 'ORPHA:33a' }, /^body\/orphaCode /],
    [{ ...fop, prevalenceClass: 'common' }, /^body\/prevalenceClass /],
    [{ ...fop, slug: 'FOP' }, /^body\/slug /],
    [{ ...fop, slug: 'f' }, /^body\/slug /],
    [{ ...fop, slug: 'fop-' }, /^body\/slug /],
    [{ ...fop, slug: 'x'.repeat(41) }, /^body\/slug /],
    [{ ...fop, slug: 'admin' }, /^slug is reserved/],
    [{ ...fop, slug: 'signup' }, /^slug is reserved/],
    [{ ...fop, summary: '' }, /^body\/summary /],
    [{ ...fop, founderStatement: 'x'.repeat(5001) }, /^body\/founderStatement /],
    [{ ...fop, languages: [] }, /^body\/languages /],
    [{ ...fop, languages: ['en', 'xx'] }, /^body\/languages\/1 /],
    [{ ...fop, languages: ['eng'] }, /^body\/languages\/0 /],
    [{ ...fop, languages: ['en', 'en'] }, /^body\/languages /],
    [{ ...fop, languages: Array(11).fill('en') }, /^body\/languages /],
    [{ ...fop, diseaseName: '-- ! --' }, /^diseaseName must contain letters or digits/],
  ]
  for (const [payload, message] of cases) {
    const reply = await propose(hub, founder, payload)
    t.equal(reply.statusCode, 400, message.source)
    t.match(reply.json(), { code: 'KINDRED_VALIDATION_FAILED', message }, message.source)
  }
  t.equal(await proposalCount(hub), 0)
})

t.test('a duplicate of a pending proposal is 409 naming it, and a taken slug is 409 too', async (t) => {
  const hub = await buildTestHub(t)
  const first = await signUp(hub, 'first')
  const second = await signUp(hub, 'second')
  const { proposal } = (await propose(hub, first, fop)).json<Answer>()
  const byCode = await propose(hub, second, { ...fop, slug: 'stone-man', diseaseName: 'Stone man syndrome' })
  t.equal(byCode.statusCode, 409)
  t.same(byCode.json(), {
    statusCode: 409,
    error: 'Conflict',
    code: 'KINDRED_DUPLICATE_PROPOSAL',
    message: `The proposal "fop" (${proposal.id}) is already for this disease; join it instead`,
    existing: { kind: 'proposal', slug: 'fop', diseaseName: fop.diseaseName, id: proposal.id },
  })
  const byName = await propose(hub, second, {
    ...fop,
    orphaCode: undefined,
    slug: 'fop-fr',
    diseaseName: 'FIBRODYSPLASIA ossificans-progressiva',
  })
  t.match(byName.json(), { code: 'KINDRED_DUPLICATE_PROPOSAL', existing: { id: proposal.id } })
  const slug = await propose(hub, second, { ...fop, orphaCode: 'ORPHA:2896', diseaseName: 'Pitt-Hopkins syndrome' })
  t.equal(slug.statusCode, 409)
  t.match(slug.json(), { code: 'KINDRED_SLUG_TAKEN', existing: { kind: 'proposal', slug: 'fop', id: proposal.id } })
  t.equal(await proposalCount(hub), 1)
})

t.test('a duplicate of a community is 409 naming the community', async (t) => {
  const hub = await buildTestHub(t)
  await hub.database.db
    .insertInto('hub.communities')
    .values({
      slug: 'fop',
      name: 'FOP',
      disease_name: fop.diseaseName,
      disease_key: 'fibrodysplasia ossificans progressiva',
      orpha_code: 'ORPHA:337',
      languages: ['en'],
      description: 'FOP',
      status: 'live',
    })
    .execute()
  const reply = await propose(hub, await signUp(hub, 'founder'), { ...fop, slug: 'fop-two' })
  t.equal(reply.statusCode, 409)
  t.match(reply.json(), { code: 'KINDRED_DUPLICATE_PROPOSAL', existing: { kind: 'community', slug: 'fop' } })
})

t.test('the same proposal sent by several founders at once is created once; the others get 409 naming it', async (t) => {
  const hub = await buildTestHub(t, { env: { DATABASE_POOL_MAX: '8' } })
  const founders = await Promise.all(['ann', 'bobby', 'carola', 'dominic'].map((name) => signUp(hub, name)))
  const replies = await Promise.all(founders.map((founder) => propose(hub, founder, fop)))
  const created = replies.filter((reply) => reply.statusCode === 201)
  t.equal(created.length, 1)
  const id = created[0]?.json<Answer>().proposal.id
  for (const reply of replies.filter((candidate) => candidate.statusCode !== 201)) {
    t.equal(reply.statusCode, 409)
    t.match(reply.json(), { code: 'KINDRED_DUPLICATE_PROPOSAL', existing: { kind: 'proposal', id } })
  }
})

t.test('similar disease names come back as suggestions with the new proposal', async (t) => {
  const hub = await buildTestHub(t)
  const first = await signUp(hub, 'first')
  const { proposal } = (await propose(hub, first, fop)).json<Answer>()
  const reply = await propose(hub, await signUp(hub, 'second'), {
    ...fop,
    orphaCode: undefined,
    slug: 'fop-es',
    diseaseName: 'Fibrodisplasia osificans progresiva',
  })
  t.equal(reply.statusCode, 201)
  const { similar } = reply.json<Answer>()
  t.match(similar, [{ kind: 'proposal', slug: 'fop', diseaseName: fop.diseaseName, id: proposal.id }])
  t.ok((similar[0]?.similarity ?? 0) >= 0.45)
  const unrelated = await propose(hub, await signUp(hub, 'third'), {
    ...fop,
    orphaCode: undefined,
    slug: 'wolman',
    diseaseName: 'Wolman disease',
  })
  t.same(unrelated.json<Answer>().similar, [])
})

t.test('an account opens at most five proposals a day', async (t) => {
  const hub = await buildTestHub(t)
  const founder = await signUp(hub, 'founder')
  for (let index = 0; index < 5; index += 1) {
    const reply = await propose(hub, founder, {
      ...fop,
      orphaCode: undefined,
      slug: `disease-${index}`,
      diseaseName: `Rare disease number ${index}`,
    })
    t.equal(reply.statusCode, 201)
  }
  const refused = await propose(hub, founder, { ...fop, orphaCode: undefined, slug: 'disease-5', diseaseName: 'Rare disease number 5' })
  t.equal(refused.statusCode, 429)
  t.equal(refused.json<{ code: string }>().code, 'KINDRED_RATE_LIMITED')
  t.ok(Number(refused.headers['retry-after']) > 0)
  t.equal((await propose(hub, await signUp(hub, 'another'), fop)).statusCode, 201, 'other accounts are not limited by it')
})

t.test('a proposal id that is not a uuid is 400, an unknown one 404', async (t) => {
  const hub = await buildTestHub(t)
  const malformed = await hub.app.inject({ method: 'GET', url: '/v1/proposals/fop' })
  t.equal(malformed.statusCode, 400)
  t.match(malformed.json(), { code: 'KINDRED_VALIDATION_FAILED', message: /^params\/id / })
  const unknown = await hub.app.inject({ method: 'GET', url: '/v1/proposals/00000000-0000-4000-8000-000000000000' })
  t.equal(unknown.statusCode, 404)
  t.equal(unknown.json<{ code: string }>().code, 'KINDRED_NOT_FOUND')
})

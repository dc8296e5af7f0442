import t from 'tap'
import { sql } from 'kysely'
import type { ProposalStatus } from '@kindred/db'
import { createProposal, proposalTransitions } from '@kindred/incubator'
import { buildTestHub, signUp, type SignedUp, type TestHub, proposalFields } from '@kindred/testkit'

const fop = proposalFields({ languages: ['en'] })

interface View {
  proposal: {
    id: string
    status: ProposalStatus
    progress: { supporters: number; moderators: number }
    history: Array<{ from: string | null; to: string; by: string; reason: string | null }>
  }
}

const bearer = (who: SignedUp) => ({ authorization: `Bearer ${who.accessToken}` })
const call = (hub: TestHub, who: SignedUp | undefined, method: 'POST' | 'DELETE' | 'PATCH', url: string, payload?: object) =>
  hub.app.inject({ method, url, headers: who === undefined ? {} : bearer(who), ...(payload === undefined ? {} : { payload }) })
const read = async (hub: TestHub, id: string) => (await hub.app.inject({ method: 'GET', url: `/v1/proposals/${id}` })).json<View>().proposal

// Registration is limited per address; the test kit derives the address from the name's length.
const names = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}-${'x'.repeat(index + 1)}`)

async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t)
  // Names that cannot occur in a response by accident ("founder" is in every history).
  const [founder, staff, ...supporters] = await Promise.all(
    ['grace-hopper', 'steward', ...names('supporter', 4)].map((name) => signUp(hub, name, { staff: name === 'steward' })),
  )
  if (founder === undefined || staff === undefined) throw new Error('sign-up failed')
  const created = await call(hub, founder, 'POST', '/v1/proposals', fop)
  const id = created.json<View>().proposal.id
  return { hub, founder, staff, supporters, id, url: `/v1/proposals/${id}` }
}

async function provisioningJobs(hub: TestHub) {
  const { rows } = await sql<{ identifier: string; key: string; payload: unknown }>`
    select tasks.identifier, jobs.key, jobs.payload
    from graphile_worker._private_jobs as jobs join graphile_worker._private_tasks as tasks on tasks.id = jobs.task_id
    where tasks.identifier = 'community__provision'`.execute(hub.database.db)
  return rows
}

t.test('support makes a proposal ready, staff approve it, and exactly one provisioning job is queued', async (t) => {
  const { hub, staff, supporters, id, url } = await setUp(t)
  const [moderator, ...members] = supporters
  const first = await call(hub, moderator, 'POST', `${url}/support`, { as: 'moderator' })
  t.equal(first.statusCode, 201)
  t.match(first.json(), {
    proposal: { status: 'open', progress: { supporters: 1, moderators: 1, thresholds: { supporters: 3, moderators: 1 } } },
  })
  for (const member of members.slice(0, 2)) t.equal((await call(hub, member, 'POST', `${url}/support`, { as: 'member' })).statusCode, 201)
  t.equal((await read(hub, id)).status, 'ready')
  const approved = await call(hub, staff, 'POST', `${url}/decision`, { decision: 'approve', reason: 'Welcome' })
  t.equal(approved.statusCode, 202)
  t.match(approved.json(), { proposal: { status: 'approved' } })
  t.same(await provisioningJobs(hub), [
    { identifier: 'community__provision', key: `community__provision:${id}`, payload: { proposalId: id } },
  ])
  t.same(
    (await read(hub, id)).history.map((event) => [event.from, event.to, event.by, event.reason]),
    [
      [null, 'open', 'founder', null],
      ['open', 'ready', 'system', 'Enough supporters and volunteer moderators'],
      ['ready', 'approved', 'staff', 'Welcome'],
    ],
  )
})

t.test('nobody’s identity is shown: neither supporters nor staff nor the founder', async (t) => {
  const { hub, staff, supporters, id, url } = await setUp(t)
  for (const supporter of supporters) await call(hub, supporter, 'POST', `${url}/support`, { as: 'moderator' })
  await call(hub, staff, 'POST', `${url}/decision`, { decision: 'request_changes', reason: 'Please add French' })
  const bodies = [
    (await hub.app.inject({ method: 'GET', url })).body,
    (await hub.app.inject({ method: 'GET', url: '/v1/proposals?status=changes_requested' })).body,
  ]
  const accounts = await hub.database.db.selectFrom('hub.accounts').select(['id', 'email', 'display_name']).execute()
  t.equal(accounts.length, 6)
  for (const body of bodies) {
    t.match(body, id)
    for (const account of accounts) {
      for (const secret of [account.id, account.email, account.display_name]) t.notOk(body.includes(secret), `${secret} is not shown`)
    }
  }
})

t.test('support rules: not the founder, once per account, a change of role in place, and only while gathering', async (t) => {
  const { hub, founder, staff, supporters, url } = await setUp(t)
  const [member] = supporters
  const own = await call(hub, founder, 'POST', `${url}/support`, { as: 'moderator' })
  t.equal(own.statusCode, 403)
  t.equal(own.json<{ code: string }>().code, 'KINDRED_FORBIDDEN')
  t.equal((await call(hub, member, 'POST', `${url}/support`, { as: 'member' })).statusCode, 201)
  const again = await call(hub, member, 'POST', `${url}/support`, { as: 'member' })
  t.equal(again.statusCode, 409)
  t.equal(again.json<{ code: string }>().code, 'KINDRED_ALREADY_SUPPORTED')
  const changed = await call(hub, member, 'POST', `${url}/support`, { as: 'moderator' })
  t.equal(changed.statusCode, 200)
  t.match(changed.json(), { proposal: { progress: { supporters: 1, moderators: 1 } } })
  for (const payload of [{ as: 'owner' }, {}, { as: 'member', note: 'hi' }])
    t.equal((await call(hub, member, 'POST', `${url}/support`, payload)).statusCode, 400, JSON.stringify(payload))
  t.equal((await call(hub, undefined, 'POST', `${url}/support`, { as: 'member' })).statusCode, 401)
  t.equal((await call(hub, member, 'POST', '/v1/proposals/00000000-0000-4000-8000-000000000000/support', { as: 'member' })).statusCode, 404)
  await call(hub, staff, 'POST', `${url}/decision`, { decision: 'decline', reason: 'Duplicate of an existing group' })
  const closed = await call(hub, supporters[1], 'POST', `${url}/support`, { as: 'member' })
  t.equal(closed.statusCode, 409)
  t.equal(closed.json<{ code: string }>().code, 'KINDRED_SUPPORT_CLOSED')
})

t.test('withdrawing support below the thresholds makes a ready proposal open again', async (t) => {
  const { hub, supporters, id, url } = await setUp(t)
  const [moderator, first, second, stranger] = supporters
  await call(hub, moderator, 'POST', `${url}/support`, { as: 'moderator' })
  await call(hub, first, 'POST', `${url}/support`, { as: 'member' })
  await call(hub, second, 'POST', `${url}/support`, { as: 'member' })
  t.equal((await read(hub, id)).status, 'ready')
  const withdrawn = await call(hub, moderator, 'DELETE', `${url}/support`)
  t.equal(withdrawn.statusCode, 200)
  t.match(withdrawn.json(), { proposal: { status: 'open', progress: { supporters: 2, moderators: 0 } } })
  t.match((await read(hub, id)).history.at(-1), { from: 'ready', to: 'open', by: 'system', reason: 'Support fell below the thresholds' })
  const notSupporting = await call(hub, stranger, 'DELETE', `${url}/support`)
  t.equal(notSupporting.statusCode, 404)
  t.equal((await call(hub, moderator, 'DELETE', `${url}/support`, { extra: 1 })).statusCode, 400, 'no body is expected')
})

t.test('review is for staff only, approval only from ready, and decline and changes need a reason', async (t) => {
  const { hub, founder, staff, supporters, id, url } = await setUp(t)
  for (const who of [founder, supporters[0]]) {
    const refused = await call(hub, who, 'POST', `${url}/decision`, { decision: 'approve' })
    t.equal(refused.statusCode, 403)
    t.equal(refused.json<{ code: string }>().code, 'KINDRED_FORBIDDEN')
  }
  t.equal((await call(hub, undefined, 'POST', `${url}/decision`, { decision: 'approve' })).statusCode, 401)
  const early = await call(hub, staff, 'POST', `${url}/decision`, { decision: 'approve' })
  t.equal(early.statusCode, 409)
  t.match(early.json(), { code: 'KINDRED_INVALID_TRANSITION', message: 'A proposal that is open cannot become approved' })
  const noReason = await call(hub, staff, 'POST', `${url}/decision`, { decision: 'decline' })
  t.equal(noReason.statusCode, 400)
  t.match(noReason.json(), { code: 'KINDRED_VALIDATION_FAILED', message: /^reason is required/ })
  for (const payload of [{ decision: 'maybe' }, { decision: 'decline', reason: 'x', extra: true }, { reason: 'x' }]) {
    t.equal((await call(hub, staff, 'POST', `${url}/decision`, payload)).statusCode, 400, JSON.stringify(payload))
  }
  const declined = await call(hub, staff, 'POST', `${url}/decision`, {
    decision: 'decline',
    reason: 'Please join the existing FOP community',
  })
  t.equal(declined.statusCode, 200)
  t.equal((await read(hub, id)).status, 'declined')
  t.same(await provisioningJobs(hub), [])
})

t.test('changes requested: the founder edits with PATCH and reopens; no one else, and at no other time', async (t) => {
  const { hub, founder, staff, supporters, id, url } = await setUp(t)
  const notYet = await call(hub, founder, 'PATCH', url, { summary: 'Better' })
  t.equal(notYet.statusCode, 409)
  t.equal(notYet.json<{ code: string }>().code, 'KINDRED_PROPOSAL_NOT_EDITABLE')
  await call(hub, staff, 'POST', `${url}/decision`, { decision: 'request_changes', reason: 'Which languages?' })
  t.equal((await call(hub, supporters[0], 'PATCH', url, { summary: 'Mine' })).statusCode, 403)
  for (const payload of [{}, { summary: '' }, { owner: 'me' }, { languages: ['xx'] }, { slug: 'admin' }]) {
    t.equal((await call(hub, founder, 'PATCH', url, payload)).statusCode, 400, JSON.stringify(payload))
  }
  const edited = await call(hub, founder, 'PATCH', url, { languages: ['en', 'fr', 'es'], orphaCode: null })
  t.equal(edited.statusCode, 200)
  t.match(edited.json(), { proposal: { languages: ['en', 'fr', 'es'], orphaCode: null, status: 'changes_requested' }, similar: [] })
  t.equal((await call(hub, supporters[0], 'POST', `${url}/reopen`)).statusCode, 403)
  const reopened = await call(hub, founder, 'POST', `${url}/reopen`)
  t.equal(reopened.statusCode, 200)
  t.match(reopened.json(), { proposal: { status: 'open' } })
  t.match((await read(hub, id)).history.slice(-2), [
    { from: 'open', to: 'changes_requested', by: 'staff', reason: 'Which languages?' },
    { from: 'changes_requested', to: 'open', by: 'founder' },
  ])
})

t.test('an edit that collides with another proposal is 409 naming it', async (t) => {
  const { hub, founder, staff, supporters, url } = await setUp(t)
  const other = (
    await call(hub, supporters[0], 'POST', '/v1/proposals', {
      ...fop,
      slug: 'pitt-hopkins',
      diseaseName: 'Pitt-Hopkins syndrome',
      orphaCode: 'ORPHA:2896',
    })
  ).json<View>()
  await call(hub, staff, 'POST', `${url}/decision`, { decision: 'request_changes', reason: 'Rename' })
  const reply = await call(hub, founder, 'PATCH', url, { slug: 'pitt-hopkins' })
  t.equal(reply.statusCode, 409)
  t.match(reply.json(), { code: 'KINDRED_SLUG_TAKEN', existing: { kind: 'proposal', slug: 'pitt-hopkins', id: other.proposal.id } })
})

t.test('the founder withdraws, with or without a reason; nobody else can', async (t) => {
  const { hub, founder, supporters, id, url } = await setUp(t)
  t.equal((await call(hub, supporters[0], 'POST', `${url}/withdraw`)).statusCode, 403)
  t.equal((await call(hub, founder, 'POST', `${url}/withdraw`, { reason: 'x', other: 1 })).statusCode, 400)
  const withdrawn = await call(hub, founder, 'POST', `${url}/withdraw`, { reason: 'We joined forces with another founder' })
  t.equal(withdrawn.statusCode, 200)
  t.match((await read(hub, id)).history.at(-1), { to: 'withdrawn', by: 'founder', reason: 'We joined forces with another founder' })
  const second = (await call(hub, founder, 'POST', '/v1/proposals', fop)).json<View>().proposal
  t.equal((await call(hub, founder, 'POST', `/v1/proposals/${second.id}/withdraw`)).statusCode, 200, 'no body at all is fine too')
})

// Every route that moves a proposal, against a proposal in every status: what the table allows succeeds,
// everything else is 409 KINDRED_INVALID_TRANSITION and changes nothing.
t.test('every move the lifecycle does not allow is 409 and changes nothing', async (t) => {
  const hub = await buildTestHub(t)
  const founder = await signUp(hub, 'founder')
  const staff = await signUp(hub, 'steward', { staff: true })
  const actions = [
    { name: 'approve', to: 'approved', who: staff, url: 'decision', payload: { decision: 'approve' } },
    { name: 'decline', to: 'declined', who: staff, url: 'decision', payload: { decision: 'decline', reason: 'No' } },
    {
      name: 'request changes',
      to: 'changes_requested',
      who: staff,
      url: 'decision',
      payload: { decision: 'request_changes', reason: 'Fix' },
    },
    { name: 'withdraw', to: 'withdrawn', who: founder, url: 'withdraw', payload: {} },
    { name: 'reopen', to: 'open', who: founder, url: 'reopen', payload: {} },
  ] as const
  const statuses = Object.keys(proposalTransitions) as ProposalStatus[]
  let index = 0
  for (const status of statuses) {
    for (const action of actions) {
      index += 1
      const { proposal } = await createProposal(hub.database.db, hub.config.incubator, founder.accountId, {
        ...fop,
        orphaCode: null,
        prevalenceClass: 'unknown',
        slug: `disease-${index}`,
        diseaseName: `Rare disease ${index}`,
      })
      await hub.database.db.updateTable('hub.proposals').set({ status }).where('id', '=', proposal.id).execute()
      const reply = await call(hub, action.who, 'POST', `/v1/proposals/${proposal.id}/${action.url}`, action.payload)
      const allowed = proposalTransitions[status][action.to] === (action.who === staff ? 'staff' : 'founder')
      const after = await read(hub, proposal.id)
      if (allowed) {
        t.ok(reply.statusCode === 200 || reply.statusCode === 202, `${action.name} from ${status}: ${reply.statusCode}`)
        t.equal(after.status, action.to)
      } else {
        t.equal(reply.statusCode, 409, `${action.name} from ${status} is refused`)
        t.equal(reply.json<{ code: string }>().code, 'KINDRED_INVALID_TRANSITION')
        t.equal(after.status, status, 'nothing changed')
        t.equal(after.history.length, 1)
      }
    }
  }
})

t.test('staff list who supports a proposal by display name, and decide on the status they saw', async (t) => {
  const { hub, founder, staff, supporters, id, url } = await setUp(t)
  const [moderator, member] = supporters
  await call(hub, member, 'POST', `${url}/support`, { as: 'member' })
  await call(hub, moderator, 'POST', `${url}/support`, { as: 'moderator' })
  const list = (who: SignedUp) => hub.app.inject({ method: 'GET', url: `${url}/supporters`, headers: bearer(who) })
  t.equal((await list(founder)).statusCode, 403, 'staff only')
  const listed = await list(staff)
  t.equal(listed.statusCode, 200)
  const { supporters: shown } = listed.json<{ supporters: Array<{ accountId: string; displayName: string; as: string }> }>()
  t.same(
    shown.map((supporter) => supporter.as),
    ['moderator', 'member'],
    'volunteer moderators first',
  )
  t.same(
    shown.map((supporter) => supporter.accountId),
    [moderator?.accountId, member?.accountId],
  )
  const unknown = await hub.app.inject({
    method: 'GET',
    url: '/v1/proposals/00000000-0000-4000-8000-000000000000/supporters',
    headers: bearer(staff),
  })
  t.equal(unknown.statusCode, 404)
  const stale = await call(hub, staff, 'POST', `${url}/decision`, { decision: 'decline', reason: 'Duplicate', seenStatus: 'ready' })
  t.equal(stale.statusCode, 409, 'the proposal is open, not ready as seen')
  t.equal((await read(hub, id)).status, 'open')
  const seen = await call(hub, staff, 'POST', `${url}/decision`, { decision: 'decline', reason: 'Duplicate', seenStatus: 'open' })
  t.equal(seen.statusCode, 200)
})

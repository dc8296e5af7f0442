import t from 'tap'
import { sql } from 'kysely'
import type { ProposalStatus } from '@kindred/db'
import { buildTestHub, csrfOf, hubTasks, insertProposal, locationOf, runDueJobs, siteStaff, type TestHub } from '@kindred/testkit'

async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t, { secondPlacement: false })
  const staff = await siteStaff(hub, 'staffer')
  return { hub, staff }
}

const statusOf = async (hub: TestHub, id: string): Promise<ProposalStatus> =>
  (await hub.database.db.selectFrom('hub.proposals').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status

const eventsOf = async (hub: TestHub, id: string): Promise<number> =>
  (await hub.database.db.selectFrom('hub.proposal_events').select('id').where('proposal_id', '=', id).execute()).length

// A community whose provisioning gave up, as the job leaves it after its last attempt.
async function failedCommunity(hub: TestHub, slug: string) {
  const proposal = await insertProposal(hub.database.db, { slug, status: 'provisioning' })
  await hub.database.db
    .insertInto('hub.communities')
    .values({
      slug,
      proposal_id: proposal.proposalId,
      name: proposal.diseaseName,
      disease_name: proposal.diseaseName,
      disease_key: proposal.diseaseName.toLowerCase(),
      languages: ['en'],
      description: 'failed',
      status: 'provisioning_failed',
    })
    .execute()
  await sql`update hub.communities set provisioning_error = 'relation "x" already exists (SQLSTATE 42P07)' where slug = ${slug}`.execute(
    hub.database.db,
  )
  return proposal
}

t.test('the queue: ready proposals by default, each status on its own tab', async (t) => {
  const { hub, staff } = await setUp(t)
  const ready = await insertProposal(hub.database.db, { slug: 'alkaptonuria', status: 'ready', orphaCode: 'ORPHA:56' })
  const open = await insertProposal(hub.database.db, { slug: 'wolman', status: 'open', moderators: 0, members: 1 })
  const changes = await insertProposal(hub.database.db, { slug: 'batten', status: 'changes_requested' })
  const queue = await staff.get('/staff/proposals')
  t.equal(queue.statusCode, 200)
  t.match(queue.body, `href="/staff/proposals/${ready.proposalId}"`)
  t.match(queue.body, 'ORPHA:56')
  t.notMatch(queue.body, open.proposalId, 'open proposals are on their own tab')
  t.match(queue.body, /aria-current="page"\s*>Ready for review/, 'the ready tab is current')
  const openTab = await staff.get('/staff/proposals?status=open')
  t.match(openTab.body, `href="/staff/proposals/${open.proposalId}"`)
  t.match(openTab.body, /0 of 1\s*<span class="hint">\(below the threshold\)/, 'moderators counted against their threshold')
  t.match(openTab.body, /ends soon/, 'a window closing within days is flagged')
  const changesTab = await staff.get('/staff/proposals?status=changes_requested')
  t.match(changesTab.body, changes.proposalId)
  t.match((await staff.get('/staff/proposals?status=declined')).body, /No proposal has this status/)
  t.equal((await staff.get('/staff/proposals?status=nonsense')).statusCode, 400, 'an unknown status is refused')
})

t.test('a proposal: supporters by display name, similar names, statement, Orphanet link, history', async (t) => {
  const { hub, staff } = await setUp(t)
  const proposal = await insertProposal(hub.database.db, {
    slug: 'fop',
    status: 'ready',
    orphaCode: 'ORPHA:337',
    diseaseName: 'Fibrodysplasia ossificans progressiva',
  })
  const similar = await insertProposal(hub.database.db, {
    slug: 'fop-two',
    status: 'open',
    diseaseName: 'Fibrodysplasia ossificans progressiva type 2',
  })
  await hub.database.db
    .insertInto('hub.proposal_events')
    .values({ proposal_id: proposal.proposalId, from_status: 'open', to_status: 'ready', actor_id: null, reason: 'Enough supporters' })
    .execute()
  const page = await staff.get(`/staff/proposals/${proposal.proposalId}`)
  t.equal(page.statusCode, 200)
  t.match(page.body, 'Display fop-moderator-0', 'a volunteer moderator by display name')
  t.match(page.body, 'Display fop-member-2', 'a supporter by display name')
  t.match(page.body, 'Display fop-founder', 'the founder by display name')
  t.match(page.body, `href="/staff/proposals/${similar.proposalId}"`, 'a similar pending proposal, linked')
  t.match(page.body, 'href="https://www.orpha.net/en/disease/detail/337"', 'Orphanet as a link')
  t.match(page.body, 'I live with it and want to meet others who do', 'the founder statement')
  t.match(page.body, /Enough supporters/, 'the history')
  t.match(page.body, /value="approve"/)
  t.match(page.body, /value="request_changes"/)
  t.match(page.body, /value="decline"/)
  t.notMatch(page.body, /<script(?! src)/, 'no inline script')
  t.equal((await staff.get('/staff/proposals/00000000-0000-4000-8000-000000000000')).statusCode, 404)
  const open = await staff.get(`/staff/proposals/${similar.proposalId}`)
  t.notMatch(open.body, /value="approve"/, 'an open proposal cannot be approved')
  t.match(open.body, /value="decline"/)
})

t.test('approve: the community is provisioned and the page follows it until it is live', async (t) => {
  const { hub, staff } = await setUp(t)
  const proposal = await insertProposal(hub.database.db, { slug: 'fop', status: 'ready' })
  const path = `/staff/proposals/${proposal.proposalId}`
  const page = await staff.get(path)
  const approved = await staff.post(`${path}/decision`, { _csrf: csrfOf(page), decision: 'approve', reason: '', seenStatus: 'ready' })
  t.equal(approved.statusCode, 303)
  t.equal(locationOf(approved), `${path}?done=approved`)
  t.equal(await statusOf(hub, proposal.proposalId), 'approved')
  const waiting = await staff.get(locationOf(approved))
  t.match(waiting.body, /role="status">Approved\. The community is being created\./)
  t.match(waiting.body, /hx-trigger="every 2s"/, 'the progress asks again while provisioning')
  t.match(waiting.body, /waiting for the worker/)
  await runDueJobs(hub.database.pool, hubTasks(hub))
  t.equal(await statusOf(hub, proposal.proposalId), 'live')
  const live = await staff.get(path)
  t.match(live.body, /The community is live\./)
  t.match(live.body, 'href="/c/fop"')
  t.notMatch(live.body, /hx-trigger/, 'no more asking once live')
  t.notMatch(live.body, /value="approve"/, 'nothing left to decide')
  const again = await staff.post(`${path}/decision`, { _csrf: csrfOf(page), decision: 'approve', reason: '', seenStatus: 'ready' })
  t.equal(again.statusCode, 409, 'a decision on a page gone stale is refused')
  t.match(again.body, /Nothing was changed: the proposal moved while you were reading it, it is now “Open community”/)
})

t.test('request changes and decline need a reason; bad input changes nothing', async (t) => {
  const { hub, staff } = await setUp(t)
  const proposal = await insertProposal(hub.database.db, { slug: 'fop', status: 'ready' })
  const path = `/staff/proposals/${proposal.proposalId}`
  const page = await staff.get(path)
  const before = await eventsOf(hub, proposal.proposalId)
  for (const decision of ['request_changes', 'decline']) {
    const refused = await staff.post(`${path}/decision`, { _csrf: csrfOf(page), decision, reason: '   ', seenStatus: 'ready' })
    t.equal(refused.statusCode, 400, `${decision} without a reason`)
    t.match(refused.body, /href="#reason">Give a reason/)
    t.match(refused.body, /aria-invalid="true"/)
  }
  const tooLong = await staff.post(`${path}/decision`, {
    _csrf: csrfOf(page),
    decision: 'decline',
    reason: 'x'.repeat(2001),
    seenStatus: 'ready',
  })
  t.equal(tooLong.statusCode, 400)
  t.match(tooLong.body, /at most 2,000 characters/)
  const unknown = await staff.post(`${path}/decision`, { _csrf: csrfOf(page), decision: 'bless', reason: 'x', seenStatus: 'ready' })
  t.equal(unknown.statusCode, 400, 'an unknown decision')
  const noCsrf = await staff.post(`${path}/decision`, { decision: 'decline', reason: 'x', seenStatus: 'ready' })
  t.equal(noCsrf.statusCode, 403, 'no CSRF token')
  t.equal(await statusOf(hub, proposal.proposalId), 'ready')
  t.equal(await eventsOf(hub, proposal.proposalId), before, 'no history written')

  const changes = await staff.post(`${path}/decision`, {
    _csrf: csrfOf(page),
    decision: 'request_changes',
    reason: 'Please name the usual acronym',
    seenStatus: 'ready',
  })
  t.equal(locationOf(changes), `${path}?done=changesRequested`)
  t.equal(await statusOf(hub, proposal.proposalId), 'changes_requested')
  const after = await staff.get(locationOf(changes))
  t.match(after.body, /went back to its founder/)
  t.match(after.body, /Please name the usual acronym/, 'the reason in the history')
  const declined = await staff.post(`${path}/decision`, {
    _csrf: csrfOf(after),
    decision: 'decline',
    reason: 'Duplicate of an existing community',
    seenStatus: 'changes_requested',
  })
  t.equal(locationOf(declined), `${path}?done=declined`)
  t.equal(await statusOf(hub, proposal.proposalId), 'declined')
  t.match((await staff.get('/staff/proposals?status=declined')).body, proposal.proposalId, 'on the decided tab')
})

t.test('a stale decision: support fell and the proposal went back to open meanwhile', async (t) => {
  const { hub, staff } = await setUp(t)
  const proposal = await insertProposal(hub.database.db, { slug: 'fop', status: 'ready' })
  const path = `/staff/proposals/${proposal.proposalId}`
  const page = await staff.get(path)
  await hub.database.db.updateTable('hub.proposals').set({ status: 'open' }).where('id', '=', proposal.proposalId).execute()
  const stale = await staff.post(`${path}/decision`, {
    _csrf: csrfOf(page),
    decision: 'request_changes',
    reason: 'Fix it',
    seenStatus: 'ready',
  })
  t.equal(stale.statusCode, 409, 'refused although the decision would be possible from open')
  t.match(stale.body, /role="alert">Nothing was changed: the proposal moved while you were reading it, it is now “Gathering support/)
  t.match(stale.body, /Fix it/, 'the reason is kept in the form')
  t.equal(await statusOf(hub, proposal.proposalId), 'open')
})

t.test('a failed provisioning shows its error and is retried', async (t) => {
  const { hub, staff } = await setUp(t)
  const proposal = await failedCommunity(hub, 'broken')
  const path = `/staff/proposals/${proposal.proposalId}`
  const page = await staff.get(path)
  t.match(page.body, /Creating the community failed\./)
  t.match(page.body, /relation &quot;x&quot; already exists \(SQLSTATE 42P07\)|relation "x" already exists \(SQLSTATE 42P07\)/)
  t.notMatch(page.body, /hx-trigger/, 'a failure is not polled')
  const retried = await staff.post(`${path}/retry`, { _csrf: csrfOf(page) })
  t.equal(locationOf(retried), `${path}?done=retried`)
  const community = await hub.database.db
    .selectFrom('hub.communities')
    .select('status')
    .where('slug', '=', 'broken')
    .executeTakeFirstOrThrow()
  t.equal(community.status, 'provisioning')
  const after = await staff.get(locationOf(retried))
  t.match(after.body, /Provisioning was started again\./)
  t.match(after.body, /The community is being created\./)
  const twice = await staff.post(`${path}/retry`, { _csrf: csrfOf(page) })
  t.equal(twice.statusCode, 409, 'a retry of a community no longer failed')
  t.match(twice.body, /has not failed/)
  const ready = await insertProposal(hub.database.db, { slug: 'fop', status: 'ready' })
  const none = await staff.post(`/staff/proposals/${ready.proposalId}/retry`, { _csrf: csrfOf(page) })
  t.equal(none.statusCode, 404, 'no community to retry')
})

import t from 'tap'
import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import {
  decideOnProposal as decide,
  editProposal,
  getProposal,
  recordProposalTransition,
  reopenProposal,
  withdrawProposal,
  type IncubatorSettings,
} from '@kindred/incubator'
import { communityProvisionJob } from '@kindred/tenancy'
import { createTestDatabase } from '@kindred/testkit'
import { addSupporters, createAccounts, openProposal, settings } from './fixtures.ts'

// An approval queues the real provisioning job, which @kindred/tenancy owns.
const decideOnProposal = (db: Kysely<HubDatabase>, incubator: IncubatorSettings, review: Parameters<typeof decide>[2]) =>
  decide(db, incubator, review, { provisioning: communityProvisionJob })
const provisionCommunityTask = communityProvisionJob.name
const provisioningJobKey = (proposalId: string) => communityProvisionJob.jobKey({ proposalId })

async function readyProposal(db: Kysely<HubDatabase>) {
  const opened = await openProposal(db)
  await addSupporters(db, opened.proposalId, 1, 'moderator')
  await addSupporters(db, opened.proposalId, 2, 'member')
  const [staffId = ''] = await createAccounts(db, 1)
  return { ...opened, staffId }
}

// graphile-worker 0.16+ keeps jobs in `_private_jobs` (the `jobs` view has no payload). The founder's mail
// each move queues is another job, the subject of mail.test.ts.
async function provisioningJobs(db: Kysely<HubDatabase>) {
  const { rows } = await sql<{ identifier: string; key: string | null; payload: unknown; max_attempts: number }>`
    select tasks.identifier, jobs.key, jobs.payload, jobs.max_attempts
    from graphile_worker._private_jobs as jobs join graphile_worker._private_tasks as tasks on tasks.id = jobs.task_id
    where tasks.identifier = ${provisionCommunityTask}`.execute(db)
  return rows
}

t.test('approving a ready proposal records the decision and queues exactly one provisioning job', async (t) => {
  const { database } = await createTestDatabase(t)
  const { proposalId, staffId } = await readyProposal(database.db)
  const approved = await decideOnProposal(database.db, settings, { proposalId, staffId, decision: 'approve' })
  t.equal(approved.status, 'approved')
  t.match(approved.history.at(-1), { from: 'ready', to: 'approved', by: 'staff', reason: null })
  t.same(await provisioningJobs(database.db), [
    { identifier: provisionCommunityTask, key: provisioningJobKey(proposalId), payload: { proposalId }, max_attempts: 10 },
  ])
  t.equal(provisioningJobKey(proposalId), `community__provision:${proposalId}`)
})

t.test('the approval and its job commit together: if the job cannot be queued, the proposal stays ready', async (t) => {
  const { database } = await createTestDatabase(t)
  const { proposalId, staffId } = await readyProposal(database.db)
  await sql`create or replace function public.refuse_jobs() returns trigger language plpgsql as $$ begin raise exception 'queue unavailable'; end $$`.execute(
    database.db,
  )
  await sql`create trigger refuse_jobs before insert on graphile_worker._private_jobs for each row execute function public.refuse_jobs()`.execute(
    database.db,
  )
  await t.rejects(decideOnProposal(database.db, settings, { proposalId, staffId, decision: 'approve' }), /queue unavailable/)
  const proposal = await getProposal(database.db, settings, proposalId)
  t.equal(proposal.status, 'ready')
  t.notOk(
    proposal.history.some((event) => event.to === 'approved'),
    'no approval in the history',
  )
  await sql`drop trigger refuse_jobs on graphile_worker._private_jobs`.execute(database.db)
  await decideOnProposal(database.db, settings, { proposalId, staffId, decision: 'approve' })
  t.equal((await provisioningJobs(database.db)).length, 1)
})

t.test('two staff approving at once: one approval, one 409, one job', async (t) => {
  const { database } = await createTestDatabase(t, { poolMax: 6 })
  const { proposalId, staffId } = await readyProposal(database.db)
  const [otherStaff = ''] = await createAccounts(database.db, 1)
  const results = await Promise.allSettled([
    decideOnProposal(database.db, settings, { proposalId, staffId, decision: 'approve' }),
    decideOnProposal(database.db, settings, { proposalId, staffId: otherStaff, decision: 'approve' }),
  ])
  t.same(results.map((result) => result.status).sort(), ['fulfilled', 'rejected'])
  t.match(results.find((result) => result.status === 'rejected')?.reason, { code: 'KINDRED_INVALID_TRANSITION' })
  t.equal((await provisioningJobs(database.db)).length, 1)
})

t.test('only a ready proposal is approved, and a final decision cannot be taken back', async (t) => {
  const { database } = await createTestDatabase(t)
  const { proposalId } = await openProposal(database.db)
  const [staffId = ''] = await createAccounts(database.db, 1)
  await t.rejects(decideOnProposal(database.db, settings, { proposalId, staffId, decision: 'approve' }), {
    code: 'KINDRED_INVALID_TRANSITION',
    statusCode: 409,
    message: 'A proposal that is open cannot become approved',
  })
  await decideOnProposal(database.db, settings, { proposalId, staffId, decision: 'decline', reason: 'A community for this disease exists' })
  for (const decision of ['approve', 'decline', 'request_changes'] as const) {
    await t.rejects(
      decideOnProposal(database.db, settings, { proposalId, staffId, decision, reason: 'again' }),
      { code: 'KINDRED_INVALID_TRANSITION' },
      decision,
    )
  }
  t.same(await provisioningJobs(database.db), [])
})

t.test('declining or requesting changes needs a reason, which the history keeps', async (t) => {
  const { database } = await createTestDatabase(t)
  const { proposalId } = await openProposal(database.db)
  const [staffId = ''] = await createAccounts(database.db, 1)
  for (const decision of ['decline', 'request_changes'] as const) {
    for (const reason of [undefined, '   ']) {
      await t.rejects(decideOnProposal(database.db, settings, { proposalId, staffId, decision, reason }), {
        code: 'KINDRED_VALIDATION_FAILED',
        message: /^reason is required/,
      })
    }
  }
  const declined = await decideOnProposal(database.db, settings, {
    proposalId,
    staffId,
    decision: 'decline',
    reason: ' Please join /fop instead ',
  })
  t.match(declined.history.at(-1), { from: 'open', to: 'declined', by: 'staff', reason: 'Please join /fop instead' })
})

t.test('staff do not decide on a proposal they founded', async (t) => {
  const { database } = await createTestDatabase(t)
  const { proposalId, founderId } = await readyProposal(database.db)
  await t.rejects(decideOnProposal(database.db, settings, { proposalId, staffId: founderId, decision: 'approve' }), {
    code: 'KINDRED_FORBIDDEN',
  })
  t.equal((await getProposal(database.db, settings, proposalId)).status, 'ready')
})

t.test('changes requested: the founder edits, reopens, and the proposal is ready again if its support still suffices', async (t) => {
  const { database } = await createTestDatabase(t)
  const { proposalId, founderId, staffId } = await readyProposal(database.db)
  await database.db
    .updateTable('hub.proposals')
    .set({ expires_at: new Date(Date.now() + 60_000) })
    .where('id', '=', proposalId)
    .execute()
  const sentBack = await decideOnProposal(database.db, settings, {
    proposalId,
    staffId,
    decision: 'request_changes',
    reason: 'Say which languages you moderate in',
  })
  t.equal(sentBack.status, 'changes_requested')
  t.ok(sentBack.expiresAt.getTime() > Date.now() + 89 * 86_400_000, 'a fresh support window')
  await t.rejects(
    reopenProposal(database.db, settings, { proposalId, accountId: staffId }),
    { code: 'KINDRED_FORBIDDEN' },
    'only the founder reopens',
  )
  const edited = await editProposal(database.db, settings, {
    proposalId,
    accountId: founderId,
    changes: { summary: 'For people with FOP; moderated in English and French.', orphaCode: null },
  })
  t.match(edited.proposal, {
    summary: 'For people with FOP; moderated in English and French.',
    orphaCode: null,
    status: 'changes_requested',
    diseaseName: 'Fibrodysplasia ossificans progressiva',
  })
  const reopened = await reopenProposal(database.db, settings, { proposalId, accountId: founderId })
  t.equal(reopened.status, 'ready')
  t.same(
    reopened.history.slice(-3).map((event) => `${event.from ?? ''}>${event.to}:${event.by}`),
    ['ready>changes_requested:staff', 'changes_requested>open:founder', 'open>ready:system'],
  )
})

t.test('a reopened proposal whose new class needs more support is open', async (t) => {
  const { database } = await createTestDatabase(t)
  const { proposalId, founderId, staffId } = await readyProposal(database.db)
  await decideOnProposal(database.db, settings, { proposalId, staffId, decision: 'request_changes', reason: 'Is it really that rare?' })
  const edited = await editProposal(database.db, settings, {
    proposalId,
    accountId: founderId,
    changes: { prevalenceClass: '1_9_per_100k' },
  })
  t.same(edited.proposal.progress.thresholds, { supporters: 10, moderators: 2 })
  t.equal((await reopenProposal(database.db, settings, { proposalId, accountId: founderId })).status, 'open')
})

t.test('a proposal is edited only by its founder, only while changes are requested, and stays free of duplicates', async (t) => {
  const { database } = await createTestDatabase(t)
  const { proposalId, founderId } = await openProposal(database.db)
  const other = await openProposal(database.db, { slug: 'pitt-hopkins', diseaseName: 'Pitt-Hopkins syndrome', orphaCode: 'ORPHA:2896' })
  const [staffId = ''] = await createAccounts(database.db, 1)
  await t.rejects(editProposal(database.db, settings, { proposalId, accountId: founderId, changes: { summary: 'New' } }), {
    code: 'KINDRED_PROPOSAL_NOT_EDITABLE',
    statusCode: 409,
  })
  await decideOnProposal(database.db, settings, { proposalId, staffId, decision: 'request_changes', reason: 'Clarify' })
  await t.rejects(editProposal(database.db, settings, { proposalId, accountId: other.founderId, changes: { summary: 'Mine' } }), {
    code: 'KINDRED_FORBIDDEN',
  })
  await t.rejects(editProposal(database.db, settings, { proposalId, accountId: founderId, changes: { slug: 'pitt-hopkins' } }), {
    code: 'KINDRED_SLUG_TAKEN',
    existing: { id: other.proposalId },
  })
  await t.rejects(editProposal(database.db, settings, { proposalId, accountId: founderId, changes: { orphaCode: 'ORPHA:2896' } }), {
    code: 'KINDRED_DUPLICATE_PROPOSAL',
  })
  await t.rejects(editProposal(database.db, settings, { proposalId, accountId: founderId, changes: { languages: ['klingon'] } }), {
    code: 'KINDRED_VALIDATION_FAILED',
  })
  const kept = await editProposal(database.db, settings, { proposalId, accountId: founderId, changes: { slug: 'fop' } })
  t.equal(kept.proposal.slug, 'fop', 'its own slug and disease are no conflict')
})

t.test('the founder withdraws a proposal at any stage before approval, and only then', async (t) => {
  const { database } = await createTestDatabase(t)
  const { proposalId, founderId, staffId } = await readyProposal(database.db)
  await t.rejects(withdrawProposal(database.db, settings, { proposalId, accountId: staffId }), { code: 'KINDRED_FORBIDDEN' })
  const withdrawn = await withdrawProposal(database.db, settings, {
    proposalId,
    accountId: founderId,
    reason: 'We joined another community',
  })
  t.match(withdrawn.history.at(-1), { from: 'ready', to: 'withdrawn', by: 'founder', reason: 'We joined another community' })
  await t.rejects(withdrawProposal(database.db, settings, { proposalId, accountId: founderId }), { code: 'KINDRED_INVALID_TRANSITION' })
  // The withdrawn proposal freed its disease, so the same one can be proposed again, and approved.
  const approved = await readyProposal(database.db)
  await decideOnProposal(database.db, settings, { proposalId: approved.proposalId, staffId: approved.staffId, decision: 'approve' })
  await t.rejects(withdrawProposal(database.db, settings, { proposalId: approved.proposalId, accountId: approved.founderId }), {
    code: 'KINDRED_INVALID_TRANSITION',
    message: 'A proposal that is approved cannot become withdrawn',
  })
})

t.test('the provisioning job moves an approved proposal through provisioning to live with the same transition code', async (t) => {
  const { database } = await createTestDatabase(t)
  const { proposalId, staffId } = await readyProposal(database.db)
  await decideOnProposal(database.db, settings, { proposalId, staffId, decision: 'approve' })
  await recordProposalTransition(database.db, {
    proposalId,
    from: 'approved',
    to: 'provisioning',
    actor: 'system',
    actorId: null,
    reason: null,
  })
  await recordProposalTransition(database.db, {
    proposalId,
    from: 'provisioning',
    to: 'live',
    actor: 'system',
    actorId: null,
    reason: null,
  })
  const live = await getProposal(database.db, settings, proposalId)
  t.equal(live.status, 'live')
  t.same(
    live.history.slice(-2).map((event) => event.by),
    ['system', 'system'],
  )
  await t.rejects(
    recordProposalTransition(database.db, { proposalId, from: 'live', to: 'declined', actor: 'staff', actorId: staffId, reason: 'late' }),
    { code: 'KINDRED_INVALID_TRANSITION' },
  )
})

t.test(
  'a decision taken on what was seen: refused when the proposal moved meanwhile, even to a status it could be taken from',
  async (t) => {
    const { database } = await createTestDatabase(t)
    const { proposalId, staffId } = await readyProposal(database.db)
    // Support fell: ready went back to open, from which changes could be requested too.
    await recordProposalTransition(database.db, { proposalId, from: 'ready', to: 'open', actor: 'system', actorId: null, reason: null })
    const stale = { proposalId, staffId, decision: 'request_changes' as const, reason: 'Fix it', seenStatus: 'ready' as const }
    await t.rejects(decideOnProposal(database.db, settings, stale), {
      code: 'KINDRED_INVALID_TRANSITION',
      message: /is open now, no longer ready/,
    })
    t.equal((await getProposal(database.db, settings, proposalId)).status, 'open', 'nothing changed')
    const seen = await decideOnProposal(database.db, settings, { ...stale, seenStatus: 'open' })
    t.equal(seen.status, 'changes_requested', 'what is seen now can be decided')
  },
)

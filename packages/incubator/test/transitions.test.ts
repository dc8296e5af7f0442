import t from 'tap'
import type { ProposalStatus } from '@kindred/db'
import {
  assertTransition,
  getProposal,
  pendingStatuses,
  proposalTransitions,
  recordProposalTransition,
  transitionActor,
} from '@kindred/incubator'
import { createTestDatabase } from '@kindred/testkit'
import { createAccounts, openProposal, settings } from './fixtures.ts'

const statuses = Object.keys(proposalTransitions) as ProposalStatus[]

t.test('the lifecycle table allows exactly the documented moves, each to one kind of actor', async (t) => {
  const moves = statuses.flatMap((from) =>
    statuses.filter((to) => transitionActor(from, to) !== undefined).map((to) => `${from}>${to}:${transitionActor(from, to) ?? ''}`),
  )
  t.same(moves.sort(), [
    'approved>provisioning:system',
    'changes_requested>declined:staff',
    'changes_requested>expired:system',
    'changes_requested>open:founder',
    'changes_requested>withdrawn:founder',
    'open>changes_requested:staff',
    'open>declined:staff',
    'open>expired:system',
    'open>ready:system',
    'open>withdrawn:founder',
    'provisioning>live:system',
    'ready>approved:staff',
    'ready>changes_requested:staff',
    'ready>declined:staff',
    'ready>open:system',
    'ready>withdrawn:founder',
  ])
  for (const end of ['live', 'declined', 'withdrawn', 'expired'] as const) t.same(proposalTransitions[end], {}, `${end} is final`)
  t.same(pendingStatuses, ['open', 'ready', 'changes_requested', 'approved', 'provisioning'], 'the statuses the unique indexes cover')
})

t.test('a move that is not in the table, or made by the wrong actor, is refused with 409', async (t) => {
  t.throws(() => assertTransition('open', 'approved', 'staff'), {
    code: 'KINDRED_INVALID_TRANSITION',
    statusCode: 409,
    message: 'A proposal that is open cannot become approved',
  })
  t.throws(() => assertTransition('ready', 'open', 'founder'), {
    code: 'KINDRED_INVALID_TRANSITION',
    message: 'Only Kindred itself can move a proposal from ready to open',
  })
  t.throws(() => assertTransition('live', 'declined', 'staff'), { code: 'KINDRED_INVALID_TRANSITION' })
  t.doesNotThrow(() => assertTransition('approved', 'provisioning', 'system'))
})

t.test('a recorded move changes the status and appends who, when and why to the history', async (t) => {
  const { database } = await createTestDatabase(t)
  const { proposalId, founderId } = await openProposal(database.db)
  const [staffId = ''] = await createAccounts(database.db, 1)
  await recordProposalTransition(database.db, {
    proposalId,
    from: 'open',
    to: 'declined',
    actor: 'staff',
    actorId: staffId,
    reason: 'Out of scope',
  })
  const proposal = await getProposal(database.db, settings, proposalId)
  t.equal(proposal.status, 'declined')
  t.match(proposal.history, [
    { from: null, to: 'open', by: 'founder', reason: null },
    { from: 'open', to: 'declined', by: 'staff', reason: 'Out of scope' },
  ])
  t.ok((proposal.history[1]?.at.getTime() ?? 0) >= (proposal.history[0]?.at.getTime() ?? Infinity))
  const rows = await database.db
    .selectFrom('hub.proposal_events')
    .select(['actor_id'])
    .where('proposal_id', '=', proposalId)
    .orderBy('id')
    .execute()
  t.same(
    rows.map((row) => row.actor_id),
    [founderId, staffId],
    'the accounts are kept in the table, not shown',
  )
})

t.test('of two concurrent moves from the same status only one happens, and only it is recorded', async (t) => {
  const { database } = await createTestDatabase(t, { poolMax: 4 })
  const { proposalId, founderId } = await openProposal(database.db)
  const [staffId = ''] = await createAccounts(database.db, 1)
  const results = await Promise.allSettled([
    recordProposalTransition(database.db, {
      proposalId,
      from: 'open',
      to: 'withdrawn',
      actor: 'founder',
      actorId: founderId,
      reason: null,
    }),
    recordProposalTransition(database.db, { proposalId, from: 'open', to: 'declined', actor: 'staff', actorId: staffId, reason: 'No' }),
  ])
  t.same(results.map((result) => result.status).sort(), ['fulfilled', 'rejected'])
  const refused = results.find((result) => result.status === 'rejected')
  t.match(refused?.reason, { code: 'KINDRED_INVALID_TRANSITION', message: /no longer open/ })
  const proposal = await getProposal(database.db, settings, proposalId)
  t.equal(proposal.history.length, 2, 'one creation, one move')
  t.equal(proposal.history[1]?.to, proposal.status)
})

t.test('a move from a status the proposal has left is 409, and an unknown proposal 404', async (t) => {
  const { database } = await createTestDatabase(t)
  const { proposalId } = await openProposal(database.db)
  await t.rejects(
    recordProposalTransition(database.db, {
      proposalId,
      from: 'approved',
      to: 'provisioning',
      actor: 'system',
      actorId: null,
      reason: null,
    }),
    {
      code: 'KINDRED_INVALID_TRANSITION',
      message: 'The proposal is open now, no longer approved; it cannot become provisioning',
    },
  )
  await t.rejects(
    recordProposalTransition(database.db, {
      proposalId: '00000000-0000-4000-8000-000000000000',
      from: 'approved',
      to: 'provisioning',
      actor: 'system',
      actorId: null,
      reason: null,
    }),
    { code: 'KINDRED_NOT_FOUND' },
  )
  t.equal((await getProposal(database.db, settings, proposalId)).history.length, 1, 'nothing was recorded')
})

t.test('a system move names no account, and a person’s move must name one', async (t) => {
  const { database } = await createTestDatabase(t)
  const { proposalId, founderId } = await openProposal(database.db)
  await t.rejects(
    recordProposalTransition(database.db, { proposalId, from: 'open', to: 'ready', actor: 'system', actorId: founderId, reason: null }),
    /must not name/,
  )
  await t.rejects(
    recordProposalTransition(database.db, { proposalId, from: 'open', to: 'withdrawn', actor: 'founder', actorId: null, reason: null }),
    /must name/,
  )
})

import { randomUUID } from 'node:crypto'
import t from 'tap'
import type { Kysely } from 'kysely'
import type { HubDatabase, ProposalStatus } from '@kindred/db'
import { expireOverdueProposals, getProposal } from '@kindred/incubator'
import { createTestDatabase } from '@kindred/testkit'
import { openProposal, settings } from './fixtures.ts'

const day = 86_400_000

async function proposalIn(db: Kysely<HubDatabase>, slug: string, status: ProposalStatus, expiresAt: Date): Promise<string> {
  const { proposalId } = await openProposal(db, { slug, diseaseName: `Disease ${slug}`, orphaCode: null })
  await db.updateTable('hub.proposals').set({ status, expires_at: expiresAt }).where('id', '=', proposalId).execute()
  return proposalId
}

t.test('a new proposal has the configured support window', async (t) => {
  const { database } = await createTestDatabase(t)
  const before = Date.now()
  const { proposalId } = await openProposal(database.db)
  const { expiresAt } = await getProposal(database.db, settings, proposalId)
  t.ok(expiresAt.getTime() >= before + 90 * day && expiresAt.getTime() <= Date.now() + 90 * day, expiresAt.toISOString())
})

t.test('open and sent-back proposals past their window expire, with the move in their history; others are left alone', async (t) => {
  const { database } = await createTestDatabase(t)
  const now = new Date()
  const past = new Date(now.getTime() - 1000)
  const overdueOpen = await proposalIn(database.db, 'overdue-open', 'open', past)
  const overdueSentBack = await proposalIn(database.db, 'overdue-sent-back', 'changes_requested', past)
  const onTheDot = await proposalIn(database.db, 'on-the-dot', 'open', now)
  const ready = await proposalIn(database.db, 'ready-one', 'ready', past)
  const approved = await proposalIn(database.db, 'approved-one', 'approved', past)
  const notYet = await proposalIn(database.db, 'not-yet', 'open', new Date(now.getTime() + day))
  const expired = await expireOverdueProposals(database.db, now)
  t.same(expired.sort(), [overdueOpen, overdueSentBack, onTheDot].sort())
  for (const id of [overdueOpen, overdueSentBack, onTheDot]) {
    const proposal = await getProposal(database.db, settings, id)
    t.equal(proposal.status, 'expired')
    t.match(proposal.history.at(-1), { to: 'expired', by: 'system', reason: 'The support window closed before the thresholds were met' })
  }
  for (const [id, status] of [
    [ready, 'ready'],
    [approved, 'approved'],
    [notYet, 'open'],
  ] as const) {
    t.equal((await getProposal(database.db, settings, id)).status, status, `${status} is left alone`)
  }
  t.same(await expireOverdueProposals(database.db, now), [], 'a second run finds nothing to do')
  t.same(
    await expireOverdueProposals(database.db, new Date(now.getTime() + 2 * day)),
    [notYet],
    'the clock can be moved for the job and its tests',
  )
})

t.test('expiry runs through proposals in batches until none is left', async (t) => {
  const { database } = await createTestDatabase(t)
  const past = new Date(Date.now() - day)
  const ids = await database.db.transaction().execute(async (trx) => {
    const rows = Array.from({ length: 230 }, (_, index) => ({
      id: randomUUID(),
      founder_id: null,
      disease_name: `Disease ${index}`,
      disease_key: `disease ${index}`,
      slug: `disease-${index}`,
      summary: 's',
      languages: ['en'],
      founder_statement: 'f',
      expires_at: past,
    }))
    await trx.insertInto('hub.proposals').values(rows).execute()
    return rows.map((row) => row.id)
  })
  const expired = await expireOverdueProposals(database.db)
  t.equal(expired.length, 230)
  t.same(new Set(expired), new Set(ids))
})

t.test('two expiry runs at once expire each proposal once', async (t) => {
  const { database } = await createTestDatabase(t, { poolMax: 6 })
  const past = new Date(Date.now() - 1000)
  const ids = [
    await proposalIn(database.db, 'one', 'open', past),
    await proposalIn(database.db, 'two', 'open', past),
    await proposalIn(database.db, 'three', 'open', past),
  ]
  const [first, second] = await Promise.all([expireOverdueProposals(database.db), expireOverdueProposals(database.db)])
  t.same([...first, ...second].sort(), ids.sort())
  const events = await database.db.selectFrom('hub.proposal_events').select('proposal_id').where('to_status', '=', 'expired').execute()
  t.equal(events.length, 3)
})

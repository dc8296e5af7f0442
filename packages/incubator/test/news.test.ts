import type { Kysely } from 'kysely'
import t from 'tap'
import type { HubDatabase } from '@kindred/db'
import {
  decideOnProposal,
  listProposalNews,
  markProposalNewsRead,
  proposalNewsLength,
  recordProposalTransition,
  remindExpiringProposals,
  reopenProposal,
  setIncubatorMailChoice,
  supportProposal,
  unreadProposalNewsCount,
  withdrawSupport,
} from '@kindred/incubator'
import { communityProvisionJob } from '@kindred/tenancy'
import { createTestDatabase } from '@kindred/testkit'
import { addSupporters, createAccounts, openProposal, settings } from './fixtures.ts'

const day = 86_400_000

const decide = (db: Kysely<HubDatabase>, proposalId: string, staffId: string, decision: 'approve' | 'request_changes') =>
  decideOnProposal(
    db,
    settings,
    decision === 'approve' ? { proposalId, staffId, decision } : { proposalId, staffId, decision, reason: 'Please add the Orphanet code' },
    { provisioning: communityProvisionJob },
  )

// The provisioning job's moves, without a community: the news of a launch written where its mail is queued.
async function goLive(db: Kysely<HubDatabase>, proposalId: string): Promise<void> {
  const system = { actor: 'system', actorId: null, reason: null } as const
  await recordProposalTransition(db, { proposalId, from: 'approved', to: 'provisioning', ...system })
  await recordProposalTransition(db, { proposalId, from: 'provisioning', to: 'live', ...system })
}

const kindsOf = async (db: Kysely<HubDatabase>, accountId: string) => (await listProposalNews(db, accountId)).items.map(({ kind }) => kind)

t.test('each move the founder is mailed of is listed once, and the launch for every supporter, whatever their mail choice', async (t) => {
  const { database } = await createTestDatabase(t)
  const { db } = database
  const { proposalId, founderId } = await openProposal(db, { diseaseName: 'Fibrodysplasia ossificans progressiva' })
  await setIncubatorMailChoice(db, founderId, false)
  const [staffId = ''] = await createAccounts(db, 1)
  const supporters = [...(await addSupporters(db, proposalId, 1, 'moderator')), ...(await addSupporters(db, proposalId, 2, 'member'))]
  // Support going back and forth over the threshold: ready, open, ready again; listed once, as mailed once.
  const flapping = supporters[2] ?? ''
  await withdrawSupport(db, settings, { proposalId, accountId: flapping })
  await supportProposal(db, settings, { proposalId, accountId: flapping, as: 'member' })
  t.same(await kindsOf(db, founderId), ['ready'], 'ready once, however often it became ready, though the founder takes no mail')

  await decide(db, proposalId, staffId, 'request_changes')
  await reopenProposal(db, settings, { proposalId, accountId: founderId })
  await decide(db, proposalId, staffId, 'approve')
  t.same(await kindsOf(db, founderId), ['approved', 'ready', 'changes_requested', 'ready'], 'ready again after a round of changes')
  for (const supporter of supporters) t.same(await kindsOf(db, supporter), [], 'supporters are told nothing before the launch')

  const [optedOut = ''] = supporters
  await setIncubatorMailChoice(db, optedOut, false)
  await goLive(db, proposalId)
  t.equal((await kindsOf(db, founderId))[0], 'live')
  for (const supporter of supporters) t.same(await kindsOf(db, supporter), ['supported_live'], 'each supporter once, the opted-out too')
  t.same(await kindsOf(db, staffId), [], 'the staff who decided is told nothing')

  const [latest] = (await listProposalNews(db, founderId)).items
  t.match(latest, { kind: 'live', proposalId, diseaseName: 'Fibrodysplasia ossificans progressiva', communitySlug: null, read: false })
  t.ok(latest?.createdAt instanceof Date)
})

t.test('a move rolled back lists nothing', async (t) => {
  const { database } = await createTestDatabase(t)
  const { db } = database
  const { proposalId, founderId } = await openProposal(db)
  const [staffId = ''] = await createAccounts(db, 1)
  await db.updateTable('hub.proposals').set({ status: 'ready' }).where('id', '=', proposalId).execute()
  await t.rejects(
    db.transaction().execute(async (trx) => {
      await recordProposalTransition(trx, { proposalId, from: 'ready', to: 'approved', actor: 'staff', actorId: staffId, reason: null })
      throw new Error('the rest of the decision failed')
    }),
  )
  t.same(await kindsOf(db, founderId), [])
  await decide(db, proposalId, staffId, 'approve')
  t.same(await kindsOf(db, founderId), ['approved'])
})

t.test('the expiry reminder is listed once per window, however often or concurrently the hourly job runs', async (t) => {
  const { database } = await createTestDatabase(t)
  const { db } = database
  const now = new Date()
  const closing = await openProposal(db, { slug: 'closing-soon', diseaseName: 'Disease closing soon', orphaCode: null })
  const later = await openProposal(db, { slug: 'not-yet', diseaseName: 'Disease not yet', orphaCode: null })
  await db
    .updateTable('hub.proposals')
    .set({ expires_at: new Date(now.getTime() + 2 * day) })
    .where('id', '=', closing.proposalId)
    .execute()
  await db
    .updateTable('hub.proposals')
    .set({ expires_at: new Date(now.getTime() + 5 * day) })
    .where('id', '=', later.proposalId)
    .execute()
  await Promise.all([remindExpiringProposals(db, now), remindExpiringProposals(db, now)])
  await remindExpiringProposals(db, now)
  t.same(await kindsOf(db, closing.founderId), ['expiring'], 'once')
  t.same(await kindsOf(db, later.founderId), [], 'not before its time')

  await db
    .updateTable('hub.proposals')
    .set({ expires_at: new Date(now.getTime() + 2.5 * day) })
    .where('id', '=', closing.proposalId)
    .execute()
  await remindExpiringProposals(db, now)
  await remindExpiringProposals(db, now)
  t.same(await kindsOf(db, closing.founderId), ['expiring', 'expiring'], 'a new window, one more')
})

t.test('the list pages newest first, counts and marks read one account only', async (t) => {
  const { database } = await createTestDatabase(t)
  const { db } = database
  const [staffId = ''] = await createAccounts(db, 1)
  const mine = await openProposal(db, { slug: 'mine', diseaseName: 'Disease mine', orphaCode: null })
  const theirs = await openProposal(db, { slug: 'theirs', diseaseName: 'Disease theirs', orphaCode: null })
  // Two rounds of changes on each: two pieces of news each.
  for (const { proposalId, founderId } of [mine, theirs, mine, theirs]) {
    await db.updateTable('hub.proposals').set({ status: 'ready' }).where('id', '=', proposalId).execute()
    await decide(db, proposalId, staffId, 'request_changes')
    await reopenProposal(db, settings, { proposalId, accountId: founderId })
  }
  const all = await listProposalNews(db, mine.founderId)
  t.same(
    all.items.map(({ kind }) => kind),
    ['changes_requested', 'changes_requested'],
  )
  t.equal(all.next, null)
  t.ok(
    all.items.every(({ diseaseName }) => diseaseName === 'Disease mine'),
    'only the account’s own news',
  )

  const first = await listProposalNews(db, mine.founderId, { limit: 1 })
  t.equal(first.items.length, 1)
  t.not(first.next, null)
  const rest = await listProposalNews(db, mine.founderId, { limit: proposalNewsLength, cursor: first.next ?? '' })
  t.same([...first.items, ...rest.items], all.items, 'the pages add up to the list, newest first')
  t.ok(
    all.items.every((item, index) => index === 0 || Number(item.id) < Number(all.items[index - 1]?.id)),
    'newest first',
  )
  await t.rejects(listProposalNews(db, mine.founderId, { limit: 1, cursor: 'bm90LWEtY3Vyc29y' }), { code: 'KINDRED_BAD_REQUEST' })

  const unread = await unreadProposalNewsCount(db, mine.founderId)
  t.equal(unread, all.items.length)
  const theirsUnread = await unreadProposalNewsCount(db, theirs.founderId)
  t.ok(theirsUnread > 0)
  t.equal(await markProposalNewsRead(db, mine.founderId), unread)
  t.equal(await markProposalNewsRead(db, mine.founderId), 0, 'twice marks nothing more')
  t.equal(await unreadProposalNewsCount(db, mine.founderId), 0)
  t.ok((await listProposalNews(db, mine.founderId)).items.every(({ read }) => read))
  t.equal(await unreadProposalNewsCount(db, theirs.founderId), theirsUnread, 'nobody else’s news is marked')
})

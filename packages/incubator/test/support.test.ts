import t from 'tap'
import { loadConfig } from '@kindred/config'
import { createProposal, getProposal, prevalenceClasses, supportOf, supportProposal, withdrawSupport } from '@kindred/incubator'
import { createTestDatabase, proposalFields } from '@kindred/testkit'
import { addSupporters, createAccounts, openProposal, settings } from './fixtures.ts'

t.test('each prevalence class becomes ready exactly when its own thresholds are met', async (t) => {
  const { database } = await createTestDatabase(t)
  for (const [index, prevalenceClass] of prevalenceClasses.entries()) {
    const { proposalId } = await openProposal(database.db, {
      prevalenceClass,
      slug: `disease-${index}`,
      diseaseName: `Disease number ${index}`,
      orphaCode: null,
    })
    const threshold = settings.thresholds[prevalenceClass]
    await addSupporters(database.db, proposalId, threshold.moderators, 'moderator')
    await addSupporters(database.db, proposalId, threshold.supporters - threshold.moderators - 1, 'member')
    const short = await getProposal(database.db, settings, proposalId)
    t.equal(short.status, 'open', `${prevalenceClass}: one supporter short`)
    t.same(short.progress, { supporters: threshold.supporters - 1, moderators: threshold.moderators, thresholds: threshold })
    await addSupporters(database.db, proposalId, 1, 'member')
    const ready = await getProposal(database.db, settings, proposalId)
    t.equal(ready.status, 'ready', `${prevalenceClass}: ready at ${threshold.supporters} supporters and ${threshold.moderators} moderators`)
    t.match(ready.history.at(-1), { from: 'open', to: 'ready', by: 'system', reason: 'Enough supporters and volunteer moderators' })
  }
})

t.test('enough supporters without enough volunteer moderators stays open, until a member volunteers', async (t) => {
  const { database } = await createTestDatabase(t)
  const { proposalId } = await openProposal(database.db) // lt_1_per_1m: 3 supporters, 1 moderator
  const [volunteer = ''] = await addSupporters(database.db, proposalId, 4, 'member')
  t.equal((await getProposal(database.db, settings, proposalId)).status, 'open')
  const changed = await supportProposal(database.db, settings, { proposalId, accountId: volunteer, as: 'moderator' })
  t.equal(changed.change, 'changed', 'the support changed in place')
  t.equal(changed.proposal.status, 'ready')
  t.same(
    changed.proposal.progress,
    { supporters: 4, moderators: 1, thresholds: { supporters: 3, moderators: 1 } },
    'moderators count as supporters',
  )
})

t.test('thresholds come from the configuration of each class', async (t) => {
  const { database } = await createTestDatabase(t)
  const custom = loadConfig({ PROPOSAL_THRESHOLDS: 'lt_1_per_1m=1/1' }).incubator
  const [founderId = '', moderator = ''] = await createAccounts(database.db, 2)
  const { proposal } = await createProposal(database.db, custom, founderId, proposalFields())
  t.same(proposal.progress.thresholds, { supporters: 1, moderators: 1 })
  const supported = await supportProposal(database.db, custom, { proposalId: proposal.id, accountId: moderator, as: 'moderator' })
  t.equal(supported.proposal.status, 'ready')
})

t.test('a ready proposal whose support falls below its thresholds is open again, and ready again when support returns', async (t) => {
  const { database } = await createTestDatabase(t)
  const { proposalId } = await openProposal(database.db)
  const [moderator = ''] = await addSupporters(database.db, proposalId, 1, 'moderator')
  await addSupporters(database.db, proposalId, 2, 'member')
  t.equal((await getProposal(database.db, settings, proposalId)).status, 'ready')
  const withdrawn = await withdrawSupport(database.db, settings, { proposalId, accountId: moderator })
  t.equal(withdrawn.status, 'open')
  t.same(withdrawn.progress, { supporters: 2, moderators: 0, thresholds: { supporters: 3, moderators: 1 } })
  const back = await supportProposal(database.db, settings, { proposalId, accountId: moderator, as: 'moderator' })
  t.equal(back.change, 'added')
  t.equal(back.proposal.status, 'ready')
  t.same(
    back.proposal.history.map((event) => `${event.from ?? ''}>${event.to}:${event.by}`),
    ['>open:founder', 'open>ready:system', 'ready>open:system', 'open>ready:system'],
  )
  t.equal(back.proposal.history[2]?.reason, 'Support fell below the thresholds')
})

t.test('supporters arriving at once make the proposal ready once, and every one of them is counted', async (t) => {
  const { database } = await createTestDatabase(t, { poolMax: 8 })
  const { proposalId } = await openProposal(database.db)
  await addSupporters(database.db, proposalId, 1, 'moderator')
  const members = await createAccounts(database.db, 6)
  const results = await Promise.allSettled(
    members.map((accountId) => supportProposal(database.db, settings, { proposalId, accountId, as: 'member' })),
  )
  t.same(
    results.map((result) => result.status),
    Array(6).fill('fulfilled'),
  )
  const proposal = await getProposal(database.db, settings, proposalId)
  t.equal(proposal.status, 'ready')
  t.equal(proposal.progress.supporters, 7)
  t.equal(proposal.history.filter((event) => event.to === 'ready').length, 1)
})

t.test('one support per account: the same support twice is 409, and the founder cannot support their own proposal', async (t) => {
  const { database } = await createTestDatabase(t)
  const { proposalId, founderId } = await openProposal(database.db)
  const [member = ''] = await addSupporters(database.db, proposalId, 1, 'member')
  await t.rejects(supportProposal(database.db, settings, { proposalId, accountId: member, as: 'member' }), {
    code: 'KINDRED_ALREADY_SUPPORTED',
    statusCode: 409,
  })
  await t.rejects(supportProposal(database.db, settings, { proposalId, accountId: founderId, as: 'moderator' }), {
    code: 'KINDRED_FORBIDDEN',
    statusCode: 403,
  })
  t.equal((await getProposal(database.db, settings, proposalId)).progress.supporters, 1)
})

t.test('support is given only while the proposal gathers it, and withdrawn until it is approved', async (t) => {
  const { database } = await createTestDatabase(t)
  const { proposalId } = await openProposal(database.db)
  const [member = ''] = await addSupporters(database.db, proposalId, 1, 'member')
  const [newcomer = ''] = await createAccounts(database.db, 1)
  for (const status of ['changes_requested', 'approved', 'provisioning', 'live', 'declined', 'withdrawn', 'expired'] as const) {
    await database.db.updateTable('hub.proposals').set({ status }).where('id', '=', proposalId).execute()
    await t.rejects(
      supportProposal(database.db, settings, { proposalId, accountId: newcomer, as: 'member' }),
      { code: 'KINDRED_SUPPORT_CLOSED', statusCode: 409 },
      `give: ${status}`,
    )
    if (status !== 'changes_requested') {
      await t.rejects(
        withdrawSupport(database.db, settings, { proposalId, accountId: member }),
        { code: 'KINDRED_SUPPORT_CLOSED' },
        `withdraw: ${status}`,
      )
    }
  }
  await database.db.updateTable('hub.proposals').set({ status: 'changes_requested' }).where('id', '=', proposalId).execute()
  const kept = await withdrawSupport(database.db, settings, { proposalId, accountId: member })
  t.equal(kept.progress.supporters, 0, 'support can be taken back while the founder reworks the proposal')
  t.equal(kept.status, 'changes_requested')
})

t.test('support is refused once the window has closed, even before the proposal is expired', async (t) => {
  const { database } = await createTestDatabase(t)
  const { proposalId } = await openProposal(database.db)
  await database.db
    .updateTable('hub.proposals')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .where('id', '=', proposalId)
    .execute()
  const [member = ''] = await createAccounts(database.db, 1)
  await t.rejects(supportProposal(database.db, settings, { proposalId, accountId: member, as: 'member' }), {
    code: 'KINDRED_SUPPORT_CLOSED',
    message: /window/,
  })
})

t.test('withdrawing support one does not give, or from an unknown proposal, is 404', async (t) => {
  const { database } = await createTestDatabase(t)
  const { proposalId } = await openProposal(database.db)
  const [stranger = ''] = await createAccounts(database.db, 1)
  await t.rejects(withdrawSupport(database.db, settings, { proposalId, accountId: stranger }), {
    code: 'KINDRED_NOT_FOUND',
    message: 'You do not support this proposal',
  })
  await t.rejects(withdrawSupport(database.db, settings, { proposalId: '00000000-0000-4000-8000-000000000000', accountId: stranger }), {
    code: 'KINDRED_NOT_FOUND',
    message: 'No such proposal',
  })
  await t.rejects(
    supportProposal(database.db, settings, { proposalId: '00000000-0000-4000-8000-000000000000', accountId: stranger, as: 'member' }),
    { code: 'KINDRED_NOT_FOUND' },
  )
})

t.test('supportOf tells an account how it supports a proposal, and only its own support', async (t) => {
  const { database } = await createTestDatabase(t)
  const { proposalId, founderId } = await openProposal(database.db)
  const [member = ''] = await addSupporters(database.db, proposalId, 1, 'member')
  const [moderator = ''] = await addSupporters(database.db, proposalId, 1, 'moderator')
  t.equal(await supportOf(database.db, proposalId, member), 'member')
  t.equal(await supportOf(database.db, proposalId, moderator), 'moderator')
  t.equal(await supportOf(database.db, proposalId, founderId), null)
  await withdrawSupport(database.db, settings, { proposalId, accountId: member })
  t.equal(await supportOf(database.db, proposalId, member), null, 'gone once withdrawn')
  const other = await openProposal(database.db, { slug: 'other', diseaseName: 'Another disease', orphaCode: null })
  t.equal(await supportOf(database.db, other.proposalId, moderator), null, 'support of one proposal says nothing of another')
})

t.test('an account that has not confirmed its address can neither propose nor support, and can once it has', async (t) => {
  const { database } = await createTestDatabase(t)
  const { db } = database
  const { proposalId } = await openProposal(db)
  const [newcomer = ''] = await createAccounts(db, 1, { verified: false })
  const fields = proposalFields({ slug: 'alstrom', diseaseName: 'Alström syndrome', orphaCode: null })
  await t.rejects(createProposal(db, settings, newcomer, fields), { code: 'KINDRED_EMAIL_UNVERIFIED', statusCode: 403 })
  await t.rejects(supportProposal(db, settings, { proposalId, accountId: newcomer, as: 'member' }), { code: 'KINDRED_EMAIL_UNVERIFIED' })
  t.equal(await supportOf(db, proposalId, newcomer), null, 'no support recorded')
  await db.updateTable('hub.accounts').set({ email_verified_at: new Date() }).where('id', '=', newcomer).execute()
  t.match(await supportProposal(db, settings, { proposalId, accountId: newcomer, as: 'member' }), { change: 'added' })
  t.match(await createProposal(db, settings, newcomer, fields), { proposal: { slug: 'alstrom' } })
})

import t from 'tap'
import { listProposalSupporters } from '@kindred/incubator'
import { createTestDatabase } from '@kindred/testkit'
import { addSupporters, openProposal } from './fixtures.ts'

t.test('staff see who supports a proposal by display name, volunteer moderators first, oldest support first', async (t) => {
  const { database } = await createTestDatabase(t)
  const { proposalId } = await openProposal(database.db)
  const members = await addSupporters(database.db, proposalId, 2, 'member')
  const moderators = await addSupporters(database.db, proposalId, 1, 'moderator')
  const other = await openProposal(database.db, { slug: 'other', diseaseName: 'Another disease', orphaCode: null })
  await addSupporters(database.db, other.proposalId, 1, 'member')
  const supporters = await listProposalSupporters(database.db, proposalId)
  t.same(
    supporters.map((supporter) => [supporter.accountId, supporter.as]),
    [[moderators[0], 'moderator'], ...members.map((id) => [id, 'member'])],
    'this proposal’s supporters only, moderators first',
  )
  const names = await database.db.selectFrom('hub.accounts').select(['id', 'display_name']).execute()
  const nameOf = new Map(names.map((row) => [row.id, row.display_name]))
  for (const supporter of supporters) t.equal(supporter.displayName, nameOf.get(supporter.accountId), 'the account’s display name')
  t.same(await listProposalSupporters(database.db, '00000000-0000-4000-8000-000000000000'), [], 'none for an unknown proposal')
})

import t from 'tap'
import {
  banMember,
  declineMember,
  joinRequest,
  moderatedMember,
  moderatedMembers,
  moderationOverview,
  reportPost,
} from '@kindred/moderation'
import { moderatedCommunity } from './fixtures.ts'

t.test('moderators list who takes part and who is banned, by pseudonym, a page at a time; not who waits or left', async (t) => {
  const { moderator, owner, member, newcomer, tenant } = await moderatedCommunity(t)
  const ada = await member('ada')
  const bo = await member('bo')
  const cy = await member('cy')
  await newcomer('di')
  await tenant.query.updateTable('members').set({ left_at: new Date() }).where('member_id', '=', cy.member.memberId).execute()
  await banMember(moderator, bo.member.memberId, 'Spam')
  const seen: string[] = []
  let cursor: string | undefined
  do {
    const page = await moderatedMembers(moderator, { limit: 2, ...(cursor === undefined ? {} : { cursor }) })
    t.ok(page.items.length <= 2)
    seen.push(...page.items.map((listed) => `${listed.pseudonym}${listed.banned ? ' (banned)' : ''}`))
    cursor = page.next ?? undefined
  } while (cursor !== undefined)
  t.same(seen, ['ada here', 'bo here (banned)', 'Founder Fran', 'Kind Keeper'])
  const moderators = await moderatedMembers(moderator, { role: 'moderator', limit: 10 })
  t.same(
    moderators.items.map((listed) => listed.memberId),
    [moderator.member.memberId],
  )
  t.equal((await moderatedMember(owner, bo.member.memberId)).bannedAt instanceof Date, true)
  await t.rejects(moderatedMember(owner, cy.member.memberId), { code: 'KINDRED_NOT_FOUND' }, 'who left is not listed')
  await t.rejects(moderatedMembers(ada, { limit: 10 }), { code: 'KINDRED_FORBIDDEN' })
  await t.rejects(moderatedMember(ada, bo.member.memberId), { code: 'KINDRED_FORBIDDEN' })
})

t.test('the overview counts the requests waiting and the open reports, with the oldest report', async (t) => {
  const { moderator, member, newcomer, thread } = await moderatedCommunity(t)
  t.same(await moderationOverview(moderator), { pendingJoinRequests: 0, openReports: 0, oldestOpenReportAt: null })
  await newcomer('ada')
  const declined = await newcomer('bo')
  await declineMember(moderator, declined, 'Not for this community')
  const cy = await member('cy')
  const { posts } = await thread(cy, 1)
  const first = await reportPost(moderator, posts[0] ?? '', 'Unproven treatment')
  await reportPost(moderator, posts[1] ?? '', 'Rude')
  const overview = await moderationOverview(moderator)
  t.equal(overview.pendingJoinRequests, 1, 'a declined request waits no more')
  t.equal(overview.openReports, 2)
  t.same(overview.oldestOpenReportAt, first.report.createdAt)
  await t.rejects(moderationOverview(cy), { code: 'KINDRED_FORBIDDEN' })
})

t.test('one request to join is read while it waits, and is 404 once decided', async (t) => {
  const { moderator, member, newcomer } = await moderatedCommunity(t)
  const ada = await newcomer('ada')
  t.match(await joinRequest(moderator, ada), { memberId: ada, pseudonym: 'ada here' })
  await declineMember(moderator, ada, 'Not for this community')
  await t.rejects(joinRequest(moderator, ada), { code: 'KINDRED_NOT_FOUND' })
  const bo = await member('bo')
  await t.rejects(joinRequest(bo, ada), { code: 'KINDRED_FORBIDDEN' })
})

import t from 'tap'
import { activeMembership, joinCommunity, leaveCommunity, membershipStatus } from '@kindred/membership'
import { approveMember, changeSettings, communitySettings, declineMember, joinRequests } from '@kindred/moderation'
import { signUp } from '@kindred/testkit'
import { moderatedCommunity } from './fixtures.ts'

t.test('a newcomer waits as pending; the founding owner and moderator completing their membership are approved', async (t) => {
  const { tenant, newcomer, owner, moderator } = await moderatedCommunity(t)
  const memberId = await newcomer('ada')
  const approvals = await tenant.query.selectFrom('members').select(['member_id', 'approval']).execute()
  const approvalOf = (id: string) => approvals.find((row) => row.member_id === id)?.approval
  t.equal(approvalOf(memberId), 'pending')
  t.equal(approvalOf(owner.member.memberId), 'approved')
  t.equal(approvalOf(moderator.member.memberId), 'approved')
  t.same(
    (await joinRequests(moderator, { limit: 20 })).items.map((request) => request.memberId),
    [memberId],
  )
})

t.test('the queue is oldest first, a page at a time; a tampered cursor is 400', async (t) => {
  const { moderator, newcomer } = await moderatedCommunity(t)
  const ids: string[] = []
  for (const name of ['ada', 'bo', 'cy', 'di', 'ed']) ids.push(await newcomer(name))
  const seen: string[] = []
  let cursor: string | undefined
  do {
    const page = await joinRequests(moderator, { limit: 2, ...(cursor === undefined ? {} : { cursor }) })
    t.ok(page.items.length <= 2)
    seen.push(...page.items.map((request) => request.memberId))
    cursor = page.next ?? undefined
  } while (cursor !== undefined)
  t.same(seen, ids, 'each request once, in the order they came')
  await t.rejects(joinRequests(moderator, { limit: 2, cursor: Buffer.from('1.not-a-uuid').toString('base64url') }), {
    code: 'KINDRED_BAD_REQUEST',
  })
})

t.test('approving lets the member take part; deciding again is 409 and logs nothing more', async (t) => {
  const { moderator, newcomer, log } = await moderatedCommunity(t)
  const memberId = await newcomer('ada')
  const approved = await approveMember(moderator, memberId)
  t.match(approved, { memberId, approval: 'approved', banned: false })
  await t.rejects(approveMember(moderator, memberId), { code: 'KINDRED_JOIN_REQUEST_DECIDED', statusCode: 409 })
  await t.rejects(declineMember(moderator, memberId, 'Too late'), { code: 'KINDRED_JOIN_REQUEST_DECIDED' })
  await t.rejects(approveMember(moderator, '00000000-0000-4000-8000-000000000000'), { code: 'KINDRED_NOT_FOUND' })
  t.same(await log(), [
    {
      actor_id: moderator.member.memberId,
      action: 'approve_member',
      post_id: null,
      thread_id: null,
      member_id: memberId,
      report_id: null,
      reason: null,
    },
  ])
})

t.test('two moderators deciding the same request at once: one decision wins, the other is 409', async (t) => {
  const { owner, moderator, newcomer, log } = await moderatedCommunity(t)
  const memberId = await newcomer('ada')
  const results = await Promise.allSettled([approveMember(moderator, memberId), declineMember(owner, memberId, 'Not about this disease')])
  t.equal(results.filter((result) => result.status === 'fulfilled').length, 1)
  const refused = results.find((result) => result.status === 'rejected')
  t.match(refused, { reason: { code: 'KINDRED_JOIN_REQUEST_DECIDED' } })
  t.equal((await log()).length, 1, 'one decision logged')
})

t.test('a declined member is no member, may ask again (pending again), and a returning approved member stays approved', async (t) => {
  const { hub, moderator } = await moderatedCommunity(t)
  const deps = { hub: hub.database.db, placements: hub.placements }
  const ada = await signUp(hub, 'ada')
  const request = { accountId: ada.accountId, slug: 'fop' }
  const joined = await joinCommunity(deps, { ...request, pseudonym: 'Bone Builder', acceptCharterVersion: 1 })
  t.equal(
    (await activeMembership(deps, request)).member.approval,
    'pending',
    'a pending member has a membership (their token opens the charter)',
  )
  await declineMember(moderator, joined.memberId, 'This community is for FOP')
  await t.rejects(activeMembership(deps, request), { code: 'KINDRED_NOT_A_MEMBER' })
  t.equal((await membershipStatus(deps, request)).member.approval, 'declined', 'the hub can still tell them where they stand')
  const again = await joinCommunity(deps, { ...request, pseudonym: 'Bone Builder', acceptCharterVersion: 1 })
  t.match(again, { memberId: joined.memberId, approval: 'pending' })
  await approveMember(moderator, joined.memberId)
  await leaveCommunity(deps, request)
  const back = await joinCommunity(deps, { ...request, pseudonym: 'Back Again', acceptCharterVersion: 1 })
  t.match(back, { memberId: joined.memberId, approval: 'approved' })
})

t.test('settings: moderators read and change join approval; turning it off approves the queue, each approval logged', async (t) => {
  const { moderator, newcomer, member, log } = await moderatedCommunity(t)
  const waiting = [await newcomer('ada'), await newcomer('bo')]
  t.same(await communitySettings(moderator), { joinApproval: true }, 'on by default')
  t.same(await changeSettings(moderator, { joinApproval: false }, 'A small community: everyone welcome'), { joinApproval: false })
  t.same((await joinRequests(moderator, { limit: 20 })).items, [])
  const entries = await log()
  t.match(entries[0], { action: 'change_settings', actor_id: moderator.member.memberId, reason: 'A small community: everyone welcome' })
  t.same(
    entries
      .slice(1)
      .map((entry) => entry.member_id)
      .sort(),
    [...waiting].sort(),
  )
  t.ok(entries.slice(1).every((entry) => entry.action === 'approve_member'))
  await changeSettings(moderator, { joinApproval: false })
  t.equal((await log()).length, entries.length, 'no change, nothing logged')
  const cy = await member('cy')
  await t.rejects(communitySettings(cy), { code: 'KINDRED_FORBIDDEN' })
  await t.rejects(changeSettings(cy, { joinApproval: true }), { code: 'KINDRED_FORBIDDEN' })
  t.same(await communitySettings(moderator), { joinApproval: false })
})

t.test('with join approval off, a newcomer is approved at once', async (t) => {
  const { tenant, moderator, newcomer } = await moderatedCommunity(t)
  await changeSettings(moderator, { joinApproval: false })
  const memberId = await newcomer('ada')
  const row = await tenant.query.selectFrom('members').select('approval').where('member_id', '=', memberId).executeTakeFirstOrThrow()
  t.equal(row.approval, 'approved')
})

t.test('a member who is no moderator cannot see or decide join requests', async (t) => {
  const { newcomer, member, log } = await moderatedCommunity(t)
  const pending = await newcomer('ada')
  const bo = await member('bo')
  await t.rejects(joinRequests(bo, { limit: 20 }), { code: 'KINDRED_FORBIDDEN', statusCode: 403 })
  await t.rejects(approveMember(bo, pending), { code: 'KINDRED_FORBIDDEN' })
  await t.rejects(declineMember(bo, pending, 'no'), { code: 'KINDRED_FORBIDDEN' })
  t.same(await log(), [])
})

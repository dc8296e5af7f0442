import { randomUUID } from 'node:crypto'
import t from 'tap'
import { visibleProfiles } from '@kindred/membership'
import { buildTestHub, communityMember, provisionTestCommunity, setMember, tenantOf, withoutLoadShedding } from '@kindred/testkit'

// fop's members: Ada and Bo (profiles shown to members), Cy (shown to moderators only), Lee (left) and Mo
// (a moderator).
async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  const tenant = await tenantOf(hub, 'fop')
  const [ada, bo, cy, lee, mo] = await Promise.all(
    ['ada', 'bo', 'cy', 'lee', 'mo'].map((name) => communityMember(hub, 'fop', name, name === 'mo' ? { role: 'moderator' } : {})),
  )
  if (ada === undefined || bo === undefined || cy === undefined || lee === undefined || mo === undefined) throw new Error('no members')
  await tenant.query.updateTable('members').set({ profile_visibility: 'moderators' }).where('member_id', '=', cy.memberId).execute()
  await setMember(hub, 'fop', lee.memberId, { left: true })
  const viewer = (member: { memberId: string }, role: 'member' | 'moderator') => ({ tenant, member: { memberId: member.memberId, role } })
  return { ada, bo, cy, lee, mo, viewer }
}

t.test('a member may open the profiles shown to members, their own included, and no other', async (t) => {
  const { ada, bo, cy, lee, mo, viewer } = await setUp(t)
  const asked = [ada, bo, cy, lee, mo, bo].map((member) => member.memberId)
  t.same(await visibleProfiles(viewer(ada, 'member'), [...asked, randomUUID()]), new Set([ada.memberId, bo.memberId, mo.memberId]))
  t.same(await visibleProfiles(viewer(cy, 'member'), asked), new Set([ada.memberId, bo.memberId, cy.memberId, mo.memberId]), 'one’s own')
  t.same(await visibleProfiles(viewer(ada, 'member'), []), new Set(), 'nobody asked about, nobody answered')
})

t.test('a moderator may open every current member’s profile, not a departed one’s', async (t) => {
  const { ada, bo, cy, lee, mo, viewer } = await setUp(t)
  const asked = [ada, bo, cy, lee, mo].map((member) => member.memberId)
  t.same(await visibleProfiles(viewer(mo, 'moderator'), asked), new Set([ada.memberId, bo.memberId, cy.memberId, mo.memberId]))
})

import t from 'tap'
import {
  buildTestHub,
  callAs,
  communityMember,
  provisionTestCommunity,
  queuedJobs,
  runDueJobs,
  setMember,
  signUp,
  type CommunityMember,
  type SignedUp,
  type TestHub,
  withoutLoadShedding,
  hubTasks,
} from '@kindred/testkit'

interface Entry {
  action: string
  actor: { pseudonym: string } | null
  actorKind: string
  member: { memberId: string } | null
  reason: string | null
}
interface Offer {
  id: string
  state: string
  offeredBy: { memberId: string }
  offeredTo: { memberId: string }
}
interface StaffCommunity {
  slug: string
  needsOwnerSince: string | null
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const password = 'a long enough password'
const offers = '/v1/c/fop/moderation/ownership-offers'

// fop: Owen owns it, Mo moderates, Ada and Bo are members. The founding owner and moderator the proposal
// named never joined; they step aside, so that Owen is the last owner and Mo the only moderator.
async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  const proposal = await provisionTestCommunity(hub, 'fop')
  const founders = await hub.database.db
    .selectFrom('hub.memberships')
    .select('member_id')
    .where('account_id', 'in', [proposal.founderId, ...proposal.moderatorIds])
    .execute()
  for (const founder of founders) await setMember(hub, 'fop', founder.member_id, { role: 'member' })
  const ada = await communityMember(hub, 'fop', 'ada', { pseudonym: 'Bone Builder' })
  const owen = await communityMember(hub, 'fop', 'owen', { pseudonym: 'Founder Owen', role: 'owner' })
  const mo = await communityMember(hub, 'fop', 'mo', { pseudonym: 'Kind Keeper', role: 'moderator' })
  const bo = await communityMember(hub, 'fop', 'bo', { pseudonym: 'Quiet Reader' })
  const steward = await signUp(hub, 'steward', { staff: true })
  const log = async () =>
    (await hub.app.inject({ method: 'GET', url: '/v1/admin/communities/fop/moderation-log', headers: bearer(steward.accessToken) })).json<{
      entries: Entry[]
    }>().entries
  return { hub, owen, mo, ada, bo, steward, log }
}

const runJobs = (hub: TestHub) => runDueJobs(hub.database.pool, hubTasks(hub))

const code = (reply: { json: () => unknown }) => (reply.json() as { code?: string }).code

const leave = (hub: TestHub, as: CommunityMember) =>
  hub.app.inject({ method: 'DELETE', url: '/v1/communities/fop/membership', headers: bearer(as.account.accessToken) })

async function eraseAccount(hub: TestHub, as: CommunityMember): Promise<void> {
  const reply = await hub.app.inject({ method: 'DELETE', url: '/v1/me', headers: bearer(as.account.accessToken), payload: { password } })
  if (reply.statusCode !== 202) throw new Error(`erasing answered ${reply.statusCode}: ${reply.body}`)
  await runJobs(hub)
}

const staffList = async (hub: TestHub, staff: SignedUp, query = '') =>
  (await hub.app.inject({ method: 'GET', url: `/v1/admin/communities${query}`, headers: bearer(staff.accessToken) })).json<{
    communities: StaffCommunity[]
  }>().communities

const appointOwner = (hub: TestHub, token: string, payload: object, slug = 'fop') =>
  hub.app.inject({ method: 'PUT', url: `/v1/admin/communities/${slug}/owner`, headers: bearer(token), payload })

t.test(
  'an owner hands the community to a moderator who accepts: the moderator owns it at once, the former owner moderates and may leave',
  async (t) => {
    const { hub, owen, mo, ada, log } = await setUp(t)
    t.equal(code(await leave(hub, owen)), 'KINDRED_OWNER_CANNOT_LEAVE', 'an owner cannot leave before handing over')
    const offered = await callAs(hub, owen, 'POST', offers, { memberId: mo.memberId, reason: 'Moving abroad' })
    t.equal(offered.statusCode, 201)
    const offer = offered.json<{ offer: Offer }>().offer
    t.match(offer, { state: 'open', offeredBy: { memberId: owen.memberId }, offeredTo: { memberId: mo.memberId }, reason: 'Moving abroad' })
    t.same((await callAs(hub, mo, 'GET', `${offers}/open`)).json(), { offer }, 'the moderator finds the open offer')
    const accepted = await callAs(hub, mo, 'POST', `${offers}/${offer.id}/accept`)
    t.equal(accepted.statusCode, 200)
    t.match(accepted.json(), { offer: { id: offer.id, state: 'accepted', closedAt: String } })
    t.same((await callAs(hub, mo, 'GET', `${offers}/open`)).json(), { offer: null })
    t.equal(
      (await callAs(hub, mo, 'PUT', `/v1/c/fop/moderators/${ada.memberId}`, { reason: 'Volunteered' })).statusCode,
      200,
      'the new owner appoints moderators with the token in hand',
    )
    t.equal(
      code(await callAs(hub, owen, 'PUT', `/v1/c/fop/moderators/${ada.memberId}`)),
      'KINDRED_FORBIDDEN',
      'the former owner no longer does',
    )
    t.equal((await callAs(hub, owen, 'GET', '/v1/c/fop/reports')).statusCode, 200, 'but moderates')
    t.equal((await leave(hub, owen)).statusCode, 204, 'and may leave')
    t.match(await log(), [
      { action: 'appoint_moderator', actor: { pseudonym: 'Kind Keeper' }, member: { memberId: ada.memberId } },
      {
        action: 'appoint_moderator',
        actor: { pseudonym: 'Kind Keeper' },
        actorKind: 'member',
        member: { memberId: owen.memberId },
        reason: 'Handed ownership over',
      },
      { action: 'accept_ownership', actor: { pseudonym: 'Kind Keeper' }, member: { memberId: owen.memberId } },
      { action: 'offer_ownership', actor: { pseudonym: 'Founder Owen' }, member: { memberId: mo.memberId }, reason: 'Moving abroad' },
    ])
  },
)

t.test(
  'ownership is offered by an owner to a moderator only, one offer at a time, and answered by that moderator while the offer stands',
  async (t) => {
    const { hub, owen, mo, ada, bo } = await setUp(t)
    const offer = (body: object, as: CommunityMember = owen) => callAs(hub, as, 'POST', offers, body)
    t.equal(code(await offer({ memberId: ada.memberId }, mo)), 'KINDRED_FORBIDDEN', 'a moderator does not offer ownership')
    t.equal(code(await offer({ memberId: ada.memberId })), 'KINDRED_CONFLICT', 'a member who is no moderator is not offered it')
    t.equal((await offer({})).statusCode, 400, 'the moderator is named')
    t.equal(code(await offer({ memberId: '00000000-0000-4000-8000-000000000000' })), 'KINDRED_NOT_FOUND')
    t.equal(code(await callAs(hub, ada, 'GET', `${offers}/open`)), 'KINDRED_FORBIDDEN', 'members do not read offers')

    const first = (await offer({ memberId: mo.memberId })).json<{ offer: Offer }>().offer
    const second = await offer({ memberId: mo.memberId })
    t.equal(second.statusCode, 409)
    t.equal(code(second), 'KINDRED_OWNERSHIP_OFFER_OPEN')
    t.equal(code(await callAs(hub, ada, 'POST', `${offers}/${first.id}/accept`)), 'KINDRED_FORBIDDEN', 'a member cannot accept it')
    t.equal(code(await callAs(hub, mo, 'POST', `${offers}/${first.id}/withdraw`)), 'KINDRED_FORBIDDEN', 'the moderator cannot withdraw it')
    t.match((await callAs(hub, owen, 'POST', `${offers}/${first.id}/withdraw`, { reason: 'Staying after all' })).json(), {
      offer: { state: 'withdrawn' },
    })
    const late = await callAs(hub, mo, 'POST', `${offers}/${first.id}/accept`, {})
    t.equal(late.statusCode, 409)
    t.equal(code(late), 'KINDRED_OWNERSHIP_OFFER_CLOSED', 'a withdrawn offer cannot be accepted')
    t.equal(code(await callAs(hub, mo, 'POST', `${offers}/999999/accept`)), 'KINDRED_NOT_FOUND')

    const declined = (await offer({ memberId: mo.memberId })).json<{ offer: Offer }>().offer
    t.match((await callAs(hub, mo, 'POST', `${offers}/${declined.id}/decline`, { reason: 'Not this year' })).json(), {
      offer: { state: 'declined' },
    })

    // A banned moderator: the offer lapses, their token opens nothing, and no new offer is made to them.
    const toMo = (await offer({ memberId: mo.memberId })).json<{ offer: Offer }>().offer
    t.equal((await callAs(hub, owen, 'POST', `/v1/c/fop/members/${mo.memberId}/ban`, { reason: 'Broke the charter' })).statusCode, 200)
    t.equal(code(await callAs(hub, mo, 'POST', `${offers}/${toMo.id}/accept`)), 'KINDRED_BANNED_FROM_COMMUNITY')
    t.match((await callAs(hub, owen, 'GET', `${offers}/${toMo.id}`)).json(), { offer: { state: 'lapsed' } })
    t.equal(code(await offer({ memberId: mo.memberId })), 'KINDRED_CONFLICT')

    // A moderator who left: their token opens nothing either, and no offer is made to them.
    t.equal((await callAs(hub, owen, 'PUT', `/v1/c/fop/moderators/${bo.memberId}`)).statusCode, 200)
    const toBo = (await offer({ memberId: bo.memberId })).json<{ offer: Offer }>().offer
    t.equal((await leave(hub, bo)).statusCode, 204)
    t.equal(code(await callAs(hub, bo, 'POST', `${offers}/${toBo.id}/accept`)), 'KINDRED_NOT_A_MEMBER')
    await callAs(hub, owen, 'POST', `${offers}/${toBo.id}/withdraw`)
    t.equal(code(await offer({ memberId: bo.memberId })), 'KINDRED_CONFLICT')
    t.equal(code(await leave(hub, owen)), 'KINDRED_OWNER_CANNOT_LEAVE', 'Owen still owns it')
  },
)

t.test("when the owner's account is erased, the longest-serving moderator owns the community, as the log says", async (t) => {
  const { hub, owen, mo, ada, bo, steward, log } = await setUp(t)
  // Ada joined before Mo, but Mo has moderated since joining and Ada only since now.
  t.equal((await callAs(hub, owen, 'PUT', `/v1/c/fop/moderators/${ada.memberId}`)).statusCode, 200)
  await eraseAccount(hub, owen)
  const [handedOn, removed] = await log()
  t.match(handedOn, {
    action: 'appoint_owner',
    actor: null,
    actorKind: 'automatic',
    member: { memberId: mo.memberId },
    reason: "The longest-serving moderator, after the last owner's account was erased",
  })
  t.match(removed, {
    action: 'remove_owner',
    actor: null,
    actorKind: 'automatic',
    member: { memberId: owen.memberId },
    reason: "The owner's account was erased",
  })
  t.equal((await callAs(hub, mo, 'PUT', `/v1/c/fop/moderators/${bo.memberId}`)).statusCode, 200, 'the new owner appoints moderators')
  t.match(await staffList(hub, steward), [{ slug: 'fop', needsOwnerSince: null }], 'staff have nothing to do')
})

t.test(
  'a community whose owner was erased and that has no moderator waits for staff; the owner they appoint appoints moderators',
  async (t) => {
    const { hub, owen, mo, ada, bo, steward, log } = await setUp(t)
    await setMember(hub, 'fop', mo.memberId, { role: 'member' })
    await eraseAccount(hub, owen)
    const [flagged] = await staffList(hub, steward, '?needsOwner=true')
    t.match(flagged, { slug: 'fop', needsOwnerSince: String })
    t.same(await staffList(hub, steward, '?needsOwner=false'), [])
    t.equal(
      code(await callAs(hub, mo, 'PUT', `/v1/c/fop/moderators/${bo.memberId}`)),
      'KINDRED_FORBIDDEN',
      'nobody inside can appoint moderators',
    )

    t.equal((await appointOwner(hub, steward.accessToken, { memberId: ada.memberId })).statusCode, 400, 'a reason is required')
    t.equal(
      code(await appointOwner(hub, ada.account.accessToken, { memberId: ada.memberId, reason: 'Me' })),
      'KINDRED_FORBIDDEN',
      'staff only',
    )
    t.equal(
      (await appointOwner(hub, ada.token, { memberId: ada.memberId, reason: 'Me' })).statusCode,
      401,
      'a community token is no hub token',
    )
    const reason = 'The members asked for Ada'
    t.equal(
      code(await appointOwner(hub, steward.accessToken, { memberId: owen.memberId, reason })),
      'KINDRED_CONFLICT',
      'not the erased owner',
    )
    t.equal(
      code(await appointOwner(hub, steward.accessToken, { memberId: '00000000-0000-4000-8000-000000000000', reason })),
      'KINDRED_NOT_FOUND',
    )
    t.equal(code(await appointOwner(hub, steward.accessToken, { memberId: ada.memberId, reason }, 'nowhere')), 'KINDRED_NOT_FOUND')
    const appointed = await appointOwner(hub, steward.accessToken, { memberId: ada.memberId, reason })
    t.equal(appointed.statusCode, 200)
    t.match(appointed.json(), { member: { memberId: ada.memberId, pseudonym: 'Bone Builder', role: 'owner' } })
    t.match(await staffList(hub, steward), [{ slug: 'fop', needsOwnerSince: null }], 'the flag is cleared')
    t.same(await staffList(hub, steward, '?needsOwner=true'), [])

    t.equal(
      (await callAs(hub, ada, 'PUT', `/v1/c/fop/moderators/${bo.memberId}`, { reason: 'Volunteered' })).statusCode,
      200,
      'the new owner appoints moderators',
    )
    t.equal((await callAs(hub, bo, 'GET', '/v1/c/fop/reports')).statusCode, 200, 'who moderate')
    const entries = await log()
    t.match(entries.slice(0, 2), [
      { action: 'appoint_moderator', actor: { pseudonym: 'Bone Builder' }, member: { memberId: bo.memberId } },
      { action: 'appoint_owner', actor: null, actorKind: 'staff', member: { memberId: ada.memberId }, reason },
    ])
    t.equal(
      (await appointOwner(hub, steward.accessToken, { memberId: ada.memberId, reason })).statusCode,
      200,
      'appointing the owner again',
    )
    t.equal((await log()).length, entries.length, 'changes nothing')
  },
)

t.test('a network ban of the owner hands the community to the moderator; a ban lifted before the job runs changes nothing', async (t) => {
  const { hub, owen, mo, steward, log } = await setUp(t)
  const ban = (action: 'ban' | 'unban') =>
    hub.app.inject({
      method: 'POST',
      url: `/v1/admin/accounts/${owen.account.accountId}/${action}`,
      headers: bearer(steward.accessToken),
      payload: { reason: 'Selling cures' },
    })
  t.equal((await ban('ban')).statusCode, 200)
  const job = (await queuedJobs(hub.database.pool)).find((queued) => queued.task === 'ownership__hand_over')
  t.match(
    job,
    { task: 'ownership__hand_over', key: /^ownership__hand_over:[0-9a-f]{32}$/ },
    'queued with the ban, under a key that does not name the account',
  )
  t.equal((await ban('unban')).statusCode, 200)
  await runJobs(hub)
  t.same(await log(), [], 'lifted in time: Owen still owns it')

  t.equal((await ban('ban')).statusCode, 200)
  await runJobs(hub)
  t.match(await log(), [
    {
      action: 'appoint_owner',
      actorKind: 'automatic',
      member: { memberId: mo.memberId },
      reason: "The longest-serving moderator, after the last owner's account was banned from the network",
    },
    {
      action: 'remove_owner',
      actorKind: 'automatic',
      member: { memberId: owen.memberId },
      reason: "The owner's account was banned from the network",
    },
  ])
  t.equal((await callAs(hub, mo, 'GET', `${offers}/open`)).statusCode, 200)
})

t.test('staff appointing an owner where there is one make the former owner a moderator and lapse an open offer', async (t) => {
  const { hub, owen, mo, ada, steward, log } = await setUp(t)
  const offer = (await callAs(hub, owen, 'POST', offers, { memberId: mo.memberId })).json<{ offer: Offer }>().offer
  t.equal((await appointOwner(hub, steward.accessToken, { memberId: ada.memberId, reason: 'Complaint upheld' })).statusCode, 200)
  t.match((await callAs(hub, mo, 'GET', `${offers}/${offer.id}`)).json(), { offer: { state: 'lapsed' } })
  t.equal(code(await callAs(hub, mo, 'POST', `${offers}/${offer.id}/accept`)), 'KINDRED_OWNERSHIP_OFFER_CLOSED')
  t.equal(code(await callAs(hub, owen, 'PUT', `/v1/c/fop/moderators/${mo.memberId}`)), 'KINDRED_FORBIDDEN', 'Owen owns it no more')
  t.equal((await leave(hub, owen)).statusCode, 204, 'and may leave')
  t.match((await log()).slice(0, 2), [
    { action: 'appoint_owner', actorKind: 'staff', member: { memberId: ada.memberId }, reason: 'Complaint upheld' },
    { action: 'appoint_moderator', actorKind: 'staff', member: { memberId: owen.memberId }, reason: 'Complaint upheld' },
  ])
})

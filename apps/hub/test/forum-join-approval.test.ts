import t from 'tap'
import {
  buildTestHub,
  callAs,
  communityMember,
  provisionTestCommunity,
  signUp,
  type CommunityMember,
  type SignedUp,
  type TestHub,
  withoutLoadShedding,
} from '@kindred/testkit'

interface Member {
  memberId: string
  pseudonym: string
  approval: string
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })
const join = (hub: TestHub, as: SignedUp, pseudonym: string) =>
  hub.app.inject({
    method: 'POST',
    url: '/v1/communities/fop/join',
    headers: bearer(as.accessToken),
    payload: { pseudonym, acceptCharterVersion: 1 },
  })
const membershipView = (hub: TestHub, as: SignedUp) =>
  hub.app.inject({ method: 'GET', url: '/v1/communities/fop/membership', headers: bearer(as.accessToken) })
const switchTo = (hub: TestHub, as: SignedUp) =>
  hub.app.inject({ method: 'POST', url: '/v1/auth/switch', headers: bearer(as.accessToken), payload: { community: 'fop' } })

// A community as provisioned (join approval on), with an approved moderator.
async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  const proposal = await provisionTestCommunity(hub, 'fop', { joinApproval: true })
  const mo = await communityMember(hub, 'fop', 'mo', { pseudonym: 'Kind Keeper', role: 'moderator', approval: 'approved' })
  const categories = await callAs(hub, mo, 'GET', '/v1/c/fop/categories')
  const categoryId = categories.json<{ categories: Array<{ id: string }> }>().categories[0]?.id ?? ''
  const post = (as: CommunityMember) => callAs(hub, as, 'POST', '/v1/c/fop/threads', { categoryId, title: 'Hello', body: 'New here' })
  const decide = (memberId: string, decision: 'approve' | 'decline', payload?: object) =>
    callAs(hub, mo, 'POST', `/v1/c/fop/join-requests/${memberId}/${decision}`, payload)
  const queue = async (query = '') =>
    (await callAs(hub, mo, 'GET', `/v1/c/fop/join-requests${query}`)).json<{ joinRequests: Member[]; next: string | null }>()
  const log = async () =>
    (await callAs(hub, mo, 'GET', '/v1/c/fop/moderation-log')).json<{ entries: Array<Record<string, unknown>> }>().entries
  return { hub, proposal, mo, post, decide, queue, log }
}

t.test('join approval is on by default: a newcomer is pending, reads only the charter, and takes part once approved', async (t) => {
  const { hub, mo, post, decide, queue, log } = await setUp(t)
  t.match((await callAs(hub, mo, 'GET', '/v1/c/fop/settings')).json(), { settings: { joinApproval: true } })
  const ada = await communityMember(hub, 'fop', 'ada', { pseudonym: 'Bone Builder' })
  t.match((await membershipView(hub, ada.account)).json(), { member: { approval: 'pending' } })
  t.match(
    (await switchTo(hub, ada.account)).json(),
    { member: { memberId: ada.memberId, approval: 'pending' } },
    'a pending member gets a token',
  )
  const standing = await callAs(hub, ada, 'GET', '/v1/c/fop/charter')
  t.equal(standing.statusCode, 200)
  t.match(standing.json(), { charter: { version: 1 }, acceptedVersion: 1, approval: 'pending' })
  for (const [method, url] of [
    ['GET', '/v1/c/fop/threads'],
    ['GET', '/v1/c/fop/categories'],
    ['POST', '/v1/c/fop/threads'],
    ['POST', '/v1/c/fop/charter/accept'],
  ] as const) {
    const reply = await callAs(hub, ada, method, url, method === 'POST' ? { version: 1 } : undefined)
    t.equal(reply.statusCode, 403, `${method} ${url}`)
    t.equal(reply.json<{ code: string }>().code, 'KINDRED_MEMBERSHIP_PENDING')
  }
  t.match((await post(ada)).json(), { code: 'KINDRED_MEMBERSHIP_PENDING' })
  t.match(await queue(), { joinRequests: [{ memberId: ada.memberId, pseudonym: 'Bone Builder' }], next: null })

  const approved = await decide(ada.memberId, 'approve')
  t.equal(approved.statusCode, 200)
  t.match(approved.json(), { member: { memberId: ada.memberId, approval: 'approved', role: 'member', banned: false } })
  t.equal((await post(ada)).statusCode, 201, 'the same token now posts')
  t.match(await queue(), { joinRequests: [] })
  t.match((await membershipView(hub, ada.account)).json(), { member: { approval: 'approved' } })
  t.match(await log(), [
    {
      action: 'approve_member',
      actor: { pseudonym: 'Kind Keeper' },
      member: { memberId: ada.memberId, pseudonym: 'Bone Builder' },
      reason: null,
    },
  ])
})

t.test('a declined member is no member (the hub view says declined), the reason is logged, and they may ask again', async (t) => {
  const { hub, decide, queue, log } = await setUp(t)
  const ada = await communityMember(hub, 'fop', 'ada', { pseudonym: 'Bone Builder' })
  for (const payload of [undefined, {}, { reason: '' }, { reason: '   ' }, { reason: 'x'.repeat(2001) }, { reason: 'ok', extra: 1 }]) {
    t.equal((await decide(ada.memberId, 'decline', payload)).statusCode, 400, JSON.stringify(payload))
  }
  const declined = await decide(ada.memberId, 'decline', { reason: 'This community is for people with FOP and their families' })
  t.equal(declined.statusCode, 200)
  t.match(declined.json(), { member: { approval: 'declined' } })
  const charter = await callAs(hub, ada, 'GET', '/v1/c/fop/charter')
  t.equal(charter.statusCode, 403)
  t.equal(charter.json<{ code: string }>().code, 'KINDRED_NOT_A_MEMBER', 'the token still in hand stops working')
  t.match((await switchTo(hub, ada.account)).json(), { statusCode: 403, code: 'KINDRED_NOT_A_MEMBER' })
  const view = await membershipView(hub, ada.account)
  t.equal(view.statusCode, 200)
  t.match(view.json(), { member: { memberId: ada.memberId, approval: 'declined' } })
  for (const decision of ['approve', 'decline'] as const) {
    const again = await decide(ada.memberId, decision, { reason: 'Changed my mind' })
    t.equal(again.statusCode, 409)
    t.equal(again.json<{ code: string }>().code, 'KINDRED_JOIN_REQUEST_DECIDED')
  }
  t.match(await log(), [
    {
      action: 'decline_member',
      actor: { pseudonym: 'Kind Keeper' },
      member: { memberId: ada.memberId },
      reason: 'This community is for people with FOP and their families',
    },
  ])

  const askAgain = await join(hub, ada.account, 'Bone Builder')
  t.equal(askAgain.statusCode, 201)
  t.match(askAgain.json(), { member: { memberId: ada.memberId, approval: 'pending' } })
  t.match(await queue(), { joinRequests: [{ memberId: ada.memberId }] })
})

t.test('moderators turn join approval off (the queue is approved) and on again; members cannot read or change settings', async (t) => {
  const { hub, mo, queue, log } = await setUp(t)
  const ada = await communityMember(hub, 'fop', 'ada')
  const off = await callAs(hub, mo, 'PATCH', '/v1/c/fop/settings', { joinApproval: false, reason: 'Everyone is welcome' })
  t.equal(off.statusCode, 200)
  t.same(off.json(), { settings: { joinApproval: false } })
  t.equal((await callAs(hub, ada, 'GET', '/v1/c/fop/threads')).statusCode, 200, 'the waiting member was approved')
  const bo = await communityMember(hub, 'fop', 'bo')
  t.equal((await callAs(hub, bo, 'GET', '/v1/c/fop/threads')).statusCode, 200, 'a newcomer takes part at once')
  t.equal((await callAs(hub, mo, 'PATCH', '/v1/c/fop/settings', { joinApproval: true })).statusCode, 200)
  const cy = await communityMember(hub, 'fop', 'cy')
  t.match(await queue(), { joinRequests: [{ memberId: cy.memberId }] })
  for (const [method, payload] of [
    ['GET', undefined],
    ['PATCH', { joinApproval: false }],
  ] as const) {
    const reply = await callAs(hub, ada, method, '/v1/c/fop/settings', payload)
    t.equal(reply.statusCode, 403, method)
    t.equal(reply.json<{ code: string }>().code, 'KINDRED_FORBIDDEN')
  }
  for (const payload of [{}, { joinApproval: 'yes' }, { joinApproval: true, extra: 1 }, { reason: 'no setting' }]) {
    t.equal((await callAs(hub, mo, 'PATCH', '/v1/c/fop/settings', payload)).statusCode, 400, JSON.stringify(payload))
  }
  t.match((await callAs(hub, mo, 'GET', '/v1/c/fop/settings')).json(), { settings: { joinApproval: true } })
  const entries = await log()
  t.match(entries, [
    { action: 'change_settings', actor: { pseudonym: 'Kind Keeper' }, reason: null },
    { action: 'approve_member', member: { memberId: ada.memberId }, reason: 'Join approval was turned off' },
    { action: 'change_settings', reason: 'Everyone is welcome' },
  ])
})

t.test('the queue is oldest first, a page at a time; bad ids and cursors are 400, an unknown member 404', async (t) => {
  const { hub, mo, decide, queue } = await setUp(t)
  const waiting: string[] = []
  for (const name of ['ada', 'bo', 'cy']) waiting.push((await communityMember(hub, 'fop', name)).memberId)
  const first = await queue('?limit=2')
  t.same(
    first.joinRequests.map((request) => request.memberId),
    waiting.slice(0, 2),
  )
  const second = await queue(`?limit=2&cursor=${first.next ?? ''}`)
  t.same(
    second.joinRequests.map((request) => request.memberId),
    waiting.slice(2),
  )
  t.equal(second.next, null)
  for (const query of ['?cursor=bm90LWEtY3Vyc29y', '?limit=0', '?limit=51', '?order=newest']) {
    t.equal((await callAs(hub, mo, 'GET', `/v1/c/fop/join-requests${query}`)).statusCode, 400, query)
  }
  t.equal((await decide('not-a-uuid', 'approve')).statusCode, 400)
  t.equal((await decide('00000000-0000-4000-8000-000000000000', 'approve')).statusCode, 404)
})

t.test('two moderators deciding one request at once: one wins, the other is 409', async (t) => {
  const { hub, decide } = await setUp(t)
  const other = await communityMember(hub, 'fop', 'other-mod', { role: 'moderator', approval: 'approved' })
  const ada = await communityMember(hub, 'fop', 'ada')
  const replies = await Promise.all([
    decide(ada.memberId, 'approve'),
    callAs(hub, other, 'POST', `/v1/c/fop/join-requests/${ada.memberId}/decline`, { reason: 'Not about this disease' }),
  ])
  t.same(replies.map((reply) => reply.statusCode).sort(), [200, 409])
})

t.test('founding members completing their membership and approved members coming back are not queued', async (t) => {
  const { hub, proposal, decide, queue } = await setUp(t)
  const founder = {
    accountId: proposal.founderId,
    accessToken: await hub.tokens.sign({ subject: proposal.founderId, audience: 'kindred:hub' }),
    refreshToken: '',
  }
  t.match((await join(hub, founder, 'Founder Fran')).json(), { member: { role: 'owner', approval: 'approved' } })
  const ada = await signUp(hub, 'ada')
  const memberId = (await join(hub, ada, 'Bone Builder')).json<{ member: Member }>().member.memberId
  await decide(memberId, 'approve')
  await hub.app.inject({ method: 'DELETE', url: '/v1/communities/fop/membership', headers: bearer(ada.accessToken) })
  t.match((await join(hub, ada, 'Back Again')).json(), { member: { memberId, approval: 'approved' } })
  t.match(await queue(), { joinRequests: [] })
})

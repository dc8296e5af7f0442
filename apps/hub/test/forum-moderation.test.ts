import t from 'tap'
import {
  buildTestHub,
  callAs,
  communityMember,
  provisionTestCommunity,
  signUp,
  type CommunityMember,
  type HttpMethod,
  type TestHub,
  withoutLoadShedding,
} from '@kindred/testkit'

interface Entry {
  action: string
  actor: { pseudonym: string } | null
  reason: string | null
  member: { memberId: string } | null
  threadId: string | null
  postId: string | null
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

// fop: Owen owns it, Mo moderates, Ada and Bo are members; Ada has opened a thread with a reply.
async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  const owen = await communityMember(hub, 'fop', 'owen', { pseudonym: 'Founder Owen', role: 'owner' })
  const mo = await communityMember(hub, 'fop', 'mo', { pseudonym: 'Kind Keeper', role: 'moderator' })
  const ada = await communityMember(hub, 'fop', 'ada', { pseudonym: 'Bone Builder' })
  const bo = await communityMember(hub, 'fop', 'bo', { pseudonym: 'Quiet Reader' })
  const categoryId =
    (await callAs(hub, ada, 'GET', '/v1/c/fop/categories')).json<{ categories: Array<{ id: string }> }>().categories[0]?.id ?? ''
  const opened = (await callAs(hub, ada, 'POST', '/v1/c/fop/threads', { categoryId, title: 'Flare-ups', body: 'How do you cope?' })).json<{
    thread: { id: string }
    post: { id: string }
  }>()
  const replied = (await callAs(hub, bo, 'POST', `/v1/c/fop/threads/${opened.thread.id}/replies`, { body: 'Rest, mostly' })).json<{
    post: { id: string }
  }>()
  const log = async (as: CommunityMember = mo) =>
    (await callAs(hub, as, 'GET', '/v1/c/fop/moderation-log')).json<{ entries: Entry[]; next: string | null }>()
  return { hub, owen, mo, ada, bo, threadId: opened.thread.id, postId: opened.post.id, replyId: replied.post.id, log }
}

// Every moderation route of `slug` with a request a moderator could make.
function moderationRoutes(
  slug: string,
  ids: { threadId: string; postId: string; memberId: string },
): Array<[HttpMethod, string, object | undefined]> {
  const c = `/v1/c/${slug}`
  return [
    ['GET', `${c}/join-requests`, undefined],
    ['POST', `${c}/join-requests/${ids.memberId}/approve`, {}],
    ['POST', `${c}/join-requests/${ids.memberId}/decline`, { reason: 'No' }],
    ['GET', `${c}/settings`, undefined],
    ['PATCH', `${c}/settings`, { joinApproval: true }],
    ['GET', `${c}/reports`, undefined],
    ['POST', `${c}/reports/1/dismiss`, {}],
    ['GET', `${c}/posts/${ids.postId}/moderation`, undefined],
    ['POST', `${c}/posts/${ids.postId}/hide`, { reason: 'Spam' }],
    ['POST', `${c}/posts/${ids.postId}/restore`, {}],
    ['POST', `${c}/threads/${ids.threadId}/lock`, {}],
    ['POST', `${c}/threads/${ids.threadId}/unlock`, {}],
    ['POST', `${c}/members/${ids.memberId}/ban`, { reason: 'Spam' }],
    ['POST', `${c}/members/${ids.memberId}/unban`, {}],
    ['PUT', `${c}/moderators/${ids.memberId}`, {}],
    ['DELETE', `${c}/moderators/${ids.memberId}`, undefined],
    ['GET', `${c}/moderation-log`, undefined],
  ]
}

const switchTo = (hub: TestHub, as: CommunityMember) =>
  hub.app.inject({ method: 'POST', url: '/v1/auth/switch', headers: bearer(as.account.accessToken), payload: { community: 'fop' } })

t.test('a locked thread takes no replies until it is unlocked; a reason is optional, the body too', async (t) => {
  const { hub, mo, ada, threadId, log } = await setUp(t)
  const locked = await callAs(hub, mo, 'POST', `/v1/c/fop/threads/${threadId}/lock`)
  t.equal(locked.statusCode, 200)
  t.match(locked.json(), { thread: { id: threadId, locked: true, hidden: false } })
  const reply = await callAs(hub, ada, 'POST', `/v1/c/fop/threads/${threadId}/replies`, { body: 'Still here' })
  t.equal(reply.statusCode, 409)
  t.equal(reply.json<{ code: string }>().code, 'KINDRED_THREAD_LOCKED')
  t.match((await callAs(hub, ada, 'GET', '/v1/c/fop/threads')).json(), { threads: [{ id: threadId, locked: true }] })
  t.equal((await callAs(hub, mo, 'POST', `/v1/c/fop/threads/${threadId}/lock`, {})).statusCode, 409, 'locked already')
  t.equal((await callAs(hub, mo, 'POST', `/v1/c/fop/threads/${threadId}/unlock`, { reason: 'Calmer now' })).statusCode, 200)
  t.equal((await callAs(hub, ada, 'POST', `/v1/c/fop/threads/${threadId}/replies`, { body: 'Still here' })).statusCode, 201)
  t.equal((await callAs(hub, mo, 'POST', '/v1/c/fop/threads/999999/lock')).statusCode, 404)
  t.equal((await callAs(hub, mo, 'POST', `/v1/c/fop/threads/${threadId}/lock`, { reason: '' })).statusCode, 400)
  t.match((await log()).entries, [
    { action: 'unlock_thread', actor: { pseudonym: 'Kind Keeper' }, threadId, reason: 'Calmer now' },
    { action: 'lock_thread', actor: { pseudonym: 'Kind Keeper' }, threadId, reason: null },
  ])
})

t.test("a banned member's token stops working at once and switching is refused; unbanned, they are back", async (t) => {
  const { hub, mo, ada, log } = await setUp(t)
  t.equal((await callAs(hub, mo, 'POST', `/v1/c/fop/members/${ada.memberId}/ban`, {})).statusCode, 400, 'a ban needs a reason')
  const banned = await callAs(hub, mo, 'POST', `/v1/c/fop/members/${ada.memberId}/ban`, { reason: 'Selling supplements after a warning' })
  t.equal(banned.statusCode, 200)
  t.match(banned.json(), { member: { memberId: ada.memberId, banned: true } })
  for (const reply of [
    await callAs(hub, ada, 'GET', '/v1/c/fop/threads'),
    await callAs(hub, ada, 'GET', '/v1/c/fop/charter'),
    await switchTo(hub, ada),
  ]) {
    t.equal(reply.statusCode, 403)
    t.equal(reply.json<{ code: string }>().code, 'KINDRED_BANNED_FROM_COMMUNITY')
  }
  await hub.app.inject({ method: 'DELETE', url: '/v1/communities/fop/membership', headers: bearer(ada.account.accessToken) })
  const rejoin = await hub.app.inject({
    method: 'POST',
    url: '/v1/communities/fop/join',
    headers: bearer(ada.account.accessToken),
    payload: { pseudonym: 'New Name', acceptCharterVersion: 1 },
  })
  t.equal(rejoin.json<{ code: string }>().code, 'KINDRED_BANNED_FROM_COMMUNITY', 'leaving and joining again does not lift a ban')
  t.equal((await callAs(hub, mo, 'POST', `/v1/c/fop/members/${ada.memberId}/unban`, { reason: 'Appeal accepted' })).statusCode, 200)
  t.equal((await callAs(hub, mo, 'POST', `/v1/c/fop/members/${ada.memberId}/unban`)).statusCode, 409, 'not banned any more')
  t.equal(
    (
      await hub.app.inject({
        method: 'POST',
        url: '/v1/communities/fop/join',
        headers: bearer(ada.account.accessToken),
        payload: { pseudonym: 'Bone Builder', acceptCharterVersion: 1 },
      })
    ).statusCode,
    201,
  )
  const switched = await switchTo(hub, ada)
  t.equal(switched.statusCode, 200)
  const fresh = { ...ada, token: switched.json<{ accessToken: string }>().accessToken }
  t.equal((await callAs(hub, fresh, 'GET', '/v1/c/fop/threads')).statusCode, 200)
  t.match((await log()).entries, [
    { action: 'unban_member', member: { memberId: ada.memberId }, reason: 'Appeal accepted' },
    {
      action: 'ban_member',
      actor: { pseudonym: 'Kind Keeper' },
      member: { memberId: ada.memberId },
      reason: 'Selling supplements after a warning',
    },
  ])
})

t.test('moderators cannot ban an owner or another moderator, nobody bans themself, and an owner bans a moderator', async (t) => {
  const { hub, owen, mo, ada } = await setUp(t)
  const other = await communityMember(hub, 'fop', 'other', { role: 'moderator' })
  const ban = (as: CommunityMember, target: CommunityMember) =>
    callAs(hub, as, 'POST', `/v1/c/fop/members/${target.memberId}/ban`, { reason: 'Testing the rules' })
  for (const [as, target, code] of [
    [mo, owen, 'KINDRED_OUTRANKED'],
    [mo, other, 'KINDRED_OUTRANKED'],
    [mo, mo, 'KINDRED_SELF_MODERATION'],
    [owen, owen, 'KINDRED_SELF_MODERATION'],
    [ada, other, 'KINDRED_FORBIDDEN'],
  ] as const) {
    const reply = await ban(as, target)
    t.equal(reply.statusCode, 403, code)
    t.equal(reply.json<{ code: string }>().code, code)
  }
  t.equal((await ban(owen, other)).statusCode, 200)
  t.equal((await callAs(hub, other, 'GET', '/v1/c/fop/reports')).statusCode, 403, 'the banned moderator moderates no more')
  t.equal((await callAs(hub, mo, 'POST', '/v1/c/fop/members/00000000-0000-4000-8000-000000000000/ban', { reason: 'x' })).statusCode, 404)
})

t.test('an owner appoints a moderator, who can then moderate, and removes them again', async (t) => {
  const { hub, owen, mo, ada, bo, replyId, log } = await setUp(t)
  t.equal((await callAs(hub, mo, 'PUT', `/v1/c/fop/moderators/${ada.memberId}`)).statusCode, 403, 'a moderator does not appoint')
  t.equal((await callAs(hub, ada, 'POST', `/v1/c/fop/posts/${replyId}/hide`, { reason: 'Off topic' })).statusCode, 403)
  const appointed = await callAs(hub, owen, 'PUT', `/v1/c/fop/moderators/${ada.memberId}`, { reason: 'Volunteered' })
  t.equal(appointed.statusCode, 200)
  t.match(appointed.json(), { member: { memberId: ada.memberId, role: 'moderator' } })
  t.equal(
    (await callAs(hub, ada, 'POST', `/v1/c/fop/posts/${replyId}/hide`, { reason: 'Off topic' })).statusCode,
    200,
    'the same token moderates at once',
  )
  t.match((await callAs(hub, bo, 'GET', '/v1/c/fop/threads')).json(), {
    threads: [{ author: { pseudonym: 'Bone Builder', role: 'moderator' } }],
  })
  t.equal((await callAs(hub, owen, 'DELETE', `/v1/c/fop/moderators/${ada.memberId}`)).statusCode, 204)
  t.equal((await callAs(hub, ada, 'GET', '/v1/c/fop/reports')).statusCode, 403)
  t.equal((await callAs(hub, owen, 'DELETE', `/v1/c/fop/moderators/${owen.memberId}`)).statusCode, 409, 'an owner stays owner')
  t.match((await log(owen)).entries, [
    { action: 'remove_moderator', actor: { pseudonym: 'Founder Owen' }, member: { memberId: ada.memberId } },
    { action: 'hide_post', actor: { pseudonym: 'Bone Builder' }, postId: replyId, reason: 'Off topic' },
    { action: 'appoint_moderator', actor: { pseudonym: 'Founder Owen' }, member: { memberId: ada.memberId }, reason: 'Volunteered' },
  ])
})

t.test('a member who is no moderator gets 403 on every moderation route, and nothing changes', async (t) => {
  const { hub, ada, bo, threadId, postId, log } = await setUp(t)
  for (const [method, url, payload] of moderationRoutes('fop', { threadId, postId, memberId: bo.memberId })) {
    const reply = await callAs(hub, ada, method, url, payload)
    t.equal(reply.statusCode, 403, `${method} ${url}`)
    t.equal(reply.json<{ code: string }>().code, 'KINDRED_FORBIDDEN')
  }
  t.same((await log()).entries, [])
  t.match((await callAs(hub, bo, 'GET', `/v1/c/fop/threads/${threadId}`)).json(), {
    thread: { locked: false },
    posts: [{ state: 'visible' }],
  })
})

t.test('a moderator of one community cannot act on another: their token there is 401', async (t) => {
  const { hub, mo, threadId, postId, bo } = await setUp(t)
  await provisionTestCommunity(hub, 'ehlers-danlos')
  const zed = await communityMember(hub, 'ehlers-danlos', 'zed', { role: 'moderator' })
  for (const [method, url, payload] of moderationRoutes('fop', { threadId, postId, memberId: bo.memberId })) {
    const reply = await callAs(hub, zed, method, url, payload)
    t.equal(reply.statusCode, 401, `${method} ${url}`)
    t.notOk(reply.body.includes('Kind Keeper') || reply.body.includes(bo.memberId), 'reveals nothing')
  }
  t.equal((await callAs(hub, mo, 'POST', `/v1/c/ehlers-danlos/members/${zed.memberId}/ban`, { reason: 'x' })).statusCode, 401)
})

t.test("network staff read a community's moderation log from the hub; nobody else does", async (t) => {
  const { hub, mo, owen, ada, threadId, postId, log } = await setUp(t)
  await callAs(hub, mo, 'POST', `/v1/c/fop/threads/${threadId}/lock`, { reason: 'Heated' })
  await callAs(hub, mo, 'POST', `/v1/c/fop/posts/${postId}/hide`, { reason: 'Insults' })
  await callAs(hub, owen, 'POST', `/v1/c/fop/members/${ada.memberId}/ban`, { reason: 'Insults again' })
  const staff = await signUp(hub, 'steward', { staff: true })
  const staffLog = (token: string | undefined, slug = 'fop', query = '') =>
    hub.app.inject({
      method: 'GET',
      url: `/v1/admin/communities/${slug}/moderation-log${query}`,
      headers: token === undefined ? {} : bearer(token),
    })
  const read = await staffLog(staff.accessToken)
  t.equal(read.statusCode, 200)
  t.same(read.json<{ entries: Entry[] }>().entries, (await log()).entries, "the moderators' log, whole")
  const page = (await staffLog(staff.accessToken, 'fop', '?limit=2')).json<{ entries: Entry[]; next: string }>()
  t.same(
    page.entries.map((entry) => entry.action),
    ['ban_member', 'hide_post'],
  )
  t.same(
    (await staffLog(staff.accessToken, 'fop', `?limit=2&cursor=${page.next}`))
      .json<{ entries: Entry[] }>()
      .entries.map((entry) => entry.action),
    ['lock_thread'],
  )
  const notStaff = await staffLog(ada.account.accessToken)
  t.equal(notStaff.statusCode, 403)
  t.equal(notStaff.json<{ code: string }>().code, 'KINDRED_FORBIDDEN')
  t.equal((await staffLog(mo.token)).statusCode, 401, 'a community token is no hub token')
  t.equal((await staffLog(undefined)).statusCode, 401)
  t.equal((await staffLog(staff.accessToken, 'no-such-place')).statusCode, 404)
  t.equal((await staffLog(staff.accessToken, 'fop', '?cursor=%27')).statusCode, 400)
})

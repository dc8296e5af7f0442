import t from 'tap'
import { grantRole } from '@kindred/identity'
import {
  buildTestHub,
  callAs,
  communityMember,
  provisionTestCommunity,
  runDueJobs,
  withoutLoadShedding,
  type CommunityMember,
  type TestHub,
  hubTasks,
} from '@kindred/testkit'

interface Message {
  id: string
  senderId: string
  recipientId: string
  state: string
  bodyMarkdown: string | null
  bodyHtml: string | null
  readAt: string | null
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

// Ada and Bo in fop; Zed in ehlers-danlos only.
async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  await provisionTestCommunity(hub, 'ehlers-danlos')
  const ada = await communityMember(hub, 'fop', 'ada', { pseudonym: 'Bone Builder' })
  const bo = await communityMember(hub, 'fop', 'bo', { pseudonym: 'Quiet Reader' })
  const zed = await communityMember(hub, 'ehlers-danlos', 'zed', { pseudonym: 'Stretchy Zebra' })
  const send = (from: CommunityMember, to: CommunityMember, body: string) =>
    callAs(hub, from, 'POST', '/v1/c/fop/messages', { to: to.memberId, body })
  return { hub, ada, bo, zed, send }
}

function allowIndustry(hub: TestHub, member: CommunityMember) {
  return hub.app.inject({
    method: 'PATCH',
    url: '/v1/communities/fop/membership/privacy',
    headers: bearer(member.account.accessToken),
    payload: { contact: { industry: true } },
  })
}

t.test('members message each other: sent, listed per conversation with marks, read, deleted by the sender', async (t) => {
  const { hub, ada, bo, send } = await setUp(t)
  await grantRole(hub.database.db, { accountId: bo.account.accountId, role: 'health_professional' })
  const sent = await send(ada, bo, 'Hello, *fellow* reader')
  t.equal(sent.statusCode, 201)
  const message = sent.json<{ message: Message }>().message
  t.match(message, { senderId: ada.memberId, recipientId: bo.memberId, state: 'visible', bodyHtml: /<em>fellow<\/em>/ })
  await send(bo, ada, 'Hello back')

  const conversations = await callAs(hub, ada, 'GET', '/v1/c/fop/conversations')
  t.equal(conversations.statusCode, 200)
  t.match(conversations.json(), {
    conversations: [
      {
        counterpart: { memberId: bo.memberId, pseudonym: 'Quiet Reader', healthProfessional: true, industry: false },
        latest: { bodyMarkdown: 'Hello back' },
        unreadCount: 1,
      },
    ],
    next: null,
  })

  const opened = await callAs(hub, bo, 'GET', `/v1/c/fop/conversations/${ada.memberId}`)
  t.equal(opened.statusCode, 200)
  const { counterpart, messages } = opened.json<{ counterpart: { pseudonym: string }; messages: Message[] }>()
  t.equal(counterpart.pseudonym, 'Bone Builder')
  t.same(
    messages.map((item) => item.bodyMarkdown),
    ['Hello back', 'Hello, *fellow* reader'],
  )
  t.ok(messages[1]?.readAt, 'what Bo received is now read')

  t.equal((await callAs(hub, bo, 'DELETE', `/v1/c/fop/messages/${message.id}`)).statusCode, 403, 'not by the recipient')
  t.equal((await callAs(hub, ada, 'DELETE', `/v1/c/fop/messages/${message.id}`)).statusCode, 204)
  const after = (await callAs(hub, bo, 'GET', `/v1/c/fop/conversations/${ada.memberId}`)).json<{ messages: Message[] }>().messages
  t.match(after[1], { id: message.id, state: 'deleted', bodyMarkdown: null, bodyHtml: null })
})

t.test("a member with the industry role, or who discloses an industry relationship, needs the recipient's opt-in", async (t) => {
  const { hub, ada, bo, send } = await setUp(t)
  await grantRole(hub.database.db, { accountId: ada.account.accountId, role: 'industry' })
  const refused = await send(ada, bo, 'About our new trial')
  t.equal(refused.statusCode, 403)
  t.match(refused.json(), { code: 'KINDRED_CONTACT_NOT_ALLOWED', message: /not opted in to contact from industry/ })
  await hub.app.inject({
    method: 'PUT',
    url: '/v1/me/disclosures',
    headers: bearer(bo.account.accessToken),
    payload: { disclosures: [{ organisation: 'Acme Pharma', nature: 'advisory_board', since: null }] },
  })
  t.equal((await send(bo, ada, 'And about mine')).statusCode, 403, 'a disclosure is enough')

  t.equal((await allowIndustry(hub, bo)).statusCode, 200)
  t.equal((await send(ada, bo, 'About our new trial')).statusCode, 201, 'the opt-in admits them')
  t.equal((await send(bo, ada, 'And about mine')).statusCode, 403, 'Ada has not opted in')
})

t.test('bad requests are 4xx with clear codes and change nothing', async (t) => {
  const { hub, ada, bo, send } = await setUp(t)
  const cases = [
    [{ to: ada.memberId, body: 'Dear me' }, 400, 'KINDRED_BAD_REQUEST'],
    [{ to: '00000000-0000-4000-8000-000000000000', body: 'Anyone?' }, 404, 'KINDRED_NOT_FOUND'],
    [{ to: 'not-a-uuid', body: 'Hi' }, 400, 'KINDRED_VALIDATION_FAILED'],
    [{ to: bo.memberId, body: ' ' }, 400, 'KINDRED_VALIDATION_FAILED'],
    [{ to: bo.memberId, body: 'a\u0000b' }, 400, 'KINDRED_VALIDATION_FAILED'],
    [{ to: bo.memberId, body: 'x'.repeat(20_001) }, 400, 'KINDRED_VALIDATION_FAILED'],
    [{ to: bo.memberId, body: 'Hi', cc: ada.memberId }, 400, 'KINDRED_VALIDATION_FAILED'],
  ] as const
  for (const [payload, status, code] of cases) {
    const reply = await callAs(hub, ada, 'POST', '/v1/c/fop/messages', payload)
    t.equal(reply.statusCode, status, JSON.stringify(payload).slice(0, 80))
    t.equal(reply.json<{ code: string }>().code, code)
  }
  t.equal((await callAs(hub, ada, 'GET', '/v1/c/fop/conversations?limit=0')).statusCode, 400)
  t.equal((await callAs(hub, ada, 'GET', '/v1/c/fop/conversations/not-a-uuid')).statusCode, 400)
  t.equal((await callAs(hub, ada, 'DELETE', '/v1/c/fop/messages/abc')).statusCode, 400)
  t.same((await callAs(hub, bo, 'GET', '/v1/c/fop/conversations')).json(), { conversations: [], next: null }, 'nothing was sent')
  t.equal((await send(ada, bo, 'Now a real one')).statusCode, 201)
})

t.test("a token of another community can neither read nor send fop's messages, nor reach fop's members from its own", async (t) => {
  const { hub, ada, bo, zed, send } = await setUp(t)
  const sent = (await send(ada, bo, 'Private words')).json<{ message: Message }>().message
  const attempts = [
    ['GET', '/v1/c/fop/conversations', undefined],
    ['GET', `/v1/c/fop/conversations/${ada.memberId}`, undefined],
    ['POST', '/v1/c/fop/messages', { to: ada.memberId, body: 'Hi' }],
    ['DELETE', `/v1/c/fop/messages/${sent.id}`, undefined],
  ] as const
  for (const [method, url, payload] of attempts) {
    const reply = await callAs(hub, zed, method, url, payload)
    t.equal(reply.statusCode, 401, `${method} ${url}`)
    t.notOk(reply.body.includes('Private words'), 'nothing of fop')
  }
  const acrossCommunities = await callAs(hub, zed, 'POST', '/v1/c/ehlers-danlos/messages', { to: ada.memberId, body: 'Hi' })
  t.equal(acrossCommunities.statusCode, 404, 'a member id of fop is nobody in ehlers-danlos')
  t.equal(
    (await callAs(hub, bo, 'GET', `/v1/c/fop/conversations/${ada.memberId}`)).json<{ messages: Message[] }>().messages[0]?.state,
    'visible',
  )
})

t.test('sending and deleting messages is rate-limited per member', async (t) => {
  const { ada, bo, send } = await setUp(t)
  for (let index = 0; index < 120; index += 1) {
    const reply = await send(ada, bo, `message ${index}`)
    if (reply.statusCode !== 201) throw new Error(reply.body)
  }
  const limited = await send(ada, bo, 'one too many')
  t.equal(limited.statusCode, 429)
  t.equal(limited.json<{ code: string }>().code, 'KINDRED_RATE_LIMITED')
  t.equal((await send(bo, ada, 'Bo has a budget of his own')).statusCode, 201)
})

t.test('the account export holds its messages; erasure clears the bodies of those it sent', async (t) => {
  const { hub, ada, bo, send } = await setUp(t)
  await send(ada, bo, "Ada's own words")
  await send(bo, ada, "Bo's words to Ada")
  const exported = await hub.app.inject({ method: 'GET', url: '/v1/me/export', headers: bearer(ada.account.accessToken) })
  t.equal(exported.statusCode, 200)
  t.match(exported.json(), {
    communities: [
      {
        community: { slug: 'fop' },
        messages: { sent: [{ body_markdown: "Ada's own words" }], received: [{ body_markdown: "Bo's words to Ada" }] },
      },
    ],
  })

  const erased = await hub.app.inject({
    method: 'DELETE',
    url: '/v1/me',
    headers: bearer(ada.account.accessToken),
    payload: { password: 'a long enough password' },
  })
  t.equal(erased.statusCode, 202)
  await runDueJobs(hub.database.pool, hubTasks(hub))
  const conversation = (await callAs(hub, bo, 'GET', `/v1/c/fop/conversations/${ada.memberId}`)).json<{ messages: Message[] }>().messages
  t.same(
    conversation.map((message) => [message.state, message.bodyMarkdown]),
    [
      ['visible', "Bo's words to Ada"],
      ['deleted', null],
    ],
  )
  const exportedByBo = (await hub.app.inject({ method: 'GET', url: '/v1/me/export', headers: bearer(bo.account.accessToken) })).body
  t.notOk(exportedByBo.includes("Ada's own words"), 'gone from everywhere')
})

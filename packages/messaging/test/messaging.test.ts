import t from 'tap'
import type { CommunityActor } from '@kindred/community'
import { grantRole } from '@kindred/identity'
import {
  deleteMessage,
  eraseMemberMessages,
  exportMemberMessages,
  listConversations,
  readConversation,
  sendMessage,
} from '@kindred/messaging'
import { buildTestHub, communityMember, provisionTestCommunity, setMember, tenantOf, withoutLoadShedding } from '@kindred/testkit'

// fop with Ada, Bo and Cy, each as the forum knows them (charter 1 accepted when joining).
async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  const tenant = await tenantOf(hub, 'fop')
  const join = async (name: string) => {
    const joined = await communityMember(hub, 'fop', name, { pseudonym: `${name} here` })
    const actor: CommunityActor = {
      tenant,
      member: { memberId: joined.memberId, pseudonym: `${name} here`, role: 'member', charterVersion: 1 },
    }
    return { ...joined, actor }
  }
  const [ada, bo, cy] = [await join('ada'), await join('bo'), await join('cy')]
  const send = (from: CommunityActor, to: CommunityActor, body: string) =>
    sendMessage(hub.database.db, from, { to: to.member.memberId, body })
  const allowIndustry = (member: { memberId: string }) =>
    tenant.query.updateTable('members').set({ contact_industry: true }).where('member_id', '=', member.memberId).execute()
  return { hub, tenant, ada, bo, cy, send, allowIndustry }
}

t.test('a message goes to its recipient, rendered as a post is, unread until they open the conversation', async (t) => {
  const { ada, bo, send } = await setUp(t)
  const sent = await send(ada.actor, bo.actor, 'Hello **Bo**, <script>x</script>')
  t.match(sent, {
    senderId: ada.memberId,
    recipientId: bo.memberId,
    state: 'visible',
    bodyMarkdown: 'Hello **Bo**, <script>x</script>',
    readAt: null,
  })
  t.match(sent.bodyHtml, /<strong>Bo<\/strong>/)
  t.notMatch(sent.bodyHtml, /<script>/)

  const inbox = await listConversations(bo.actor, { limit: 20 })
  t.match(inbox.items, [{ counterpart: { memberId: ada.memberId, pseudonym: 'ada here' }, latest: { id: sent.id }, unreadCount: 1 }])
  const opened = await readConversation(bo.actor, ada.memberId, { limit: 20 })
  t.match(opened.counterpart, { memberId: ada.memberId, pseudonym: 'ada here', role: 'member' })
  t.ok(opened.messages.items[0]?.readAt, 'marked read as the recipient reads it')
  t.match((await listConversations(bo.actor, { limit: 20 })).items, [{ unreadCount: 0 }])
  const senderView = await readConversation(ada.actor, bo.memberId, { limit: 20 })
  t.ok(senderView.messages.items[0]?.readAt, 'the sender sees it was read')
})

t.test('conversations: one per other member, the most recently active first, a page at a time', async (t) => {
  const { ada, bo, cy, send } = await setUp(t)
  await send(bo.actor, ada.actor, 'first from Bo')
  await send(cy.actor, ada.actor, 'from Cy')
  await send(bo.actor, ada.actor, 'second from Bo')
  const reply = await send(ada.actor, cy.actor, 'Ada answers Cy')
  const first = await listConversations(ada.actor, { limit: 1 })
  t.match(first.items, [
    { counterpart: { memberId: cy.memberId }, latest: { id: reply.id, bodyMarkdown: 'Ada answers Cy' }, unreadCount: 1 },
  ])
  t.type(first.next, 'string')
  const second = await listConversations(ada.actor, { limit: 1, cursor: first.next ?? '' })
  t.match(second.items, [{ counterpart: { memberId: bo.memberId }, latest: { bodyMarkdown: 'second from Bo' }, unreadCount: 2 }])
  t.equal(second.next, null)
  t.same(
    (await listConversations(cy.actor, { limit: 20 })).items.map((item) => item.counterpart.memberId),
    [ada.memberId],
    'Cy has one conversation',
  )
})

t.test("a conversation holds the messages both ways, newest first, a page at a time, and no one else's", async (t) => {
  const { ada, bo, cy, send } = await setUp(t)
  for (let index = 0; index < 5; index += 1)
    await send(index % 2 === 0 ? ada.actor : bo.actor, index % 2 === 0 ? bo.actor : ada.actor, `message ${index}`)
  await send(cy.actor, ada.actor, 'not in this conversation')
  const bodies: Array<string | null> = []
  let cursor: string | undefined
  for (let pages = 0; pages < 4; pages += 1) {
    const page = await readConversation(ada.actor, bo.memberId, { limit: 2, ...(cursor === undefined ? {} : { cursor }) })
    bodies.push(...page.messages.items.map((message) => message.bodyMarkdown))
    if (page.messages.next === null) break
    cursor = page.messages.next
  }
  t.same(bodies, ['message 4', 'message 3', 'message 2', 'message 1', 'message 0'])
})

t.test('industry may message only members who opted in to contact from industry: by role or by disclosure', async (t) => {
  const { hub, ada, bo, cy, send, allowIndustry } = await setUp(t)
  await grantRole(hub.database.db, { accountId: ada.account.accountId, role: 'industry' })
  await hub.database.db
    .insertInto('hub.disclosures')
    .values({ account_id: cy.account.accountId, position: 0, organisation: 'Acme Pharma', nature: 'speaker_fees', since: null })
    .execute()
  for (const sender of [ada, cy]) {
    await t.rejects(send(sender.actor, bo.actor, 'May I tell you about our trial?'), {
      code: 'KINDRED_CONTACT_NOT_ALLOWED',
      statusCode: 403,
      message: /not opted in to contact from industry/,
    })
  }
  t.same((await listConversations(bo.actor, { limit: 20 })).items, [], 'nothing was sent')
  await allowIndustry(bo)
  t.equal((await send(ada.actor, bo.actor, 'May I tell you about our trial?')).state, 'visible', 'after opting in, the role may write')
  t.equal((await send(cy.actor, bo.actor, 'And I?')).state, 'visible', 'and the disclosure')
  t.equal((await send(bo.actor, cy.actor, 'Patients may always write')).state, 'visible', 'the other way round is not industry contact')
})

t.test('a health professional is not industry: they may message anyone', async (t) => {
  const { hub, ada, bo, send } = await setUp(t)
  await grantRole(hub.database.db, { accountId: ada.account.accountId, role: 'health_professional' })
  t.equal((await send(ada.actor, bo.actor, 'Hello from your nurse')).state, 'visible')
})

t.test('only approved, current, unbanned members can be messaged; nobody else, not oneself, not before the charter', async (t) => {
  const { hub, ada, bo, cy, send } = await setUp(t)
  await t.rejects(send(ada.actor, ada.actor, 'Dear me'), { code: 'KINDRED_BAD_REQUEST', statusCode: 400 })
  for (const change of [{ approval: 'pending' as const }, { banned: true }, { left: true }]) {
    await setMember(hub, 'fop', bo.memberId, change)
    await t.rejects(send(ada.actor, bo.actor, 'Hello?'), { code: 'KINDRED_NOT_FOUND', statusCode: 404 }, JSON.stringify(change))
    await setMember(hub, 'fop', bo.memberId, { approval: 'approved', banned: false, left: false })
  }
  await t.rejects(sendMessage(hub.database.db, ada.actor, { to: '00000000-0000-4000-8000-000000000000', body: 'Anyone?' }), {
    code: 'KINDRED_NOT_FOUND',
  })
  const notAccepted = { ...cy.actor, member: { ...cy.actor.member, charterVersion: null } }
  await t.rejects(send(notAccepted, ada.actor, 'Hi'), { code: 'KINDRED_CHARTER_ACCEPTANCE_REQUIRED' })
  await t.rejects(readConversation(ada.actor, '00000000-0000-4000-8000-000000000000', { limit: 20 }), { code: 'KINDRED_NOT_FOUND' })
})

t.test('the sender deletes their message: its body goes, its place stays; nobody else can', async (t) => {
  const { ada, bo, cy, send } = await setUp(t)
  const sent = await send(ada.actor, bo.actor, 'Oops, wrong person')
  await t.rejects(deleteMessage(bo.actor, sent.id), { code: 'KINDRED_FORBIDDEN' }, 'the recipient')
  await t.rejects(deleteMessage(cy.actor, sent.id), { code: 'KINDRED_NOT_FOUND' }, 'a stranger learns nothing')
  await deleteMessage(ada.actor, sent.id)
  await deleteMessage(ada.actor, sent.id)
  const [message] = (await readConversation(bo.actor, ada.memberId, { limit: 20 })).messages.items
  t.match(message, { id: sent.id, state: 'deleted', bodyMarkdown: null, bodyHtml: null })
  t.match((await listConversations(bo.actor, { limit: 20 })).items, [{ unreadCount: 0 }], 'a deleted message is not unread')
})

t.test('a message moderators hid shows as hidden, without its body', async (t) => {
  const { tenant, ada, bo, send } = await setUp(t)
  const sent = await send(ada.actor, bo.actor, 'Something reported')
  await tenant.query.updateTable('messages').set({ hidden_at: new Date() }).where('id', '=', sent.id).execute()
  for (const [reader, other] of [
    [ada, bo],
    [bo, ada],
  ] as const) {
    const [message] = (await readConversation(reader.actor, other.memberId, { limit: 20 })).messages.items
    t.match(message, { state: 'hidden', bodyMarkdown: null, bodyHtml: null })
  }
})

t.test('export holds the messages sent and received; erasure clears the bodies of those sent only', async (t) => {
  const { tenant, ada, bo, send } = await setUp(t)
  await send(ada.actor, bo.actor, 'Ada writes')
  await send(bo.actor, ada.actor, 'Bo answers')
  const exported = await exportMemberMessages(tenant, ada.memberId)
  t.match(exported, {
    sent: [{ body_markdown: 'Ada writes', recipient_id: bo.memberId }],
    received: [{ body_markdown: 'Bo answers', sender_id: bo.memberId }],
  })

  await eraseMemberMessages(tenant, ada.memberId)
  await eraseMemberMessages(tenant, ada.memberId)
  const bodies = (await readConversation(bo.actor, ada.memberId, { limit: 20 })).messages.items.map((message) => [
    message.state,
    message.bodyMarkdown,
  ])
  t.same(bodies, [
    ['visible', 'Bo answers'],
    ['deleted', null],
  ])
  const stored = await tenant.query
    .selectFrom('messages')
    .select(['body_markdown', 'body_html'])
    .where('sender_id', '=', ada.memberId)
    .execute()
  t.same(stored, [{ body_markdown: '', body_html: '' }], 'nothing of the body is kept')
})

import t from 'tap'
import {
  buildTestHub,
  callAs,
  communityMember,
  provisionTestCommunity,
  runJobsAndDelayed,
  startTestMailbox,
  tenantOf,
  withoutLoadShedding,
  type CommunityMember,
} from '@kindred/testkit'

async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const mailbox = await startTestMailbox(t)
  const hub = await buildTestHub(t, {
    env: { ...withoutLoadShedding, SMTP_URL: mailbox.url, KINDRED_PUBLIC_URL: 'https://kindred.example' },
  })
  await provisionTestCommunity(hub, 'fop')
  await provisionTestCommunity(hub, 'eds')
  const ada = await communityMember(hub, 'fop', 'ada', { pseudonym: 'Bone Builder' })
  const bob = await communityMember(hub, 'fop', 'bob', { pseudonym: 'Night Owl' })
  const mo = await communityMember(hub, 'fop', 'mo', { pseudonym: 'Steady Hand', role: 'moderator' })
  // The jobs due, then those waiting their delay (a conversation's or a moderators' batch), as if it had passed.
  const deliver = () => runJobsAndDelayed(hub, 2)
  const listOf = async (who: CommunityMember, slug = 'fop') =>
    (await callAs(hub, who, 'GET', `/v1/c/${slug}/notifications`)).json<{
      notifications: Array<{
        kind: string
        by: string | null
        messageId: string | null
        senderId: string | null
        reportId: string | null
        decision: string | null
      }>
      unread: number
    }>()
  const send = async (from: CommunityMember, to: CommunityMember, body: string) => {
    const sent = await callAs(hub, from, 'POST', '/v1/c/fop/messages', { to: to.memberId, body })
    t.equal(sent.statusCode, 201, 'a message is sent')
  }
  const communityName = (
    await hub.database.db.selectFrom('hub.communities').select('name').where('slug', '=', 'fop').executeTakeFirstOrThrow()
  ).name
  return { hub, mailbox, ada, bob, mo, deliver, listOf, send, communityName }
}

t.test('a direct message: listed, then one mail per burst of a conversation, without the text or the sender by default', async (t) => {
  const { mailbox, ada, bob, deliver, listOf, send, communityName } = await setUp(t)
  await send(ada, bob, 'My *private* worries')
  await send(ada, bob, 'And another thing')
  await deliver()
  await deliver()
  const list = await listOf(bob)
  t.same(
    list.notifications.map((one) => [one.kind, one.by]),
    [
      ['message', 'Bone Builder'],
      ['message', 'Bone Builder'],
    ],
    'each message is listed on the site, with its sender in this community',
  )
  t.equal(list.notifications[0]?.senderId, ada.memberId, 'and the way to the conversation')
  const mails = mailbox.to('bob@example.org')
  t.equal(mails.length, 1, 'two messages before the mail went: one mail, however often the jobs run')
  const [mail] = mails
  t.equal(mail?.subject, `You have 2 new private messages in ${communityName}`)
  t.notMatch(mail?.text, /private worries|another thing|Bone Builder/, 'no text, no sender by default')
  t.notMatch(mail?.html, /private worries|another thing|Bone Builder/)
  t.match(mail?.header('list-unsubscribe'), /unsubscribe\//)
  t.same(mailbox.to('ada@example.org'), [], 'the sender is not told')
  await send(ada, bob, 'Later on')
  await deliver()
  t.equal(mailbox.to('bob@example.org').length, 2, 'a message after the mail went is a new mail')
})

t.test("a direct message's text and sender only for one who opted in; off: listed, not mailed", async (t) => {
  const { hub, mailbox, ada, bob, mo, deliver, listOf, send } = await setUp(t)
  await callAs(hub, bob, 'PUT', '/v1/c/fop/notification-preferences', { includeText: true })
  await callAs(hub, mo, 'PUT', '/v1/c/fop/notification-preferences', { cadences: { message: 'off' } })
  await send(ada, bob, 'Hello there')
  await send(ada, mo, 'Hello moderator')
  await deliver()
  const [mail] = mailbox.to('bob@example.org')
  t.match(mail?.subject, /^You have a new private message in /)
  t.match(mail?.text, /Bone Builder/)
  t.match(mail?.text, /Hello there/)
  t.same(mailbox.to('mo@example.org'), [], 'off: no mail')
  t.equal((await listOf(mo)).unread, 1, 'but listed on the site')
})

t.test('a decision on joining tells the applicant, approved or declined; moderators get one batched mail', async (t) => {
  const { hub, mailbox, mo, deliver, listOf, communityName } = await setUp(t)
  const tenant = await tenantOf(hub, 'fop')
  await tenant.query.updateTable('settings').set({ join_approval: true }).execute()
  await callAs(hub, mo, 'PUT', '/v1/c/fop/notification-preferences', { cadences: { moderation: 'immediately' } })
  const cy = await communityMember(hub, 'fop', 'cy', { pseudonym: 'Cy' })
  const di = await communityMember(hub, 'fop', 'di', { pseudonym: 'Di' })
  await communityMember(hub, 'fop', 'eve', { pseudonym: 'Eve' })
  await deliver()
  await deliver()
  const moderation = mailbox.to('mo@example.org')
  t.equal(moderation.length, 1, 'three requests: one mail for the moderator who takes them at once')
  t.equal(moderation[0]?.subject, `Waiting for moderators in ${communityName}`)
  t.match(moderation[0]?.text, /3 requests to join and 0 reports/)
  t.notMatch(moderation[0]?.text, /\bCy\b|\bDi\b|\bEve\b/, 'no pseudonym in the mail')
  t.same(
    (await listOf(mo)).notifications.map((one) => [one.kind, one.by]),
    [
      ['moderation', 'Eve'],
      ['moderation', 'Di'],
      ['moderation', 'Cy'],
    ],
    'listed on the site, each with who asked',
  )
  t.equal((await callAs(hub, mo, 'POST', `/v1/c/fop/join-requests/${cy.memberId}/approve`, {})).statusCode, 200)
  t.equal(
    (await callAs(hub, mo, 'POST', `/v1/c/fop/join-requests/${di.memberId}/decline`, { reason: 'Not for this community' })).statusCode,
    200,
  )
  await deliver()
  await deliver()
  t.same(
    mailbox.to('cy@example.org').map((mail) => mail.subject),
    [`Welcome to ${communityName}`],
    'the approved applicant is told once',
  )
  t.same(
    mailbox.to('di@example.org').map((mail) => mail.subject),
    [`Your request to join ${communityName}`],
    'the declined applicant too, though no member any more',
  )
  t.notMatch(mailbox.to('di@example.org')[0]?.text, /Not for this community/, 'the reason stays in the moderation log')
  t.same(mailbox.to('eve@example.org'), [], 'a request still waiting tells its applicant nothing')
  t.equal((await listOf(mo)).unread, 1, "a decided request is read for every moderator: only eve's waits")
})

t.test('reports tell the moderators, batched; the reporter is not told', async (t) => {
  const { hub, mailbox, ada, bob, mo, deliver, listOf, communityName } = await setUp(t)
  await callAs(hub, mo, 'PUT', '/v1/c/fop/notification-preferences', { cadences: { moderation: 'immediately' } })
  const categories = (await callAs(hub, ada, 'GET', '/v1/c/fop/categories')).json<{ categories: Array<{ id: string }> }>().categories
  const opened = await callAs(hub, ada, 'POST', '/v1/c/fop/threads', {
    categoryId: categories[0]?.id,
    title: 'Mornings',
    body: 'Buy pills',
  })
  const postId = opened.json<{ post: { id: string } }>().post.id
  t.equal((await callAs(hub, bob, 'POST', `/v1/c/fop/posts/${postId}/reports`, { reason: 'Spam' })).statusCode, 201)
  t.equal((await callAs(hub, mo, 'POST', `/v1/c/fop/posts/${postId}/reports`, { reason: 'Spam too' })).statusCode, 201)
  await deliver()
  await deliver()
  const mails = mailbox.to('mo@example.org')
  t.equal(mails.length, 1, 'one mail for the batch')
  t.match(mails[0]?.text, new RegExp(`Waiting for moderators in ${communityName}: 0 requests to join and 2 reports`))
  t.same(
    (await listOf(mo)).notifications.map((one) => one.kind),
    ['moderation'],
    "bob's report is listed for mo; mo's own report is not",
  )
  t.ok((await listOf(mo)).notifications[0]?.reportId, 'with the report')
  t.same((await listOf(bob)).notifications, [], 'the reporter, no moderator, hears nothing')
})

import t from 'tap'
import {
  buildTestHub,
  callAs,
  communityMember,
  hubTasks,
  provisionTestCommunity,
  runDueJobs,
  runJobsAndDelayed,
  startTestMailbox,
  withoutLoadShedding,
  type CommunityMember,
  type ReceivedMail,
} from '@kindred/testkit'

const replySubject = /^New post in “Mornings” – /

async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const mailbox = await startTestMailbox(t)
  const hub = await buildTestHub(t, {
    env: { ...withoutLoadShedding, SMTP_URL: mailbox.url, KINDRED_PUBLIC_URL: 'https://kindred.example' },
  })
  await provisionTestCommunity(hub, 'fop')
  const ada = await communityMember(hub, 'fop', 'ada', { pseudonym: 'Bone Builder' })
  const bob = await communityMember(hub, 'fop', 'bob', { pseudonym: 'Night Owl' })
  const categories = (await callAs(hub, ada, 'GET', '/v1/c/fop/categories')).json<{ categories: Array<{ id: string }> }>().categories
  const opened = await callAs(hub, ada, 'POST', '/v1/c/fop/threads', {
    categoryId: categories[0]?.id,
    title: 'Mornings',
    body: 'Stiff again',
  })
  const threadId = opened.json<{ thread: { id: string } }>().thread.id
  const replyAs = async (who: CommunityMember, body: string) =>
    (await callAs(hub, who, 'POST', `/v1/c/fop/threads/${threadId}/replies`, { body })).json<{ post: { id: string } }>().post.id
  // The fan-out, then the mail it queued (which waits two seconds for the fan-out to commit: not here).
  const deliver = () => runJobsAndDelayed(hub)
  const repliesTo = (address: string): ReceivedMail[] => mailbox.to(address).filter((mail) => replySubject.test(mail.subject))
  return { hub, mailbox, ada, bob, replyAs, deliver, repliesTo }
}

t.test('a reply is mailed at once to the thread author: the community and thread only, a link, one-click unsubscribe', async (t) => {
  const { hub, ada, bob, replyAs, deliver, repliesTo } = await setUp(t)
  const postId = await replyAs(bob, 'My *private* symptoms')
  await deliver()
  await deliver()
  const mails = repliesTo('ada@example.org')
  t.equal(mails.length, 1, 'one message, however often the jobs run')
  t.same(repliesTo('bob@example.org'), [], 'its author is not told')
  const [mail] = mails
  t.match(mail?.subject, /“Mornings” – /)
  t.match(mail?.text, new RegExp(`https://kindred.example/c/fop/p/${postId}`))
  t.notMatch(mail?.text, /private|symptoms|Night Owl/, 'no post text and no pseudonym unless the member opted in')
  t.notMatch(mail?.html, /private|symptoms|Night Owl/)
  t.match(mail?.header('list-unsubscribe-post'), 'List-Unsubscribe=One-Click')
  const unsubscribe = /<https:\/\/kindred\.example(\/unsubscribe\/[^>]+)>/.exec(mail?.header('list-unsubscribe') ?? '')?.[1] ?? ''
  t.equal((await hub.app.inject({ method: 'GET', url: unsubscribe })).statusCode, 200, 'the link shows a page with one button')
  const clicked = await hub.app.inject({
    method: 'POST',
    url: unsubscribe,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'List-Unsubscribe=One-Click',
  })
  t.equal(clicked.statusCode, 200, "the mail client's one-click POST, with no cookie and no sign-in")
  const preferences = (await callAs(hub, ada, 'GET', '/v1/c/fop/notification-preferences')).json<{ cadences: { reply: string } }>()
  t.equal(preferences.cadences.reply, 'off')
  await replyAs(bob, 'Another')
  await deliver()
  t.equal(repliesTo('ada@example.org').length, 1, 'nothing more by mail once unsubscribed')
  t.equal((await callAs(hub, ada, 'GET', '/v1/c/fop/notifications')).json<{ unread: number }>().unread, 2, 'the site still lists them')
  const forged = `${unsubscribe.slice(0, -3)}abc`
  t.equal((await hub.app.inject({ method: 'POST', url: forged })).statusCode, 400, 'a changed link is refused')
})

t.test('opting in to the text; a daily choice, or reading it first, sends nothing at once', async (t) => {
  const { hub, ada, bob, replyAs, deliver, repliesTo } = await setUp(t)
  await callAs(hub, ada, 'PUT', '/v1/c/fop/notification-preferences', { includeText: true })
  await replyAs(bob, 'Warm showers **help**')
  await deliver()
  t.match(repliesTo('ada@example.org')[0]?.text, /Night Owl wrote:\s+Warm showers help/)
  await runDueJobs(hub.database.pool, hubTasks(hub))
  await replyAs(bob, 'Read on the site first')
  await runDueJobs(hub.database.pool, hubTasks(hub))
  await callAs(hub, ada, 'POST', '/v1/c/fop/notifications/read', { all: true })
  await deliver()
  t.equal(repliesTo('ada@example.org').length, 1, 'a notification read before its mail went is not mailed')
  await callAs(hub, ada, 'PUT', '/v1/c/fop/notification-preferences', { cadences: { reply: 'daily' } })
  await replyAs(bob, 'For the digest')
  await deliver()
  t.equal(repliesTo('ada@example.org').length, 1, 'a daily choice waits for the digest')
})

t.test('the mail speaks the language the member chose', async (t) => {
  const { hub, ada, bob, replyAs, deliver, mailbox } = await setUp(t)
  await hub.database.db.updateTable('hub.accounts').set({ language: 'fr' }).where('id', '=', ada.account.accountId).execute()
  await replyAs(bob, 'Bonjour')
  await deliver()
  const [mail] = mailbox.to('ada@example.org').filter((one) => one.subject.startsWith('Nouveau message dans « Mornings »'))
  t.ok(mail, 'a French subject')
  t.match(mail?.html, /<html lang="fr">/)
  t.match(mail?.text, /Ne plus recevoir ces e-mails/)
})

import t from 'tap'
import { mentionCandidates } from '../src/mentions.ts'
import {
  buildTestHub,
  callAs,
  communityMember,
  provisionTestCommunity,
  runJobsAndDelayed,
  startTestMailbox,
  withoutLoadShedding,
  type CommunityMember,
} from '@kindred/testkit'

t.test('what a post may mention: bare or bracketed pseudonyms, never addresses, code or quotes', async (t) => {
  t.same(mentionCandidates('Thanks @Bone Builder!'), [['Bone Builder', 'Bone']])
  t.same(mentionCandidates('@[Bone Builder], see this'), [['Bone Builder']], 'brackets name one pseudonym exactly')
  t.same(mentionCandidates('mail bo@example.org'), [], 'an address mentions no one')
  t.same(mentionCandidates('`@Night Owl` and\n```\n@Night Owl\n```\n> @Night Owl wrote'), [], 'code and quotes mention no one')
  t.same(mentionCandidates('@Ada.B-2'), [['Ada.B-2', 'Ada.B', 'Ada']], 'dots and hyphens, as pseudonyms allow')
  t.same(mentionCandidates('@ @'), [], 'an @ alone')
})

async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const mailbox = await startTestMailbox(t)
  const hub = await buildTestHub(t, {
    env: { ...withoutLoadShedding, SMTP_URL: mailbox.url, KINDRED_PUBLIC_URL: 'https://kindred.example' },
  })
  await provisionTestCommunity(hub, 'fop')
  await provisionTestCommunity(hub, 'eds')
  const ada = await communityMember(hub, 'fop', 'ada', { pseudonym: 'Bone Builder' })
  const bob = await communityMember(hub, 'fop', 'bob', { pseudonym: 'Night Owl' })
  const cy = await communityMember(hub, 'fop', 'cy', { pseudonym: 'Bone' })
  // di is "Morning Lark" here and nowhere else; in eds, an account whose pseudonym there is ada's name here.
  const di = await communityMember(hub, 'fop', 'di', { pseudonym: 'Morning Lark' })
  const eve = await communityMember(hub, 'eds', 'eve', { pseudonym: 'Quiet Fox' })
  const categories = (await callAs(hub, ada, 'GET', '/v1/c/fop/categories')).json<{ categories: Array<{ id: string }> }>().categories
  const opened = await callAs(hub, ada, 'POST', '/v1/c/fop/threads', {
    categoryId: categories[0]?.id,
    title: 'Mornings',
    body: 'Stiff again',
  })
  const threadId = opened.json<{ thread: { id: string } }>().thread.id
  const replyAs = async (who: CommunityMember, body: string) =>
    (await callAs(hub, who, 'POST', `/v1/c/fop/threads/${threadId}/replies`, { body })).json<{ post: { id: string } }>().post.id
  const deliver = () => runJobsAndDelayed(hub)
  const listOf = async (who: CommunityMember, slug = 'fop') =>
    (await callAs(hub, who, 'GET', `/v1/c/${slug}/notifications`)).json<{ notifications: Array<{ kind: string; postId: string | null }> }>()
      .notifications
  return { hub, mailbox, ada, bob, cy, di, eve, threadId, replyAs, deliver, listOf }
}

t.test('a mention tells the member named, once, instead of the reply; the longest pseudonym wins; never the author', async (t) => {
  const { mailbox, ada, bob, cy, di, eve, replyAs, deliver, listOf } = await setUp(t)
  const postId = await replyAs(bob, 'Thanks @Bone Builder, and @[Morning Lark]! (me: @Night Owl; @Quiet Fox?)')
  await deliver()
  await deliver()
  t.same(
    (await listOf(ada)).map((one) => one.kind),
    ['mention'],
    'ada, the thread author, is mentioned: one notification, a mention',
  )
  t.same(
    (await listOf(di)).map((one) => [one.kind, one.postId]),
    [['mention', postId]],
  )
  t.same(await listOf(cy), [], '"@Bone Builder" names Bone Builder, not Bone')
  t.same(await listOf(bob), [], 'the author mentioning themselves is not told')
  t.same(await listOf(eve, 'eds'), [], 'a pseudonym from another community names no one here')
  const mentions = (address: string) => mailbox.to(address).filter((mail) => /^You were mentioned in “Mornings” – /.test(mail.subject))
  t.equal(mentions('ada@example.org').length, 1, 'one mail, however often the jobs run')
  t.equal(mailbox.to('ada@example.org').length, 1, 'and no reply mail besides')
  t.equal(mentions('di@example.org').length, 1)
  const [mail] = mentions('di@example.org')
  t.notMatch(mail?.text, /Night Owl|Thanks/, 'no pseudonym or text unless the member opted in')
  t.match(mail?.text, new RegExp(`https://kindred.example/c/fop/p/${postId}`))
  t.match(mail?.header('list-unsubscribe'), /unsubscribe\//)
  t.same(mailbox.to('eve@example.org'), [])
})

t.test('a mention reaches a member who muted the thread; the text only for one who opted in; daily sends nothing now', async (t) => {
  const { hub, mailbox, ada, bob, di, threadId, replyAs, deliver, listOf } = await setUp(t)
  await callAs(hub, di, 'PUT', `/v1/c/fop/threads/${threadId}/follow`, { level: 'muted' })
  await callAs(hub, di, 'PUT', '/v1/c/fop/notification-preferences', { includeText: true })
  await callAs(hub, ada, 'PUT', '/v1/c/fop/notification-preferences', { cadences: { mention: 'daily' } })
  await replyAs(bob, 'Over to @Morning Lark and @Bone Builder')
  await deliver()
  t.same(
    (await listOf(di)).map((one) => one.kind),
    ['mention'],
    'a mention is addressed to the member: muting the thread does not hide it',
  )
  const [mail] = mailbox.to('di@example.org')
  t.match(mail?.text, /Night Owl/, 'the author, for a member who opted in to the text')
  t.match(mail?.text, /Over to/)
  t.same(
    (await listOf(ada)).map((one) => one.kind),
    ['mention'],
    'listed on the site',
  )
  t.same(mailbox.to('ada@example.org'), [], 'a daily choice mails nothing at once')
})

import t from 'tap'
import { sql } from 'kysely'
import { dailyDigestPlanJob, weeklyDigestPlanJob } from '@kindred/notifications'
import {
  buildTestHub,
  callAs,
  communityMember,
  hubTasks,
  provisionTestCommunity,
  runDueJobs,
  runJobsAndDelayed,
  startTestMailbox,
  tenantDatabase,
  withoutLoadShedding,
  type CommunityMember,
  type ReceivedMail,
} from '@kindred/testkit'

const digestSubject = /^Your (daily|weekly) summary from Kindred$/
const pseudonyms = /Bone Builder|Second Self|Night Owl|Quiet Tide/

async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const mailbox = await startTestMailbox(t)
  const hub = await buildTestHub(t, {
    env: { ...withoutLoadShedding, SMTP_URL: mailbox.url, KINDRED_PUBLIC_URL: 'https://kindred.example' },
  })
  await provisionTestCommunity(hub, 'fop')
  await provisionTestCommunity(hub, 'hpp')
  const names = new Map(
    (await hub.database.db.selectFrom('hub.communities').select(['slug', 'name']).execute()).map((row) => [row.slug, row.name]),
  )
  // ada takes part in both communities, under a different pseudonym in each.
  const ada = await communityMember(hub, 'fop', 'ada', { pseudonym: 'Bone Builder' })
  const auth = { authorization: `Bearer ${ada.account.accessToken}` }
  const joined = await hub.app.inject({
    method: 'POST',
    url: '/v1/communities/hpp/join',
    headers: auth,
    payload: { pseudonym: 'Second Self', acceptCharterVersion: 1 },
  })
  const switched = await hub.app.inject({ method: 'POST', url: '/v1/auth/switch', headers: auth, payload: { community: 'hpp' } })
  const adaInHpp: CommunityMember = {
    account: ada.account,
    memberId: joined.json<{ member: { memberId: string } }>().member.memberId,
    token: switched.json<{ accessToken: string }>().accessToken,
  }
  const bob = await communityMember(hub, 'fop', 'bob', { pseudonym: 'Night Owl' })
  const cyd = await communityMember(hub, 'hpp', 'cyd', { pseudonym: 'Quiet Tide' })
  const open = async (slug: string, who: CommunityMember, title: string) => {
    const categories = (await callAs(hub, who, 'GET', `/v1/c/${slug}/categories`)).json<{ categories: Array<{ id: string }> }>().categories
    const opened = await callAs(hub, who, 'POST', `/v1/c/${slug}/threads`, { categoryId: categories[0]?.id, title, body: 'Opening words' })
    return opened.json<{ thread: { id: string } }>().thread.id
  }
  const reply = async (slug: string, who: CommunityMember, threadId: string, body: string) =>
    (await callAs(hub, who, 'POST', `/v1/c/${slug}/threads/${threadId}/replies`, { body })).json<{ post: { id: string } }>().post.id
  const choose = (slug: string, who: CommunityMember, change: object) =>
    callAs(hub, who, 'PUT', `/v1/c/${slug}/notification-preferences`, change)
  // The fan-out (and any mail it queues, which waits for it to commit: not here).
  const fanOut = () => runJobsAndDelayed(hub)
  // A planner run as cron queues it, due at `until`, then the digests it queued.
  const digest = async (frequency: 'daily' | 'weekly', until = new Date()) => {
    const job = frequency === 'daily' ? dailyDigestPlanJob : weeklyDigestPlanJob
    await job.enqueue(hub.database.db, { _cron: { ts: until.toISOString(), backfilled: false } })
    await runDueJobs(hub.database.pool, hubTasks(hub))
    await runDueJobs(hub.database.pool, hubTasks(hub))
  }
  const digestsTo = (address: string): ReceivedMail[] => mailbox.to(address).filter((mail) => digestSubject.test(mail.subject))
  return { hub, mailbox, names, ada, adaInHpp, bob, cyd, open, reply, choose, fanOut, digest, digestsTo }
}

t.test('one daily digest across two communities, naming both, with no pseudonym, sent once per day', async (t) => {
  const { names, ada, adaInHpp, bob, cyd, open, reply, choose, fanOut, digest, digestsTo } = await setUp(t)
  t.equal((await choose('fop', ada, { cadences: { reply: 'daily' } })).statusCode, 200)
  t.equal((await choose('hpp', adaInHpp, { cadences: { reply: 'daily' } })).statusCode, 200)
  const mornings = await open('fop', ada, 'Mornings')
  const evenings = await open('hpp', adaInHpp, 'Evenings')
  const inFop = await reply('fop', bob, mornings, 'My *private* symptoms')
  const inHpp = await reply('hpp', cyd, evenings, 'Secret remedies')
  await fanOut()
  t.same(digestsTo('ada@example.org'), [], 'nothing before the digest: replies wait for it')
  await digest('daily')
  const mails = digestsTo('ada@example.org')
  t.equal(mails.length, 1, 'one message across both communities')
  const [mail] = mails
  t.equal(mail?.subject, 'Your daily summary from Kindred', 'the subject names no community and no thread')
  for (const part of [mail?.text, mail?.html]) {
    t.match(part, names.get('fop') ?? 'fop')
    t.match(part, names.get('hpp') ?? 'hpp')
    t.match(part, /Mornings/)
    t.match(part, /Evenings/)
    t.notMatch(part, pseudonyms, 'no pseudonym, from either community')
    t.notMatch(part, /private|symptoms|Secret remedies/, 'no post text unless opted in')
  }
  t.match(mail?.text, `https://kindred.example/c/fop/p/${inFop}`)
  t.match(mail?.text, `https://kindred.example/c/hpp/p/${inHpp}`)
  t.match(mail?.header('list-unsubscribe-post'), 'List-Unsubscribe=One-Click')
  t.same(digestsTo('bob@example.org'), [], 'bob takes nothing daily: no empty digest is sent')
  t.same(digestsTo('cyd@example.org'), [])
  await digest('daily')
  t.equal(digestsTo('ada@example.org').length, 1, 'planning the same day again sends nothing more')
})

t.test("opting in to the text in one community shows that community's text and pseudonyms only", async (t) => {
  const { ada, adaInHpp, bob, cyd, open, reply, choose, fanOut, digest, digestsTo } = await setUp(t)
  await choose('fop', ada, { cadences: { reply: 'daily' }, includeText: true })
  await choose('hpp', adaInHpp, { cadences: { reply: 'daily' } })
  const mornings = await open('fop', ada, 'Mornings')
  const evenings = await open('hpp', adaInHpp, 'Evenings')
  await reply('fop', bob, mornings, 'Warm showers **help**')
  await reply('hpp', cyd, evenings, 'Secret remedies')
  await fanOut()
  await digest('daily')
  const [mail] = digestsTo('ada@example.org')
  t.match(mail?.text, /Night Owl wrote: Warm showers help/, "fop's author and text, as ada chose there")
  t.notMatch(mail?.text, /Quiet Tide|Secret remedies/, 'nothing of the text from hpp, where ada did not opt in')
  t.notMatch(mail?.text, /Bone Builder|Second Self/, "never ada's own pseudonyms")
})

t.test('new threads and unanswered questions, weekly by default, less what the member wrote or muted', async (t) => {
  const { hub, ada, adaInHpp, bob, cyd, open, choose, digest, digestsTo } = await setUp(t)
  await open('fop', ada, 'My own question')
  const old = await open('hpp', cyd, 'Anyone tried braces?')
  await open('hpp', adaInHpp, 'Where I posted')
  const { db, schema } = await tenantDatabase(hub, 'hpp')
  const daysAgo = sql`now() - interval '10 days'`
  await sql`update ${sql.table(`${schema}.threads`)} set created_at = ${daysAgo}, last_activity_at = ${daysAgo} where id = ${old}`.execute(
    db,
  )
  await sql`update ${sql.table(`${schema}.posts`)} set created_at = ${daysAgo} where thread_id = ${old}`.execute(db)
  await open('fop', bob, 'Stairs at school')
  await open('hpp', cyd, 'Swimming')
  await choose('hpp', adaInHpp, { digest: 'off' })
  await digest('daily')
  t.same(digestsTo('ada@example.org'), [], 'new threads come weekly by default')
  await digest('weekly')
  const [mail] = digestsTo('ada@example.org')
  t.match(mail?.subject, 'Your weekly summary from Kindred')
  t.match(mail?.text, /New thread: “Stairs at school”/)
  t.notMatch(mail?.text, /My own question/, "the member's own thread is not news to them")
  t.notMatch(mail?.text, /Swimming|braces/, 'hpp is off for new threads')
  const [bobs] = digestsTo('bob@example.org')
  t.match(bobs?.text, /New thread: “My own question”/, "bob hears of ada's thread")
  t.notMatch(bobs?.text, /Stairs at school|Second Self|Bone Builder/, 'not of his own, and of no pseudonym')
  await choose('hpp', adaInHpp, { digest: 'weekly' })
  const nextWeek = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000 - 60_000)
  await digest('weekly', nextWeek)
  const [later] = digestsTo('ada@example.org').slice(1)
  t.match(later?.text, /Not answered yet, your experience may help: “Anyone tried braces\?”/, 'a question in a category ada posts in')
})

t.test('one click stops the daily digest in every community; the weekly one stays', async (t) => {
  const { hub, ada, adaInHpp, bob, cyd, open, reply, choose, fanOut, digest, digestsTo } = await setUp(t)
  await choose('fop', ada, { cadences: { reply: 'daily' } })
  await choose('hpp', adaInHpp, { cadences: { reply: 'daily' } })
  const mornings = await open('fop', ada, 'Mornings')
  const evenings = await open('hpp', adaInHpp, 'Evenings')
  await reply('fop', bob, mornings, 'One')
  await fanOut()
  const today = new Date()
  await digest('daily', today)
  const [mail] = digestsTo('ada@example.org')
  const link = /<https:\/\/kindred\.example(\/unsubscribe\/[^>]+)>/.exec(mail?.header('list-unsubscribe') ?? '')?.[1] ?? ''
  t.equal((await hub.app.inject({ method: 'GET', url: link })).statusCode, 200, 'the link shows a page with one button')
  const clicked = await hub.app.inject({
    method: 'POST',
    url: link,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'List-Unsubscribe=One-Click',
  })
  t.equal(clicked.statusCode, 200, 'one click, no sign-in')
  t.match(clicked.body, /the daily summary/)
  for (const [slug, who] of [
    ['fop', ada],
    ['hpp', adaInHpp],
  ] as const) {
    const chosen = (await callAs(hub, who, 'GET', `/v1/c/${slug}/notification-preferences`)).json<{
      cadences: { reply: string }
      digest: string
    }>()
    t.equal(chosen.cadences.reply, 'off', `replies by mail are off in ${slug}`)
    t.equal(chosen.digest, 'weekly', 'the weekly digest is another choice')
  }
  await reply('hpp', cyd, evenings, 'Two')
  await fanOut()
  // The next day's period starts where today's ended: the reply above is in it.
  await digest('daily', new Date(today.getTime() + 24 * 60 * 60 * 1000))
  t.equal(digestsTo('ada@example.org').length, 1, 'no daily digest the next day')
  t.equal((await callAs(hub, ada, 'GET', '/v1/c/fop/notifications')).json<{ unread: number }>().unread, 1, 'the site still lists it')
})

t.test('a banned account, or one being erased, gets no digest; a member who left a community hears nothing of it', async (t) => {
  const { hub, ada, adaInHpp, bob, cyd, open, reply, choose, fanOut, digest, digestsTo } = await setUp(t)
  await choose('fop', ada, { cadences: { reply: 'daily' } })
  await choose('hpp', adaInHpp, { cadences: { reply: 'daily' } })
  await choose('hpp', cyd, { digest: 'daily' })
  await choose('fop', bob, { digest: 'daily' })
  const mornings = await open('fop', ada, 'Mornings')
  await open('hpp', adaInHpp, 'Evenings')
  await reply('fop', bob, mornings, 'One')
  await fanOut()
  await hub.database.db.updateTable('hub.accounts').set({ banned_at: new Date() }).where('id', '=', ada.account.accountId).execute()
  await hub.database.db
    .updateTable('hub.accounts')
    .set({ erasure_requested_at: new Date() })
    .where('id', '=', cyd.account.accountId)
    .execute()
  await hub.database.db.updateTable('hub.memberships').set({ left_at: new Date() }).where('member_id', '=', bob.memberId).execute()
  await digest('daily')
  t.same(digestsTo('ada@example.org'), [], 'banned: nothing')
  t.same(digestsTo('cyd@example.org'), [], 'being erased: nothing')
  t.same(digestsTo('bob@example.org'), [], "left fop: nothing of fop's new threads")
})

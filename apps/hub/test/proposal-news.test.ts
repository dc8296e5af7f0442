import t from 'tap'
import { tellJoinDecisions } from '@kindred/community'
import { sessionLifetimeSeconds, startWebSession } from '@kindred/identity'
import { setIncubatorMailChoice } from '@kindred/incubator'
import { communityProvisionJob } from '@kindred/tenancy'
import {
  buildTestHub,
  hubTasks,
  insertProposal,
  locationOf,
  proposalFields,
  provisionTestCommunity,
  runDueJobs,
  signUp,
  siteVisitor,
  tenantOf,
  type SignedUp,
  type SiteVisitor,
  type TestHub,
} from '@kindred/testkit'

const bearer = (as: SignedUp) => ({ authorization: `Bearer ${as.accessToken}` })

// The same account in a browser: a web session of its own, as signing in on the site gives.
async function inBrowser(hub: TestHub, as: SignedUp): Promise<SiteVisitor> {
  const session = await startWebSession(hub.database.db, as.accountId, sessionLifetimeSeconds)
  if (session === undefined) throw new Error('no session')
  const visitor = siteVisitor(hub)
  visitor.jar.set('kindred_session', session.token)
  return visitor
}

async function propose(hub: TestHub, as: SignedUp, slug: string, diseaseName: string): Promise<string> {
  const reply = await hub.app.inject({
    method: 'POST',
    url: '/v1/proposals',
    headers: bearer(as),
    payload: proposalFields({ slug, diseaseName, orphaCode: 'ORPHA:64' }),
  })
  if (reply.statusCode !== 201) throw new Error(`proposing ${slug}: ${reply.body}`)
  return reply.json<{ proposal: { id: string } }>().proposal.id
}

// Enough support, behind the API's back (support has tests of its own), then staff's decision through the API.
async function decide(hub: TestHub, staff: SignedUp, proposalId: string, decision: 'approve' | 'request_changes'): Promise<void> {
  await hub.database.db.updateTable('hub.proposals').set({ status: 'ready' }).where('id', '=', proposalId).execute()
  const reply = await hub.app.inject({
    method: 'POST',
    url: `/v1/proposals/${proposalId}/decision`,
    headers: bearer(staff),
    payload: { decision, reason: decision === 'approve' ? null : 'Please add the Orphanet code' },
  })
  if (reply.statusCode >= 300) throw new Error(`deciding: ${reply.body}`)
}

// A community others proposed, which `as` supported, provisioned by the real job.
async function supportedGoesLive(hub: TestHub, as: SignedUp, slug: string): Promise<void> {
  const { db, pool } = hub.database
  const seeded = await insertProposal(db, { slug, moderators: 1, members: 1, diseaseName: `Disease ${slug}` })
  await db
    .insertInto('hub.proposal_supports')
    .values({ proposal_id: seeded.proposalId, account_id: as.accountId, support_as: 'member' })
    .execute()
  await db.transaction().execute((trx) => communityProvisionJob.enqueue(trx, { proposalId: seeded.proposalId }))
  await runDueJobs(pool, hubTasks(hub))
}

interface NewsPage {
  news: Array<{ id: string; kind: string; proposalId: string; diseaseName: string; communitySlug: string | null; read: boolean }>
  next: string | null
  unread: number
}

const newsOf = async (hub: TestHub, as: SignedUp, query = ''): Promise<NewsPage> => {
  const reply = await hub.app.inject({ method: 'GET', url: `/v1/me/proposal-news${query}`, headers: bearer(as) })
  if (reply.statusCode !== 200) throw new Error(`listing news: ${reply.body}`)
  return reply.json<NewsPage>()
}

// The "Proposals" part of the notifications page.
const sectionOf = (page: string): string =>
  /<section class="proposal-notifications" aria-labelledby="notifications-proposals">[\s\S]*?<\/section>/.exec(page)?.[0] ?? ''
const unreadMarks = (html: string): number => html.match(/<li class="notification unread">/g)?.length ?? 0

t.test('an account without a community sees its news of proposals on /notifications, with unread marks, and marks it read', async (t) => {
  const hub = await buildTestHub(t)
  const staff = await signUp(hub, 'staffer', { staff: true })
  const ada = await signUp(hub, 'ada')
  await setIncubatorMailChoice(hub.database.db, ada.accountId, false)
  const alstrom = await propose(hub, ada, 'alstrom', 'Alström syndrome')
  await decide(hub, staff, alstrom, 'request_changes')
  await supportedGoesLive(hub, ada, 'wolfram')

  const browser = await inBrowser(hub, ada)
  const page = await browser.get('/notifications')
  t.equal(page.statusCode, 200)
  const section = sectionOf(page.body)
  t.ok(section.includes('<h2 id="notifications-proposals">Proposals</h2>'), 'a Proposals section, though the incubator mail is off')
  t.ok(page.body.indexOf(section) < page.body.indexOf('You are not a member of any community yet.'), 'first on the page')
  t.notOk(page.body.includes('so there is nothing to tell you about'), 'not told there is nothing to tell')
  t.equal(unreadMarks(section), 2)
  const header = /<ul class="account">[\s\S]*?<\/ul>/.exec(page.body)?.[0] ?? ''
  t.match(
    header,
    /<a href="\/notifications"[^>]*>Notifications [\s\S]*2 unread notifications/,
    'the header counts the news, with no community',
  )
  t.match(section, /href="\/c\/wolfram">The community for “Disease wolfram” that you supported is open: you can join</)
  t.match(section, new RegExp(`href="/proposals/${alstrom}">Changes were requested for your proposal “Alström syndrome”<`))
  t.ok(section.indexOf('/c/wolfram') < section.indexOf(`/proposals/${alstrom}`), 'newest first')

  t.equal((await browser.post('/notifications/proposals/read', { _csrf: 'forged' })).statusCode, 403, 'a forged token is refused')
  t.equal((await newsOf(hub, ada)).unread, 2, 'and marks nothing')
  const marked = await browser.submit('/notifications', {}, '/notifications/proposals/read')
  t.equal(marked.statusCode, 303)
  t.equal(locationOf(marked), '/notifications?marked=proposals')
  const after = await browser.get(locationOf(marked))
  t.match(after.body, /<p class="notice" role="status">All your news of proposals is marked as read.<\/p>/)
  t.equal(unreadMarks(sectionOf(after.body)), 0)
  t.notOk(sectionOf(after.body).includes('/notifications/proposals/read'), 'nothing left to mark')
  t.notMatch(after.body, /unread notification/, 'nor anything to count')

  const signedOut = await siteVisitor(hub).get('/notifications')
  t.equal(signedOut.statusCode, 303, 'signed out, the page asks to sign in')
  const bob = await inBrowser(hub, await signUp(hub, 'bob'))
  const empty = await bob.get('/notifications')
  t.equal(sectionOf(empty.body), '', 'no section for an account without news')
  t.ok(empty.body.includes('so there is nothing to tell you about'))
})

t.test('GET /v1/me/proposal-news pages the news with the unread count; POST …/read marks it read', async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  const staff = await signUp(hub, 'staffer', { staff: true })
  const ada = await signUp(hub, 'ada')
  const bob = await signUp(hub, 'bob')
  const alstrom = await propose(hub, ada, 'alstrom', 'Alström syndrome')
  await decide(hub, staff, alstrom, 'request_changes')
  await decide(hub, staff, alstrom, 'approve')
  await runDueJobs(hub.database.pool, hubTasks(hub))
  await supportedGoesLive(hub, ada, 'wolfram')

  const all = await newsOf(hub, ada)
  t.same(
    all.news.map(({ kind, communitySlug }) => [kind, communitySlug]),
    [
      ['supported_live', 'wolfram'],
      ['live', 'alstrom'],
      ['approved', null],
      ['changes_requested', null],
    ],
    'newest first; a launch names its community',
  )
  t.ok(all.news.slice(1).every(({ proposalId, diseaseName }) => proposalId === alstrom && diseaseName === 'Alström syndrome'))
  t.equal(all.unread, 4)
  t.equal(all.next, null)

  const first = await newsOf(hub, ada, '?limit=3')
  t.equal(first.news.length, 3)
  t.type(first.next, 'string')
  const second = await newsOf(hub, ada, `?limit=3&cursor=${first.next ?? ''}`)
  t.same([...first.news, ...second.news], all.news, 'the pages add up to the list')
  t.equal(second.next, null)
  const tampered = await hub.app.inject({ method: 'GET', url: '/v1/me/proposal-news?cursor=bm90LWEtY3Vyc29y', headers: bearer(ada) })
  t.equal(tampered.statusCode, 400)
  t.equal((await hub.app.inject({ method: 'GET', url: '/v1/me/proposal-news' })).statusCode, 401, 'signed in only')

  const bobs = await newsOf(hub, bob)
  t.same(bobs, { news: [], next: null, unread: 0 }, 'another account has none of it')
  const read = await hub.app.inject({ method: 'POST', url: '/v1/me/proposal-news/read', headers: bearer(ada) })
  t.equal(read.statusCode, 200)
  t.same(read.json(), { marked: 4 })
  const afterwards = await newsOf(hub, ada)
  t.equal(afterwards.unread, 0)
  t.ok(afterwards.news.every((news) => news.read))
  t.same((await hub.app.inject({ method: 'POST', url: '/v1/me/proposal-news/read', headers: bearer(ada) })).json(), { marked: 0 })
})

interface Exported {
  incubatorMail: boolean
  proposals: { news: Array<{ proposalId: string; kind: string; createdAt: string; readAt: string | null }> }
  communities: Array<{
    community: { slug: string }
    notifications: {
      preferences: Array<{ kind: string; value: string | boolean }>
      notifications: Array<Record<string, unknown>>
    }
  }>
}

t.test(
  'the export holds the incubator mail choice, the news of proposals and every column of notifications; erasure removes the news',
  async (t) => {
    const hub = await buildTestHub(t)
    await provisionTestCommunity(hub, 'fop', { joinApproval: true })
    const staff = await signUp(hub, 'staffer', { staff: true })
    const ada = await signUp(hub, 'ada')
    const joined = await hub.app.inject({
      method: 'POST',
      url: '/v1/communities/fop/join',
      headers: bearer(ada),
      payload: { pseudonym: 'Quiet Fern', acceptCharterVersion: 1 },
    })
    t.ok(joined.statusCode < 300, `asked to join: ${joined.statusCode}`)
    // Approved and a digest chosen behind the API's back: the decision and the choice have tests of their own.
    // The decision is told as Kindred tells it (tellJoinDecisions), in the same transaction.
    const tenant = await tenantOf(hub, 'fop')
    const memberId = await tenant.transaction(async (trx) => {
      const { member_id } = await trx
        .updateTable('members')
        .set({ approval: 'approved' })
        .where('pseudonym', '=', 'Quiet Fern')
        .returning('member_id')
        .executeTakeFirstOrThrow()
      await tellJoinDecisions(trx, [member_id], 'approved')
      return member_id
    })
    await tenant.query.insertInto('notification_preferences').values({ member_id: memberId, digest: 'weekly' }).execute()
    await setIncubatorMailChoice(hub.database.db, ada.accountId, false)
    const alstrom = await propose(hub, ada, 'alstrom', 'Alström syndrome')
    await decide(hub, staff, alstrom, 'request_changes')

    const reply = await hub.app.inject({ method: 'GET', url: '/v1/me/export', headers: bearer(ada) })
    t.equal(reply.statusCode, 200)
    const document = reply.json<Exported>()
    t.equal(document.incubatorMail, false, 'the incubator mail choice')
    t.match(document.proposals.news, [{ proposalId: alstrom, kind: 'changes_requested', createdAt: String, readAt: null }])
    const [fop] = document.communities
    t.same(
      fop?.notifications.preferences,
      [
        { kind: 'include_text', value: false },
        { kind: 'digest', value: 'weekly' },
      ],
      'every column of the preferences, the digest choice included',
    )
    t.same(
      fop?.notifications.notifications.map(({ createdAt, ...rest }) => [typeof createdAt, rest]),
      [
        [
          'string',
          {
            kind: 'join_decision',
            threadId: null,
            postId: null,
            messageId: null,
            reportId: null,
            applicantId: memberId,
            decision: 'approved',
            readAt: null,
          },
        ],
      ],
      'the decision on the request to join, with every column',
    )

    const erased = await hub.app.inject({
      method: 'DELETE',
      url: '/v1/me',
      headers: bearer(ada),
      payload: { password: 'a long enough password' },
    })
    t.equal(erased.statusCode, 202)
    await runDueJobs(hub.database.pool, hubTasks(hub))
    const left = await hub.database.db.selectFrom('hub.proposal_news').select('id').where('proposal_id', '=', alstrom).execute()
    t.same(left, [], 'the erased account’s news is gone')
  },
)

import t from 'tap'
import { sql } from 'kysely'
import {
  buildTestHub,
  csrfOf,
  locationOf,
  provisionTestCommunity,
  siteMember,
  startThreadOnSite,
  tenantDatabase,
  type SiteVisitor,
  type TestHub,
} from '@kindred/testkit'

// A thread of `replies` posts after its first, written long ago, one a minute, by its author.
async function longThread(hub: TestHub, visitor: SiteVisitor, replies: number): Promise<string> {
  const threadId = await startThreadOnSite(visitor, 'Long', 'First')
  const { db, schema } = await tenantDatabase(hub, 'fop')
  await sql`insert into ${sql.table(`${schema}.posts`)} (thread_id, author_id, body_markdown, body_html, created_at)
    select p.thread_id, p.author_id, 'Reply ' || n, '<p>Reply ' || n || '</p>', now() - interval '1 day' + n * interval '1 minute'
    from ${sql.table(`${schema}.posts`)} p, generate_series(1, ${replies}) n where p.thread_id = ${threadId}`.execute(db)
  await sql`update ${sql.table(`${schema}.posts`)} set created_at = now() - interval '2 days' where thread_id = ${threadId} and body_markdown = 'First'`.execute(
    db,
  )
  return threadId
}

t.test('a reply to a long thread lands on the page that shows it, and a link to any post finds its page', async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  const ada = await siteMember(hub, 'ada')
  const threadId = await longThread(hub, ada, 120)

  const thread = await ada.get(`/c/fop/t/${threadId}`)
  const answered = await ada.post(`/c/fop/t/${threadId}`, { _csrf: csrfOf(thread), body: 'The newest reply', intent: 'post' })
  t.equal(answered.statusCode, 303)
  const landing = locationOf(answered)
  t.match(landing, new RegExp(`^/c/fop/t/${threadId}\\?cursor=[^#]+#post-\\d+$`), 'the third page, at the reply')
  const postId = /#post-(\d+)$/.exec(landing)?.[1] ?? ''
  const page = await ada.get(landing.split('#')[0] ?? '')
  t.match(page.body, new RegExp(`id="post-${postId}"`), 'the page it lands on shows the reply')
  t.match(page.body, /The newest reply/)
  t.notMatch(page.body, /Reply 99</, 'and not the posts of the pages before')

  const first = /id="post-(\d+)"/.exec(thread.body)?.[1] ?? ''
  t.equal(locationOf(await ada.get(`/c/fop/p/${first}`)), `/c/fop/t/${threadId}#post-${first}`, 'a post of the first page: no cursor')
  const middle = locationOf(await ada.get(`/c/fop/p/${Number(first) + 60}`))
  t.match((await ada.get(middle.split('#')[0] ?? '')).body, new RegExp(`id="post-${Number(first) + 60}"`), 'a post in the middle: its page')
  t.equal((await ada.get('/c/fop/p/999999')).statusCode, 404, 'a post this community does not have')
})

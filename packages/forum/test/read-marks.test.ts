import t from 'tap'
import type { CommunityActor } from '@kindred/community'
import {
  createThread,
  editPost,
  deletePost,
  eraseMemberForum,
  exportMemberForum,
  firstUnread,
  listCategories,
  listThreads,
  markRead,
  plainExcerpt,
  readThread,
  recordReading,
  replyToThread,
  unreadThreadCount,
  unreadPostsCap,
} from '@kindred/forum'
import { buildTestHub, communityMember, provisionTestCommunity, tenantOf, withoutLoadShedding } from '@kindred/testkit'

async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  const tenant = await tenantOf(hub, 'fop')
  const memberOf = async (name: string): Promise<CommunityActor> => {
    const joined = await communityMember(hub, 'fop', name, { pseudonym: `${name} here` })
    return { tenant, member: { memberId: joined.memberId, pseudonym: `${name} here`, role: 'member', charterVersion: 1 } }
  }
  const ada = await memberOf('ada')
  const bob = await memberOf('bob')
  const cleo = await memberOf('cleo')
  const [category] = await listCategories(tenant)
  if (category === undefined) throw new Error('no category')
  const open = (by: CommunityActor, title: string, body = 'Opening words') => createThread(by, { categoryId: category.id, title, body })
  const marks = async (by: CommunityActor) =>
    tenant.query.selectFrom('read_marks').select(['thread_id', 'post_id', 'read_at']).where('member_id', '=', by.member.memberId).execute()
  return { hub, tenant, ada, bob, cleo, open, marks }
}

const listed = async (actor: CommunityActor, threadId: string) =>
  (await listThreads(actor, { limit: 50 })).items.find(({ id }) => id === threadId)
const unreadOf = async (actor: CommunityActor, threadId: string) => (await listed(actor, threadId))?.unread

t.test("a thread is unread from its opening post until read; one's own posts are never unread", async (t) => {
  const { ada, bob, open } = await setUp(t)
  const { thread } = await open(ada, 'Mornings')
  await replyToThread(bob, thread.id, 'Same here')
  t.equal(await unreadOf(bob, thread.id), 1, "bob has not read ada's opening post; his own reply is not new to him")
  t.equal(await unreadOf(ada, thread.id), 1, "ada's own opening post is not new to her, bob's reply is")
  t.equal(await unreadThreadCount(bob), 1)
})

t.test('reading a page moves the mark to its last post, once; reading it again writes nothing', async (t) => {
  const { ada, bob, open, marks } = await setUp(t)
  const { thread } = await open(ada, 'Mornings')
  await replyToThread(ada, thread.id, 'Reply one')
  const first = await readThread(bob, thread.id, { limit: 20 })
  t.equal(first.mark, null, 'no mark before the first visit')
  t.equal(firstUnread(bob.member, first.posts.items, first.mark)?.id, first.posts.items[0]?.id, 'the opening post is the first unread')
  t.equal(await recordReading(bob, thread.id, first.mark, first.posts.items), true, 'the mark moved')
  const [mark] = await marks(bob)
  t.equal(mark?.post_id, first.posts.items[1]?.id, 'the mark is on the last post shown')
  t.equal(await unreadOf(bob, thread.id), 0)
  t.equal(await unreadThreadCount(bob), 0)

  const again = await readThread(bob, thread.id, { limit: 20 })
  t.equal(again.mark, mark?.post_id)
  t.equal(firstUnread(bob.member, again.posts.items, again.mark), undefined, 'nothing is new on a second visit')
  t.equal(await recordReading(bob, thread.id, again.mark, again.posts.items), false, 'nothing was written')
  t.same(await marks(bob), [mark], 'the row is untouched (same post, same time)')

  const reply = await replyToThread(ada, thread.id, 'Reply two')
  t.equal(await unreadOf(bob, thread.id), 1, 'a new reply is unread')
  const third = await readThread(bob, thread.id, { limit: 20 })
  t.equal(firstUnread(bob.member, third.posts.items, third.mark)?.id, reply.id, 'the new reply is the first unread post')
})

t.test('a mark never moves back: an earlier page or an earlier post leaves it where it is', async (t) => {
  const { ada, bob, open, marks } = await setUp(t)
  const { thread, post } = await open(ada, 'Mornings')
  const replies = []
  for (const body of ['one', 'two', 'three']) replies.push(await replyToThread(ada, thread.id, body))
  const last = replies.at(-1)?.id ?? ''
  t.equal(await markRead(bob, thread.id, last), true, 'the first mark is written')
  t.equal(await markRead(bob, thread.id, post.id), false, 'an earlier post does not move it back')
  t.equal(await markRead(bob, thread.id, last), false, 'the same post does not move it')
  const firstPage = await readThread(bob, thread.id, { limit: 2 })
  await recordReading(bob, thread.id, firstPage.mark, firstPage.posts.items)
  t.same(
    (await marks(bob)).map((row) => row.post_id),
    [last],
    'reading the first page again leaves the mark on the last post',
  )
  t.equal(await unreadOf(bob, thread.id), 0)
})

t.test("marks are each member's own: one member's reading changes nothing for another", async (t) => {
  const { ada, bob, cleo, open } = await setUp(t)
  const { thread } = await open(ada, 'Mornings')
  const reply = await replyToThread(ada, thread.id, 'More')
  await markRead(bob, thread.id, reply.id)
  t.equal(await unreadOf(bob, thread.id), 0)
  t.equal(await unreadOf(cleo, thread.id), 2, "bob's reading does not mark cleo's")
  t.equal(await unreadThreadCount(cleo), 1)
  t.equal(await unreadThreadCount(bob), 0)
})

t.test('deleted posts are not unread, and a post of another thread cannot be marked', async (t) => {
  const { ada, bob, open } = await setUp(t)
  const one = await open(ada, 'One')
  const two = await open(ada, 'Two')
  const reply = await replyToThread(ada, one.thread.id, 'Soon deleted')
  await deletePost(ada, reply.id)
  t.equal(await unreadOf(bob, one.thread.id), 1, 'only the opening post is unread')
  await t.rejects(markRead(bob, one.thread.id, two.post.id), { code: 'KINDRED_NOT_FOUND' })
  t.equal(await unreadThreadCount(bob), 2)
})

t.test('the thread list has an excerpt of each opening post, as plain text', async (t) => {
  const { ada, bob, open } = await setUp(t)
  const { thread, post } = await open(ada, 'Links', '**Has anyone** tried [this trial](https://example.org)?\n\n- yes\n- no')
  t.match(await listed(bob, thread.id), { title: 'Links', unread: 1, excerpt: 'Has anyone tried this trial? yes no' })
  t.match(await listed(ada, thread.id), { excerpt: 'Has anyone tried this trial? yes no' }, 'kept once made')
  await editPost(ada, post.id, 'Found it: **never mind**')
  t.match(await listed(bob, thread.id), { excerpt: 'Found it: never mind' }, 'an edit shows at once')
})

t.test('unread posts are counted up to the cap, in the same list', async (t) => {
  const { ada, bob, open } = await setUp(t)
  const { thread } = await open(ada, 'Long one')
  for (let index = 0; index < unreadPostsCap + 5; index++) await replyToThread(ada, thread.id, `Reply ${index}`)
  t.equal(await unreadOf(bob, thread.id), unreadPostsCap, 'counting stops at the cap')
  t.equal(await unreadOf(ada, thread.id), 0, 'all of them are her own')
})

t.test('an excerpt is cut at a word and says so', async (t) => {
  t.equal(plainExcerpt('short'), 'short')
  const long = plainExcerpt('word '.repeat(100), 23)
  t.equal(long, 'word word word word…')
  t.equal(plainExcerpt('# Title\n\n```\ncode here\n```'), 'Title code here')
})

t.test("a member's read marks are in their export and go with their erasure", async (t) => {
  const { ada, bob, tenant, open, marks } = await setUp(t)
  const { thread, post } = await open(ada, 'Mornings')
  await markRead(bob, thread.id, post.id)
  t.match((await exportMemberForum(tenant, bob.member.memberId)).readMarks, [{ threadId: thread.id, postId: post.id, readAt: Date }])
  await eraseMemberForum(tenant, bob.member.memberId, '[removed]')
  t.same(await marks(bob), [])
})

import t from 'tap'
import {
  buildTestHub,
  callAs,
  communityMember,
  provisionTestCommunity,
  setMember,
  tenantOf,
  type CommunityMember,
  withoutLoadShedding,
} from '@kindred/testkit'

interface Post {
  id: string
  state: string
  bodyMarkdown: string | null
  bodyHtml: string | null
}
interface Report {
  id: string
  reason: string
  reporter: { pseudonym: string }
  content: { kind: string; id: string; bodyMarkdown: string | null; author: { pseudonym: string } }
}

// Ada writes, Bo and Cy read and report, Mo moderates.
async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t, { env: withoutLoadShedding })
  await provisionTestCommunity(hub, 'fop')
  const ada = await communityMember(hub, 'fop', 'ada', { pseudonym: 'Bone Builder' })
  const bo = await communityMember(hub, 'fop', 'bo', { pseudonym: 'Quiet Reader' })
  const cy = await communityMember(hub, 'fop', 'cy', { pseudonym: 'Night Owl' })
  const mo = await communityMember(hub, 'fop', 'mo', { pseudonym: 'Kind Keeper', role: 'moderator' })
  const categoryId =
    (await callAs(hub, ada, 'GET', '/v1/c/fop/categories')).json<{ categories: Array<{ id: string }> }>().categories[0]?.id ?? ''
  const opened = (await callAs(hub, ada, 'POST', '/v1/c/fop/threads', { categoryId, title: 'Treatments', body: 'What helps you?' })).json<{
    thread: { id: string }
    post: Post
  }>()
  const reply = (
    await callAs(hub, ada, 'POST', `/v1/c/fop/threads/${opened.thread.id}/replies`, { body: 'Stop your medication, try my oil' })
  ).json<{ post: Post }>().post
  const report = (as: CommunityMember, postId: string, reason: string) =>
    callAs(hub, as, 'POST', `/v1/c/fop/posts/${postId}/reports`, { reason })
  const queue = async (query = '') =>
    (await callAs(hub, mo, 'GET', `/v1/c/fop/reports${query}`)).json<{ reports: Report[]; next: string | null }>()
  return { hub, ada, bo, cy, mo, threadId: opened.thread.id, openingId: opened.post.id, replyId: reply.id, report, queue }
}

t.test("reported posts reach the moderators' queue; hiding one resolves its reports and hides its body from members", async (t) => {
  const { hub, ada, bo, cy, mo, threadId, replyId, report, queue } = await setUp(t)
  const filed = await report(bo, replyId, 'Tells people to stop their treatment')
  t.equal(filed.statusCode, 201)
  const again = await report(bo, replyId, 'Once more')
  t.equal(again.statusCode, 200, 'reporting again while open is idempotent')
  t.same(again.json<{ report: { id: string } }>().report.id, filed.json<{ report: { id: string } }>().report.id)
  t.equal((await report(cy, replyId, 'Dangerous advice')).statusCode, 201)

  const open = await queue('?state=open')
  t.match(open, {
    reports: [
      {
        reason: 'Tells people to stop their treatment',
        reporter: { pseudonym: 'Quiet Reader' },
        content: { kind: 'post', id: replyId, bodyMarkdown: 'Stop your medication, try my oil', author: { pseudonym: 'Bone Builder' } },
      },
      { reason: 'Dangerous advice', reporter: { pseudonym: 'Night Owl' } },
    ],
    next: null,
  })

  const hidden = await callAs(hub, mo, 'POST', `/v1/c/fop/posts/${replyId}/hide`, { reason: 'Medical advice that could harm' })
  t.equal(hidden.statusCode, 200)
  t.match(hidden.json(), {
    post: { id: replyId, state: 'hidden', bodyMarkdown: 'Stop your medication, try my oil' },
    threadHidden: false,
    resolvedReports: 2,
  })
  t.same((await queue()).reports, [], 'the reports are resolved')

  const read = (await callAs(hub, bo, 'GET', `/v1/c/fop/threads/${threadId}`)).json<{ posts: Post[] }>()
  t.match(read.posts[1], { id: replyId, state: 'hidden', bodyMarkdown: null, bodyHtml: null })
  const raw = await callAs(hub, ada, 'GET', `/v1/c/fop/threads/${threadId}`)
  t.notOk(raw.body.includes('try my oil'), 'not even its author reads it in the thread')
  const asModerator = await callAs(hub, mo, 'GET', `/v1/c/fop/posts/${replyId}/moderation`)
  t.match(asModerator.json(), { post: { state: 'hidden', bodyMarkdown: 'Stop your medication, try my oil' } })
  t.equal((await callAs(hub, bo, 'GET', `/v1/c/fop/posts/${replyId}/moderation`)).statusCode, 403)

  const log = (await callAs(hub, mo, 'GET', '/v1/c/fop/moderation-log')).json<{ entries: unknown[] }>().entries
  t.match(log, [
    { action: 'hide_post', actor: { pseudonym: 'Kind Keeper' }, postId: replyId, threadId, reason: 'Medical advice that could harm' },
  ])
  const restored = await callAs(hub, mo, 'POST', `/v1/c/fop/posts/${replyId}/restore`)
  t.equal(restored.statusCode, 200)
  t.match((await callAs(hub, bo, 'GET', `/v1/c/fop/threads/${threadId}`)).json<{ posts: Post[] }>().posts[1], {
    state: 'visible',
    bodyMarkdown: 'Stop your medication, try my oil',
  })
})

t.test('hiding an opening post hides its thread from the list, from reading and from replies until restored', async (t) => {
  const { hub, bo, mo, threadId, openingId } = await setUp(t)
  const hidden = await callAs(hub, mo, 'POST', `/v1/c/fop/posts/${openingId}/hide`, { reason: 'Advertising' })
  t.match(hidden.json(), { threadHidden: true })
  t.same((await callAs(hub, bo, 'GET', '/v1/c/fop/threads')).json<{ threads: unknown[] }>().threads, [])
  t.equal((await callAs(hub, bo, 'GET', `/v1/c/fop/threads/${threadId}`)).statusCode, 404)
  t.equal((await callAs(hub, bo, 'POST', `/v1/c/fop/threads/${threadId}/replies`, { body: 'Hello?' })).statusCode, 404)
  t.equal((await callAs(hub, mo, 'POST', `/v1/c/fop/posts/${openingId}/restore`, { reason: 'Was not an ad' })).statusCode, 200)
  t.match((await callAs(hub, bo, 'GET', '/v1/c/fop/threads')).json(), { threads: [{ id: threadId }] })
})

t.test('a moderator dismisses a report once, with or without a reason; the reporter may report again later', async (t) => {
  const { hub, bo, mo, replyId, report, queue } = await setUp(t)
  const reportId = (await report(bo, replyId, 'Rude')).json<{ report: { id: string } }>().report.id
  const dismissed = await callAs(hub, mo, 'POST', `/v1/c/fop/reports/${reportId}/dismiss`)
  t.equal(dismissed.statusCode, 200)
  t.match(dismissed.json(), { report: { id: reportId, resolution: 'dismissed' } })
  t.same((await queue()).reports, [])
  t.equal((await callAs(hub, mo, 'POST', `/v1/c/fop/reports/${reportId}/dismiss`, { reason: 'again' })).statusCode, 409)
  t.equal((await callAs(hub, mo, 'POST', '/v1/c/fop/reports/999999/dismiss', {})).statusCode, 404)
  t.equal((await report(bo, replyId, 'Rude again')).statusCode, 201)
  const log = (await callAs(hub, mo, 'GET', '/v1/c/fop/moderation-log')).json<{ entries: unknown[] }>().entries
  t.match(log, [{ action: 'dismiss_report', reportId, postId: replyId, actor: { pseudonym: 'Kind Keeper' }, reason: null }])
})

t.test("a member reports a direct message they received, and nobody else's", async (t) => {
  const { hub, ada, bo, cy, mo, queue } = await setUp(t)
  const { query } = await tenantOf(hub, 'fop')
  const message = await query
    .insertInto('messages')
    .values({ sender_id: ada.memberId, recipient_id: bo.memberId, body_markdown: 'Buy my oil', body_html: '<p>Buy my oil</p>\n' })
    .returning('id')
    .executeTakeFirstOrThrow()
  const reportMessage = (as: CommunityMember) =>
    callAs(hub, as, 'POST', `/v1/c/fop/messages/${message.id}/reports`, { reason: 'Selling a cure' })
  t.equal((await reportMessage(cy)).statusCode, 404, 'not theirs to report')
  t.equal((await reportMessage(ada)).statusCode, 404, 'the sender does not report their own message')
  t.equal((await reportMessage(bo)).statusCode, 201)
  t.equal((await reportMessage(bo)).statusCode, 200)
  t.match(await queue(), {
    reports: [
      {
        reporter: { pseudonym: 'Quiet Reader' },
        content: { kind: 'message', id: message.id, threadId: null, bodyMarkdown: 'Buy my oil', author: { pseudonym: 'Bone Builder' } },
      },
    ],
  })
  t.equal((await callAs(hub, mo, 'POST', '/v1/c/fop/messages/999999/reports', { reason: 'x' })).statusCode, 404)
})

t.test('moderators hide a reported message from both its members and restore it; a message nobody reported stays private', async (t) => {
  const { hub, ada, bo, cy, mo, queue } = await setUp(t)
  const sent = async (body: string) =>
    (await callAs(hub, ada, 'POST', '/v1/c/fop/messages', { to: bo.memberId, body })).json<{ message: { id: string } }>().message.id
  const reported = await sent('Buy my oil, it cures everything')
  const unreported = await sent('See you at the meeting')
  t.equal((await callAs(hub, bo, 'POST', `/v1/c/fop/messages/${reported}/reports`, { reason: 'Selling a cure' })).statusCode, 201)

  for (const route of ['moderation', 'hide', 'restore']) {
    const method = route === 'moderation' ? 'GET' : 'POST'
    const payload = route === 'moderation' ? undefined : { reason: 'Looking' }
    t.equal(
      (await callAs(hub, mo, method, `/v1/c/fop/messages/${unreported}/${route}`, payload)).statusCode,
      404,
      `${route}: not reported, not the moderators' to read`,
    )
    t.equal(
      (await callAs(hub, cy, method, `/v1/c/fop/messages/${reported}/${route}`, payload)).statusCode,
      403,
      `${route}: members are not moderators`,
    )
  }
  t.match((await callAs(hub, mo, 'GET', `/v1/c/fop/messages/${reported}/moderation`)).json(), {
    message: { kind: 'message', id: reported, state: 'visible', bodyMarkdown: 'Buy my oil, it cures everything' },
  })

  const hidden = await callAs(hub, mo, 'POST', `/v1/c/fop/messages/${reported}/hide`, { reason: 'Promotes an unproven cure' })
  t.equal(hidden.statusCode, 200)
  t.match(hidden.json(), {
    message: { id: reported, state: 'hidden', bodyMarkdown: 'Buy my oil, it cures everything' },
    resolvedReports: 1,
  })
  t.same((await queue()).reports, [], 'its report is resolved')
  t.equal((await callAs(hub, mo, 'POST', `/v1/c/fop/messages/${reported}/hide`, { reason: 'Again' })).statusCode, 409)
  for (const member of [ada, bo]) {
    const conversation = await callAs(hub, member, 'GET', `/v1/c/fop/conversations/${member === ada ? bo.memberId : ada.memberId}`)
    t.notOk(conversation.body.includes('cures everything'), 'neither member reads it')
    t.ok(conversation.body.includes('See you at the meeting'), 'the rest of the conversation stays')
  }

  const restored = await callAs(hub, mo, 'POST', `/v1/c/fop/messages/${reported}/restore`, {})
  t.match(restored.json(), { message: { id: reported, state: 'visible' } })
  t.equal((await callAs(hub, mo, 'POST', `/v1/c/fop/messages/${reported}/restore`, {})).statusCode, 409, 'not hidden any more')
  t.ok((await callAs(hub, bo, 'GET', `/v1/c/fop/conversations/${ada.memberId}`)).body.includes('cures everything'), 'shown again')
  const log = (await callAs(hub, mo, 'GET', '/v1/c/fop/moderation-log')).json<{
    entries: Array<{ action: string; messageId: string | null; reason: string | null }>
  }>()
  t.match(log.entries.slice(0, 2), [
    { action: 'restore_message', messageId: reported, reason: null },
    { action: 'hide_message', messageId: reported, reason: 'Promotes an unproven cure' },
  ])
})

t.test('a report needs a reason and a post members can see; bad input is 400 and files nothing', async (t) => {
  const { hub, ada, bo, mo, replyId, report, queue } = await setUp(t)
  for (const payload of [
    undefined,
    {},
    { reason: '' },
    { reason: ' \n ' },
    { reason: 'x'.repeat(2001) },
    { reason: 'ok', severity: 'high' },
  ]) {
    t.equal((await callAs(hub, bo, 'POST', `/v1/c/fop/posts/${replyId}/reports`, payload)).statusCode, 400, JSON.stringify(payload))
  }
  t.equal((await report(bo, '999999', 'Missing')).statusCode, 404)
  t.equal((await report(bo, 'abc', 'Bad id')).statusCode, 400)
  t.equal((await callAs(hub, ada, 'DELETE', `/v1/c/fop/posts/${replyId}`)).statusCode, 204)
  t.equal((await report(mo, replyId, 'Deleted already')).statusCode, 404)
  t.same((await queue()).reports, [])
  for (const query of ['?state=closed', '?cursor=bm90LWEtY3Vyc29y', '?limit=100'])
    t.equal((await callAs(hub, mo, 'GET', `/v1/c/fop/reports${query}`)).statusCode, 400, query)
})

t.test('the queue is oldest first, a page at a time', async (t) => {
  const { ada, bo, cy, replyId, openingId, report, queue } = await setUp(t)
  await report(bo, replyId, 'first')
  await report(cy, replyId, 'second')
  await report(bo, openingId, 'third')
  await report(ada, replyId, 'fourth')
  const first = await queue('?limit=3')
  const second = await queue(`?limit=3&cursor=${first.next ?? ''}`)
  t.same(
    [...first.reports, ...second.reports].map((item) => item.reason),
    ['first', 'second', 'third', 'fourth'],
  )
  t.equal(second.next, null)
})

t.test('resolved reports are listed with state=resolved, newest first, with how and when each was resolved', async (t) => {
  const { hub, bo, cy, mo, replyId, openingId, report, queue } = await setUp(t)
  await report(bo, replyId, 'Dangerous advice')
  const dismissedId = (await report(cy, openingId, 'Off topic')).json<{ report: { id: string } }>().report.id
  await report(bo, openingId, 'Still open')
  t.equal((await callAs(hub, mo, 'POST', `/v1/c/fop/posts/${replyId}/hide`, { reason: 'Harmful' })).statusCode, 200)
  t.equal((await callAs(hub, mo, 'POST', `/v1/c/fop/reports/${dismissedId}/dismiss`)).statusCode, 200)

  const resolved = await queue('?state=resolved')
  t.match(resolved, {
    reports: [
      {
        id: dismissedId,
        reason: 'Off topic',
        state: 'resolved',
        resolution: 'dismissed',
        resolvedAt: /^\d{4}-/,
        reporter: { pseudonym: 'Night Owl' },
      },
      {
        reason: 'Dangerous advice',
        state: 'resolved',
        resolution: 'hidden',
        resolvedAt: /^\d{4}-/,
        content: { id: replyId, state: 'hidden' },
      },
    ],
    next: null,
  })
  t.equal(resolved.reports.length, 2)
  t.match(
    await queue(),
    { reports: [{ reason: 'Still open', state: 'open', resolution: null, resolvedAt: null }], next: null },
    'open ones by default',
  )
  const firstPage = await queue('?state=resolved&limit=1')
  const secondPage = await queue(`?state=resolved&limit=1&cursor=${firstPage.next ?? ''}`)
  t.same(
    [...firstPage.reports, ...secondPage.reports].map((item) => item.reason),
    ['Off topic', 'Dangerous advice'],
    'a page at a time',
  )
  t.equal(secondPage.next, null)
})

t.test('a member files at most 30 reports an hour', async (t) => {
  const { bo, replyId, report } = await setUp(t)
  for (let i = 0; i < 30; i++) t.ok([200, 201].includes((await report(bo, replyId, `report ${i}`)).statusCode))
  const limited = await report(bo, replyId, 'one too many')
  t.equal(limited.statusCode, 429)
  t.equal(limited.json<{ code: string }>().code, 'KINDRED_RATE_LIMITED')
})

t.test('a member whose request to join is pending cannot report', async (t) => {
  const { hub, bo, replyId, report } = await setUp(t)
  await setMember(hub, 'fop', bo.memberId, { approval: 'pending' })
  const reply = await report(bo, replyId, 'Spam')
  t.equal(reply.statusCode, 403)
  t.equal(reply.json<{ code: string }>().code, 'KINDRED_MEMBERSHIP_PENDING')
})

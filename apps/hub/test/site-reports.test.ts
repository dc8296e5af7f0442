import t from 'tap'
import {
  buildTestHub,
  csrfOf,
  foundingVisitor,
  locationOf,
  provisionTestCommunity,
  siteMember,
  siteVisitor,
  startThreadOnSite,
  tenantOf,
  type SiteVisitor,
} from '@kindred/testkit'

// Starts a thread through the site; its id and its opening post's id.
async function startThread(visitor: SiteVisitor, title: string, body: string, slug = 'fop') {
  const threadId = await startThreadOnSite(visitor, title, body, slug)
  const postId = /id="post-(\d+)"/.exec((await visitor.get(`/c/${slug}/t/${threadId}`)).body)?.[1] ?? ''
  return { threadId, postId }
}

async function replyTo(visitor: SiteVisitor, threadId: string, body: string): Promise<string> {
  const reply = await visitor.submit(`/c/fop/t/${threadId}`, { body, intent: 'post' })
  const postId = /#post-(\d+)$/.exec(locationOf(reply))?.[1]
  if (reply.statusCode !== 303 || postId === undefined) throw new Error(`replying answered ${reply.statusCode}`)
  return postId
}

async function community(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t)
  const proposal = await provisionTestCommunity(hub, 'fop')
  const moderator = await foundingVisitor(hub, proposal.moderatorIds[0] ?? '', 'Kind Keeper')
  const ada = await siteMember(hub, 'ada')
  const bea = await siteMember(hub, 'bea')
  const tenant = await tenantOf(hub, 'fop')
  const memberIdOf = async (pseudonym: string) =>
    (await tenant.query.selectFrom('members').select('member_id').where('pseudonym', '=', pseudonym).executeTakeFirstOrThrow()).member_id
  const reports = () =>
    tenant.query.selectFrom('reports').select(['id', 'reason', 'post_id', 'message_id', 'resolution']).orderBy('id').execute()
  const postHidden = async (id: string) =>
    (await tenant.query.selectFrom('posts').select('hidden_at').where('id', '=', id).executeTakeFirstOrThrow()).hidden_at !== null
  return { hub, moderator, ada, bea, tenant, memberIdOf, reports, postHidden }
}

t.test(
  'a member reports a post from its thread; bad input re-renders with errors and files nothing; the thread then thanks them',
  async (t) => {
    const { ada, bea, reports } = await community(t)
    const { threadId, postId } = await startThread(ada, 'Stopping treatment', 'Stop your *medicine*, it is all lies')

    const thread = await bea.get(`/c/fop/t/${threadId}`)
    t.match(thread.body, new RegExp(`<a href="/c/fop/report/post/${postId}" aria-label="Report the post by ada here">Report</a>`))
    t.notMatch((await ada.get(`/c/fop/t/${threadId}`)).body, /\/report\/post\//, 'nobody reports their own post')
    t.notMatch(thread.body, /\/moderate\//, 'a member has no moderation links')

    const form = await bea.get(`/c/fop/report/post/${postId}`)
    t.equal(form.statusCode, 200)
    t.match(form.body, /<h1>Report a post<\/h1>/)
    t.match(form.body, /Stop your <em>medicine<\/em>, it is all lies/, 'what is reported is shown')
    t.match(form.body, /<legend class="label">What is wrong with it\?<\/legend>/)
    t.match(form.body, /id="reason" name="reason" value="harmful_advice"/, 'the first choice carries the field id')
    t.match(form.body, new RegExp(`href="/c/fop/t/${threadId}#post-${postId}">Go back without reporting`))

    const url = `/c/fop/report/post/${postId}`
    const noReason = await bea.post(url, { _csrf: csrfOf(form), details: 'Kept <words>' })
    t.equal(noReason.statusCode, 400)
    t.match(noReason.body, /href="#reason">Choose what is wrong with it/)
    t.match(noReason.body, />\nKept &lt;words><\/textarea>|>Kept &lt;words><\/textarea>/, 'the details are kept')
    const otherBlank = await bea.post(url, { _csrf: csrfOf(form), reason: 'other', details: '  ' })
    t.equal(otherBlank.statusCode, 400)
    t.match(otherBlank.body, /href="#details">Say what is wrong with it/)
    t.match(otherBlank.body, /id="reason-other" name="reason" value="other" checked/, 'the choice is kept')
    const tooLong = await bea.post(url, { _csrf: csrfOf(form), reason: 'harassment', details: 'x'.repeat(1001) })
    t.equal(tooLong.statusCode, 400)
    t.match(tooLong.body, /href="#details">The details must be 1,000 characters or fewer/)
    const madeUp = await bea.post(url, { _csrf: csrfOf(form), reason: 'made_up', details: '' })
    t.equal(madeUp.statusCode, 400)
    const forged = await bea.post(url, { _csrf: 'forged', reason: 'harassment', details: '' })
    t.equal(forged.statusCode, 403, 'a form without its CSRF token is refused')
    t.same(await reports(), [], 'nothing was filed')

    const sent = await bea.post(url, { _csrf: csrfOf(form), reason: 'harmful_advice', details: ' Tells people to stop treatment ' })
    t.equal(sent.statusCode, 303)
    t.equal(locationOf(sent), `/c/fop/t/${threadId}?done=reported#post-${postId}`)
    t.match((await bea.get(locationOf(sent))).body, /<p class="notice" role="status">Thank you, the moderators will look at it.<\/p>/)
    t.match(await reports(), [{ reason: 'harmful_advice: Tells people to stop treatment', post_id: postId, message_id: null }])
  },
)

t.test('a member reports a message they received, and only that member', async (t) => {
  const { ada, bea, tenant, memberIdOf, reports } = await community(t)
  const adaId = await memberIdOf('ada here')
  const message = await tenant.query
    .insertInto('messages')
    .values({
      sender_id: adaId,
      recipient_id: await memberIdOf('bea here'),
      body_markdown: 'Buy my cure',
      body_html: '<p>Buy my cure</p>\n',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const url = `/c/fop/report/message/${message.id}`
  t.equal((await ada.get(url)).statusCode, 404, 'its sender has nothing to report')
  const form = await bea.get(url)
  t.equal(form.statusCode, 200)
  t.match(form.body, /<h1>Report a message<\/h1>[\s\S]*The message from ada here[\s\S]*Buy my cure/)
  t.match(form.body, new RegExp(`href="/c/fop/messages/${adaId}">Go back without reporting`))
  const sent = await bea.post(url, { _csrf: csrfOf(form), reason: 'advertising', details: '' })
  t.equal(sent.statusCode, 303)
  t.equal(locationOf(sent), `${url}?done=reported`)
  const thanks = await bea.get(locationOf(sent))
  t.match(thanks.body, /Thank you, the moderators will look at it./)
  t.match(thanks.body, new RegExp(`href="/c/fop/messages/${adaId}">Back to the conversation`))
  t.match(await reports(), [{ reason: 'advertising', message_id: message.id }])
})

t.test(
  'a moderator works through the queue: the reported content, reporter, reason and age; dismiss with a note, hide with one',
  async (t) => {
    const { moderator, ada, bea, reports, postHidden, tenant } = await community(t)
    const { threadId, postId } = await startThread(ada, 'Night pain', 'Opening words')
    const replyId = await replyTo(ada, threadId, 'Buy *my* cure at example.org')
    await bea.submit(`/c/fop/report/post/${postId}`, { reason: 'other', details: 'Off topic?' })
    await bea.submit(`/c/fop/report/post/${replyId}`, { reason: 'advertising', details: 'Selling things' })

    const queue = await moderator.get('/c/fop/moderate/reports')
    t.equal(queue.statusCode, 200)
    t.match(queue.body, /<a href="\/c\/fop\/moderate\/reports\?state=open" aria-current="page">Open<\/a>/)
    t.match(queue.body, /A post by ada here[\s\S]*Opening words[\s\S]*A post by ada here[\s\S]*Buy <em>my<\/em> cure/, 'oldest first')
    t.match(queue.body, /<dd>bea here, <time datetime="[^"]+" title="[^"]+">this minute<\/time><\/dd>/, 'who and how long ago')
    t.match(queue.body, /<strong>Something else<\/strong>\s*<span class="report-details">Off topic\?<\/span>/)
    t.match(queue.body, /<strong>Advertising or selling something<\/strong>/)
    const [first, second] = (await reports()).map((report) => report.id)

    const noNote = await moderator.post(`/c/fop/moderate/reports/${second}`, {
      _csrf: csrfOf(queue),
      note: ' ',
      action: 'hide',
      kind: 'post',
      contentId: replyId,
    })
    t.equal(noNote.statusCode, 400)
    t.match(noNote.body, new RegExp(`href="#note-${second}">Write why you hide it`))
    t.equal(await postHidden(replyId), false, 'nothing hidden')

    const dismissed = await moderator.post(`/c/fop/moderate/reports/${first}`, {
      _csrf: csrfOf(queue),
      note: 'Fine here',
      action: 'dismiss',
      kind: 'post',
      contentId: postId,
    })
    t.equal(locationOf(dismissed), '/c/fop/moderate/reports?done=dismissed')
    const hidden = await moderator.post(`/c/fop/moderate/reports/${second}`, {
      _csrf: csrfOf(queue),
      note: 'Selling a cure',
      action: 'hide',
      kind: 'post',
      contentId: replyId,
    })
    t.equal(locationOf(hidden), '/c/fop/moderate/reports?done=hidden')
    t.match((await moderator.get(locationOf(hidden))).body, /Hidden. Members no longer see it[\s\S]*There are no open reports/)
    t.match(await reports(), [{ resolution: 'dismissed' }, { resolution: 'hidden' }])
    t.match(await tenant.query.selectFrom('moderation_log').select(['action', 'reason']).orderBy('id').execute(), [
      { action: 'dismiss_report', reason: 'Fine here' },
      { action: 'hide_post', reason: 'Selling a cure' },
    ])
    const resolved = await moderator.get('/c/fop/moderate/reports?state=resolved')
    t.match(resolved.body, new RegExp(`Hidden <time[\\s\\S]*href="/c/fop/moderate/posts/${replyId}/restore">Show the post again`))
    t.match(resolved.body, /Dismissed <time/)

    const asMember = (await bea.get(`/c/fop/t/${threadId}`)).body
    t.match(asMember, /This post was hidden by a moderator./)
    t.notMatch(asMember, /my<\/em> cure/, "members never get a hidden post's text")
    const asModerator = (await moderator.get(`/c/fop/t/${threadId}`)).body
    t.match(asModerator, /<span class="badge badge-moderation">Hidden from members<\/span>[\s\S]*Buy <em>my<\/em> cure/)
    t.match(asModerator, new RegExp(`href="/c/fop/moderate/posts/${replyId}/restore" aria-label="Show again the post by ada here"`))
  },
)

t.test('a moderator hides and restores a post from its thread, and locks the thread: replies are then refused', async (t) => {
  const { moderator, ada, bea, postHidden } = await community(t)
  const { threadId, postId } = await startThread(ada, 'Night pain', 'Opening words')
  const replyId = await replyTo(bea, threadId, 'A reply to hide')

  const thread = await moderator.get(`/c/fop/t/${threadId}`)
  t.match(thread.body, new RegExp(`href="/c/fop/moderate/posts/${replyId}/hide" aria-label="Hide the post by bea here"`))
  t.match(thread.body, new RegExp(`href="/c/fop/moderate/threads/${threadId}/lock">Lock this thread`))

  const hidePage = await moderator.get(`/c/fop/moderate/posts/${replyId}/hide`)
  t.equal(hidePage.statusCode, 200)
  t.match(hidePage.body, /<h1>Hide the post<\/h1>[\s\S]*A reply to hide/)
  const noReason = await moderator.post(`/c/fop/moderate/posts/${replyId}/hide`, { _csrf: csrfOf(hidePage), reason: '' })
  t.equal(noReason.statusCode, 400)
  t.match(noReason.body, /href="#reason">Say why/)
  t.equal(await postHidden(replyId), false)
  const forged = await moderator.post(`/c/fop/moderate/posts/${replyId}/hide`, { _csrf: 'forged', reason: 'Off topic' })
  t.equal(forged.statusCode, 403)
  t.equal(await postHidden(replyId), false)

  const hid = await moderator.post(`/c/fop/moderate/posts/${replyId}/hide`, { _csrf: csrfOf(hidePage), reason: 'Off topic' })
  t.equal(locationOf(hid), `/c/fop/t/${threadId}?done=hidden#post-${replyId}`)
  t.match((await moderator.get(locationOf(hid))).body, /The post is hidden from members./)
  t.notMatch((await bea.get(`/c/fop/t/${threadId}`)).body, /A reply to hide/)

  const restored = await moderator.submit(`/c/fop/moderate/posts/${replyId}/restore`, { reason: '' })
  t.equal(locationOf(restored), `/c/fop/t/${threadId}?done=restored#post-${replyId}`)
  t.match((await bea.get(`/c/fop/t/${threadId}`)).body, /A reply to hide/)

  const hidThread = await moderator.submit(`/c/fop/moderate/posts/${postId}/hide`, { reason: 'Whole thread off topic' })
  t.equal(locationOf(hidThread), `/c/fop/moderate/posts/${postId}/restore?done=threadHidden`)
  t.match((await moderator.get(locationOf(hidThread))).body, /The post and its whole thread are hidden from members/)
  t.equal((await bea.get(`/c/fop/t/${threadId}`)).statusCode, 404, 'the thread is gone from members')
  await moderator.submit(`/c/fop/moderate/posts/${postId}/restore`, { reason: 'Back' })
  t.equal((await bea.get(`/c/fop/t/${threadId}`)).statusCode, 200)

  const locked = await moderator.submit(`/c/fop/moderate/threads/${threadId}/lock`, { reason: '' })
  t.equal(locationOf(locked), `/c/fop/t/${threadId}?done=locked`)
  const lockedPage = await bea.get(`/c/fop/t/${threadId}`)
  t.match(lockedPage.body, /This thread is locked: nobody can reply to it./)
  t.notMatch(lockedPage.body, /id="reply-title"/)
  const refused = await bea.post(`/c/fop/t/${threadId}`, { _csrf: csrfOf(lockedPage), body: 'Too late', intent: 'post' })
  t.equal(refused.statusCode, 409, 'a reply to a locked thread is refused')
  t.match(
    (await moderator.get(`/c/fop/t/${threadId}`)).body,
    new RegExp(`href="/c/fop/moderate/threads/${threadId}/unlock">Unlock this thread`),
  )
  const unlocked = await moderator.submit(`/c/fop/moderate/threads/${threadId}/unlock`, { reason: 'Calmer now' })
  t.equal(locationOf(unlocked), `/c/fop/t/${threadId}?done=unlocked`)
  t.equal((await bea.submit(`/c/fop/t/${threadId}`, { body: 'Now I can', intent: 'post' })).statusCode, 303)
})

t.test('members who do not moderate get 403 on every moderator page and action, and change nothing', async (t) => {
  const { hub, ada, bea, tenant, memberIdOf, reports, postHidden } = await community(t)
  const { threadId, postId } = await startThread(ada, 'Night pain', 'Opening words')
  const message = await tenant.query
    .insertInto('messages')
    .values({
      sender_id: await memberIdOf('ada here'),
      recipient_id: await memberIdOf('bea here'),
      body_markdown: 'Hi',
      body_html: '<p>Hi</p>\n',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await bea.submit(`/c/fop/report/post/${postId}`, { reason: 'harassment', details: '' })
  await bea.submit(`/c/fop/report/message/${message.id}`, { reason: 'harassment', details: '' })
  const [report] = await reports()
  const page = await bea.get(`/c/fop/t/${threadId}`)
  const _csrf = csrfOf(page)

  const pages = [
    '/c/fop/moderate/reports',
    '/c/fop/moderate/reports?state=resolved',
    `/c/fop/moderate/posts/${postId}/hide`,
    `/c/fop/moderate/posts/${postId}/restore`,
    `/c/fop/moderate/messages/${message.id}/hide`,
    `/c/fop/moderate/messages/${message.id}/restore`,
    `/c/fop/moderate/threads/${threadId}/lock`,
    `/c/fop/moderate/threads/${threadId}/unlock`,
  ]
  for (const url of pages) t.equal((await bea.get(url)).statusCode, 403, `GET ${url}`)
  const actions: Array<[string, Record<string, string>]> = [
    [`/c/fop/moderate/reports/${report?.id}`, { note: 'x', action: 'hide', kind: 'post', contentId: postId }],
    [`/c/fop/moderate/reports/${report?.id}`, { note: 'x', action: 'dismiss', kind: 'post', contentId: postId }],
    [`/c/fop/moderate/posts/${postId}/hide`, { reason: 'x' }],
    [`/c/fop/moderate/messages/${message.id}/hide`, { reason: 'x' }],
    [`/c/fop/moderate/threads/${threadId}/lock`, { reason: 'x' }],
  ]
  for (const [url, form] of actions) t.equal((await bea.post(url, { _csrf, ...form })).statusCode, 403, `POST ${url}`)
  t.equal(await postHidden(postId), false)
  t.match(await reports(), [{ resolution: null }, { resolution: null }], 'every report still open')
  t.match((await bea.get(`/c/fop/t/${threadId}`)).body, /id="reply-title"/, 'the thread is not locked')

  const stranger = siteVisitor(hub)
  const away = await stranger.get('/c/fop/moderate/reports')
  t.equal(away.statusCode, 303, 'signed out: sign in first')
  t.match(locationOf(away), /^\/sign-in\?next=/)
})

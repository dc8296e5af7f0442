import t from 'tap'
import {
  buildTestHub,
  csrfOf,
  locationOf,
  provisionTestCommunity,
  setMember,
  siteMember,
  tenantOf,
  type SiteVisitor,
  type TestHub,
} from '@kindred/testkit'

async function memberIdOf(hub: TestHub, slug: string, pseudonym: string): Promise<string> {
  const tenant = await tenantOf(hub, slug)
  const row = await tenant.query.selectFrom('members').select('member_id').where('pseudonym', '=', pseudonym).executeTakeFirstOrThrow()
  return row.member_id
}

async function messageCount(hub: TestHub, slug: string): Promise<number> {
  const tenant = await tenantOf(hub, slug)
  const row = await tenant.query
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

// Writes from the page a member opens to start a conversation, with that page's own token.
async function send(visitor: SiteVisitor, slug: string, to: string, body: string) {
  return visitor.submit(`/c/${slug}/messages/new?to=${to}`, { body, intent: 'post' }, `/c/${slug}/messages/${to}`)
}

t.test('members write, preview, reply and see their conversations newest first with what is unread', async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  const ada = await siteMember(hub, 'ada')
  const bea = await siteMember(hub, 'bea')
  const cyd = await siteMember(hub, 'cyd')
  const beaId = await memberIdOf(hub, 'fop', 'bea here')
  const adaId = await memberIdOf(hub, 'fop', 'ada here')

  const forum = await ada.get('/c/fop')
  t.match(forum.body, /<a href="\/c\/fop\/messages">Messages<\/a>/, 'the community page links to messages')
  t.match(forum.body, /<a href="\/c\/fop\/privacy">Your privacy here<\/a>/, 'and to the privacy choices')
  t.match((await ada.get('/c/fop/messages')).body, /You have no messages here yet/)

  const form = await ada.get(`/c/fop/messages/new?to=${beaId}`)
  t.equal(form.statusCode, 200)
  t.match(form.body, /<h1>Write to bea here<\/h1>/)
  t.match(form.body, new RegExp(`<form method="post" action="/c/fop/messages/${beaId}"`))
  const blank = await ada.post(`/c/fop/messages/${beaId}`, { _csrf: csrfOf(form), body: '  ', intent: 'post' })
  t.equal(blank.statusCode, 400)
  t.match(blank.body, /<a href="#body">Write your message<\/a>/)
  const preview = await ada.post(`/c/fop/messages/${beaId}`, {
    _csrf: csrfOf(form),
    body: 'Hello *there* <script>x()</script>',
    intent: 'preview',
  })
  t.equal(preview.statusCode, 200)
  t.match(preview.body, /<p>Hello <em>there<\/em> &lt;script&gt;x\(\)&lt;\/script&gt;<\/p>/, 'rendered, raw HTML escaped')
  t.equal(await messageCount(hub, 'fop'), 0, 'a refused form or a preview sends nothing')

  const sent = await ada.post(`/c/fop/messages/${beaId}`, { _csrf: csrfOf(form), body: 'Hello *there*', intent: 'post' })
  t.equal(sent.statusCode, 303)
  const messageId = new RegExp(`^/c/fop/messages/${beaId}\\?sent=1#message-(\\d+)$`).exec(locationOf(sent))?.[1]
  t.ok(messageId, 'back to the conversation, at the message')
  const mine = await ada.get(`/c/fop/messages/${beaId}?sent=1`)
  t.match(mine.body, /role="status">Your message was sent\./)
  t.match(mine.body, /<h1>Conversation with bea here<\/h1>/)
  t.match(mine.body, /<p>Hello <em>there<\/em><\/p>/)
  t.notMatch(mine.body, /Report this message/, 'nobody reports their own message')

  const inbox = await bea.get('/c/fop/messages')
  t.match(
    inbox.body,
    new RegExp(
      `<a href="/c/fop/messages/${adaId}"><span class="author">ada here</span></a> <span class="badge unread">1 unread message</span>`,
    ),
  )
  t.match(inbox.body, /ada here wrote: Hello \*there\*/)
  const conversation = await bea.get(`/c/fop/messages/${adaId}`)
  t.match(
    conversation.body,
    new RegExp(`<a href="/c/fop/report/message/${messageId}">Report this message</a>`),
    'the recipient may report it',
  )
  t.notMatch((await bea.get('/c/fop/messages')).body, /unread/, 'read once seen')

  const answered = await bea.post(`/c/fop/messages/${adaId}`, { _csrf: csrfOf(conversation), body: 'Hi ada', intent: 'post' })
  t.equal(answered.statusCode, 303)
  await send(cyd, 'fop', adaId, 'Hello from cyd')
  const list = (await ada.get('/c/fop/messages')).body
  t.match(list, /cyd here[\s\S]*bea here/, 'the most recently active first')
  t.match(list, /bea here wrote: Hi ada/)
  const both = (await ada.get(`/c/fop/messages/${beaId}`)).body
  t.match(both, /Hello <em>there<\/em>[\s\S]*Hi ada[\s\S]*Write to bea here/, 'oldest first, ending with the form to answer')
})

t.test(
  'a member who does not accept messages from industry is not written to by one who declares a relationship, until they allow it',
  async (t) => {
    const hub = await buildTestHub(t)
    await provisionTestCommunity(hub, 'fop')
    const ada = await siteMember(hub, 'ada')
    const bea = await siteMember(hub, 'bea')
    const beaId = await memberIdOf(hub, 'fop', 'bea here')
    const declared = await ada.submit('/account/disclosures', {
      action: 'add',
      organisation: 'Acme Pharma',
      nature: 'employment',
      since: '',
    })
    t.equal(declared.statusCode, 303)

    const notice = await ada.get(`/c/fop/messages/new?to=${beaId}`)
    t.equal(notice.statusCode, 403)
    t.match(notice.body, /bea here has chosen not to receive messages from people who work for industry/)
    t.notMatch(notice.body, /name="body"/, 'no form to write in vain')
    const refused = await send(ada, 'fop', beaId, 'About our trial')
    t.equal(refused.statusCode, 403)
    t.match(refused.body, /<a href="#body">Your message was not sent: bea here has chosen not to receive messages/)
    t.match(refused.body, />\s*About our trial<\/textarea>/, 'what was written is kept')
    t.equal(await messageCount(hub, 'fop'), 0)

    const privacy = await bea.get('/c/fop/privacy')
    t.equal(privacy.statusCode, 200)
    t.match(privacy.body, /<legend>Who can send you messages\?<\/legend>/)
    t.match(privacy.body, /id="profileVisibility" name="profileVisibility" value="members" checked/)
    t.match(privacy.body, /id="contactIndustry" name="contactIndustry" type="checkbox" value="yes"\/>/, 'industry not allowed by default')
    const missing = await bea.post('/c/fop/privacy', { _csrf: csrfOf(privacy), contactIndustry: 'yes' })
    t.equal(missing.statusCode, 400)
    t.match(missing.body, /<a href="#profileVisibility">Choose who can see your profile<\/a>/)
    t.match(missing.body, /id="contactIndustry" name="contactIndustry" type="checkbox" value="yes" checked/, 'the ticked box stays ticked')
    const tenant = await tenantOf(hub, 'fop')
    const row = () => tenant.query.selectFrom('members').selectAll().where('member_id', '=', beaId).executeTakeFirstOrThrow()
    t.equal((await row()).contact_industry, false, 'nothing changed')

    const saved = await bea.post('/c/fop/privacy', {
      _csrf: csrfOf(privacy),
      profileVisibility: 'moderators',
      contactIndustry: 'yes',
      countedInStatistics: 'yes',
    })
    t.equal(saved.statusCode, 303)
    t.equal(locationOf(saved), '/c/fop/privacy?saved=1')
    const after = await bea.get('/c/fop/privacy?saved=1')
    t.match(after.body, /Your privacy choices are saved\./)
    t.match(after.body, /value="moderators" checked/)
    t.match(after.body, /id="contactIndustry" name="contactIndustry" type="checkbox" value="yes" checked/)
    t.match(after.body, /id="listedInDirectory" name="listedInDirectory" type="checkbox" value="yes" aria/, 'unticked is no')
    const stored = await row()
    t.same(
      [
        stored.profile_visibility,
        stored.listed_in_directory,
        stored.contact_researchers,
        stored.contact_industry,
        stored.counted_in_statistics,
      ],
      ['moderators', false, false, true, true],
    )

    t.equal((await ada.get(`/c/fop/messages/new?to=${beaId}`)).statusCode, 200, 'the choice takes effect at once')
    const delivered = await send(ada, 'fop', beaId, 'About our trial')
    t.equal(delivered.statusCode, 303)
    t.equal(await messageCount(hub, 'fop'), 1)
  },
)

t.test('forms without their token are refused and change nothing', async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  const ada = await siteMember(hub, 'ada')
  await siteMember(hub, 'bea')
  const beaId = await memberIdOf(hub, 'fop', 'bea here')
  const forged = await ada.post(`/c/fop/messages/${beaId}`, { _csrf: 'forged', body: 'Hello', intent: 'post' })
  t.equal(forged.statusCode, 403)
  const none = await ada.post(`/c/fop/messages/${beaId}`, { body: 'Hello', intent: 'post' })
  t.equal(none.statusCode >= 400 && none.statusCode < 500, true)
  t.equal(await messageCount(hub, 'fop'), 0)
  const privacy = await ada.post('/c/fop/privacy', { _csrf: 'forged', profileVisibility: 'moderators' })
  t.equal(privacy.statusCode, 403)
  t.match((await ada.get('/c/fop/privacy')).body, /value="members" checked/, 'the choices are as they were')
})

t.test('a conversation of another community is not found, nor is a member who left, was banned or is oneself', async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  await provisionTestCommunity(hub, 'alstrom')
  const ada = await siteMember(hub, 'ada', ['fop', 'alstrom'])
  const bea = await siteMember(hub, 'bea')
  const cyd = await siteMember(hub, 'cyd', ['alstrom'])
  const beaId = await memberIdOf(hub, 'fop', 'bea here')
  const adaId = await memberIdOf(hub, 'fop', 'ada here')
  t.equal((await send(bea, 'fop', adaId, 'Only in fop')).statusCode, 303)

  t.equal((await ada.get(`/c/alstrom/messages/${beaId}`)).statusCode, 404, "another community's conversation")
  t.equal((await ada.get(`/c/alstrom/messages/new?to=${beaId}`)).statusCode, 404)
  t.equal((await ada.submit('/c/alstrom/messages', {}, `/c/alstrom/messages/${beaId}`)).statusCode, 400, 'a form with no message')
  t.equal((await send(ada, 'alstrom', beaId, 'Hello')).statusCode, 404)
  t.notMatch((await ada.get('/c/alstrom/messages')).body, /bea here/)
  t.equal((await ada.get(`/c/fop/messages/new?to=${adaId}`)).statusCode, 404, 'no conversation with oneself')
  const malformed = await ada.get('/c/fop/messages/not-a-member')
  t.equal(malformed.statusCode, 400)
  t.match(malformed.body, /Page not found/, 'a malformed address reads as one that does not exist')
  const outsider = await cyd.get('/c/fop/messages')
  t.equal(outsider.statusCode, 303, 'who is not a member goes to the community page')
  t.equal(locationOf(outsider), '/c/fop')

  await setMember(hub, 'fop', beaId, { banned: true })
  const gone = await ada.get(`/c/fop/messages/${beaId}`)
  t.equal(gone.statusCode, 200, 'the conversation can still be read')
  t.match(gone.body, /bea here can no longer receive messages in this community/)
  const refused = await ada.post(`/c/fop/messages/${beaId}`, { _csrf: csrfOf(gone), body: 'Still there?', intent: 'post' })
  t.equal(refused.statusCode, 404)
  t.match(refused.body, /Your message was not sent: bea here can no longer receive messages/)
  t.equal(await messageCount(hub, 'fop'), 1)
})

t.test('a member over the messages limit sees why, keeps what they wrote, and nothing is sent', async (t) => {
  const hub = await buildTestHub(t, { env: { KINDRED_LIMIT_MESSAGES_PER_MEMBER: '1/10m' } })
  await provisionTestCommunity(hub, 'fop')
  const ada = await siteMember(hub, 'ada')
  await siteMember(hub, 'bea')
  const beaId = await memberIdOf(hub, 'fop', 'bea here')
  t.equal((await send(ada, 'fop', beaId, 'First')).statusCode, 303)
  const limited = await send(ada, 'fop', beaId, 'Second, kept')
  t.equal(limited.statusCode, 429)
  t.match(limited.body, /<a href="#body">Your message was not sent because you have sent many messages in a short time\. Wait 10 minutes/)
  t.match(limited.body, />\s*Second, kept<\/textarea>/)
  t.equal(await messageCount(hub, 'fop'), 1)
})

t.test('a sender deletes their own message after a confirmation; its place stays, its words go for both', async (t) => {
  const hub = await buildTestHub(t)
  await provisionTestCommunity(hub, 'fop')
  const ada = await siteMember(hub, 'ada')
  const bea = await siteMember(hub, 'bea')
  const cyd = await siteMember(hub, 'cyd')
  const adaId = await memberIdOf(hub, 'fop', 'ada here')
  const beaId = await memberIdOf(hub, 'fop', 'bea here')
  const sent = await send(ada, 'fop', beaId, 'Sent to the wrong person')
  const messageId = /#message-(\d+)$/.exec(locationOf(sent))?.[1] ?? ''
  const deletePath = `/c/fop/messages/${beaId}/${messageId}/delete`

  t.match(
    (await ada.get(`/c/fop/messages/${beaId}`)).body,
    new RegExp(`href="${deletePath}" aria-label="Delete your message of [^"]+">Delete</a>`),
  )
  t.notMatch((await bea.get(`/c/fop/messages/${adaId}`)).body, /\/delete"/, 'the recipient has no such link')
  t.equal((await bea.get(`/c/fop/messages/${adaId}/${messageId}/delete`)).statusCode, 403, 'nor may they delete it')
  t.equal((await cyd.get(`/c/fop/messages/${beaId}/${messageId}/delete`)).statusCode, 404, 'someone else: no such message')
  t.equal((await ada.get(`/c/fop/messages/${adaId}/${messageId}/delete`)).statusCode, 404, 'in another conversation: no such message')

  const confirm = await ada.get(deletePath)
  t.equal(confirm.statusCode, 200)
  t.match(confirm.body, /<h1>Delete your message\?<\/h1>/)
  t.match(confirm.body, /Sent to the wrong person/, 'shows what goes')
  t.equal((await ada.post(deletePath, {})).statusCode, 403, 'a form without its token is refused')
  t.match((await bea.get(`/c/fop/messages/${adaId}`)).body, /Sent to the wrong person/, 'asking deletes nothing')

  const deleted = await ada.post(deletePath, { _csrf: csrfOf(confirm) })
  t.equal(deleted.statusCode, 303)
  t.equal(locationOf(deleted), `/c/fop/messages/${beaId}?deleted=1#message-${messageId}`)
  t.match((await ada.get(locationOf(deleted).split('#')[0] ?? '')).body, /Your message was deleted\./)
  const read = await bea.get(`/c/fop/messages/${adaId}`)
  t.notMatch(read.body, /Sent to the wrong person/)
  t.match(read.body, /This message was deleted by the person who sent it/)
  t.equal(locationOf(await ada.get(deletePath)), `/c/fop/messages/${beaId}#message-${messageId}`, 'nothing left to delete')
})

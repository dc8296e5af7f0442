import t from 'tap'
import {
  buildTestHub,
  csrfOf,
  foundingVisitor,
  locationOf,
  provisionTestCommunity,
  siteMember,
  siteSignUp,
  siteVisitor,
  tenantOf,
  type SiteVisitor,
} from '@kindred/testkit'

/** A community where moderators approve newcomers, with its owner and moderator signed in. */
async function moderated(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t)
  const proposal = await provisionTestCommunity(hub, 'fop', { joinApproval: true })
  const owner = await foundingVisitor(hub, proposal.founderId, 'Founder Fran')
  const moderator = await foundingVisitor(hub, proposal.moderatorIds[0] ?? '', 'Kind Keeper')
  const tenant = await tenantOf(hub, 'fop')
  const memberIdOf = async (pseudonym: string) =>
    (await tenant.query.selectFrom('members').select('member_id').where('pseudonym', '=', pseudonym).executeTakeFirstOrThrow()).member_id
  const log = () => tenant.query.selectFrom('moderation_log').select(['action', 'member_id', 'reason']).orderBy('id').execute()
  return { hub, owner, moderator, tenant, memberIdOf, log }
}

const takesPart = async (visitor: SiteVisitor) => (await visitor.get('/c/fop')).body.includes('You take part here')

t.test('moderators approve and decline requests to join; each applicant then stands where the decision puts them', async (t) => {
  const { hub, moderator, memberIdOf, log } = await moderated(t)
  const ada = await siteMember(hub, 'ada')
  const bea = await siteMember(hub, 'bea')
  t.equal(await takesPart(ada), false, 'waiting first')

  const forum = await moderator.get('/c/fop')
  t.match(forum.body, /<a href="\/c\/fop\/moderate">Moderate<\/a>/, 'moderators find their pages from the community')
  const home = await moderator.get('/c/fop/moderate')
  t.equal(home.statusCode, 200)
  t.match(home.body, /2 requests to join/)
  t.match(home.body, /No open reports/)
  t.match(home.body, /href="\/c\/fop\/moderate\/reports"/)

  const queue = await moderator.get('/c/fop/moderate/join-requests')
  t.match(queue.body, /<h2>ada here<\/h2>[\s\S]*<h2>bea here<\/h2>/, 'oldest first')
  const adaId = await memberIdOf('ada here')
  const beaId = await memberIdOf('bea here')
  const approved = await moderator.post(`/c/fop/moderate/join-requests/${adaId}/approve`, { _csrf: csrfOf(queue) })
  t.equal(approved.statusCode, 303)
  t.equal(locationOf(approved), '/c/fop/moderate/join-requests?done=approved')
  t.equal(await takesPart(ada), true, 'approved: ada takes part at once')
  const again = await moderator.post(`/c/fop/moderate/join-requests/${adaId}/approve`, { _csrf: csrfOf(queue) })
  t.equal(locationOf(again), '/c/fop/moderate/join-requests?done=decidedAlready', 'deciding twice says so, and changes nothing')

  const declineForm = await moderator.get(`/c/fop/moderate/join-requests/${beaId}/decline`)
  t.match(declineForm.body, /<h1>Decline the request from bea here<\/h1>/)
  const noReason = await moderator.post(`/c/fop/moderate/join-requests/${beaId}/decline`, { _csrf: csrfOf(declineForm), reason: '   ' })
  t.equal(noReason.statusCode, 400)
  t.match(noReason.body, /href="#reason">Enter why you decline this request/)
  t.match((await bea.get('/c/fop')).body, /Your request to join is waiting/, 'nothing decided yet')
  const declined = await moderator.post(`/c/fop/moderate/join-requests/${beaId}/decline`, {
    _csrf: csrfOf(declineForm),
    reason: 'This community is for people with FOP',
  })
  t.equal(locationOf(declined), '/c/fop/moderate/join-requests?done=declined')
  const after = await moderator.get(locationOf(declined))
  t.match(after.body, /role="status">The request was declined\./)
  t.match(after.body, /Nobody is waiting to join/)
  t.match((await bea.get('/c/fop')).body, /Join this community/, 'declined: bea is no member, and may ask again')
  t.same(
    (await log()).map(({ action, member_id, reason }) => [action, member_id, reason]),
    [
      ['approve_member', adaId, null],
      ['decline_member', beaId, 'This community is for people with FOP'],
    ],
  )
})

t.test('moderators ban and unban after a confirmation; a ban needs its reason', async (t) => {
  const { hub, moderator, memberIdOf, tenant } = await moderated(t)
  const ada = await siteMember(hub, 'ada')
  const adaId = await memberIdOf('ada here')
  await tenant.query.updateTable('members').set({ approval: 'approved' }).where('member_id', '=', adaId).execute()

  const members = await moderator.get('/c/fop/moderate/members')
  t.match(members.body, /<th scope="row">ada here<\/th>\s*<td>Member<\/td>/)
  t.match(members.body, new RegExp(`href="/c/fop/moderate/members/${adaId}/ban">Ban ada here`))
  t.notMatch(members.body, /Ban Founder Fran|Ban Kind Keeper/, 'no ban offered on an owner, nor on oneself')

  const confirm = await moderator.get(`/c/fop/moderate/members/${adaId}/ban`)
  t.match(confirm.body, /<h1>Ban ada here<\/h1>/)
  const refused = await moderator.post(`/c/fop/moderate/members/${adaId}/ban`, { _csrf: csrfOf(confirm), reason: '' })
  t.equal(refused.statusCode, 400)
  t.match(refused.body, /href="#reason">Enter why you ban this member/)
  t.equal(await takesPart(ada), true, 'nothing changed')
  const tooLong = await moderator.post(`/c/fop/moderate/members/${adaId}/ban`, { _csrf: csrfOf(confirm), reason: 'x'.repeat(2001) })
  t.match(tooLong.body, /The reason must be 2,000 characters or fewer/)

  const banned = await moderator.post(`/c/fop/moderate/members/${adaId}/ban`, { _csrf: csrfOf(confirm), reason: 'Selling cures' })
  t.equal(locationOf(banned), '/c/fop/moderate/members?done=banned')
  t.match((await ada.get('/c/fop')).body, /You are banned from this community/)
  const listed = await moderator.get('/c/fop/moderate/members?done=banned')
  t.match(listed.body, /role="status">The member is banned\./)
  t.match(listed.body, /<strong>Banned since<\/strong>/)
  t.match(listed.body, new RegExp(`href="/c/fop/moderate/members/${adaId}/unban">Lift the ban on ada here`))

  const unbanForm = await moderator.get(`/c/fop/moderate/members/${adaId}/unban`)
  const unbanned = await moderator.post(`/c/fop/moderate/members/${adaId}/unban`, { _csrf: csrfOf(unbanForm), reason: '' })
  t.equal(locationOf(unbanned), '/c/fop/moderate/members?done=unbanned', 'lifting a ban needs no reason')
  t.equal(await takesPart(ada), true)
})

t.test('owners appoint and remove moderators; a name nobody uses re-renders the form', async (t) => {
  const { hub, owner, moderator, memberIdOf, tenant } = await moderated(t)
  const ada = await siteMember(hub, 'ada')
  const adaId = await memberIdOf('ada here')
  await tenant.query.updateTable('members').set({ approval: 'approved' }).where('member_id', '=', adaId).execute()

  const page = await owner.get('/c/fop/moderate/moderators')
  t.equal(page.statusCode, 200)
  t.match(page.body, /<h3>Kind Keeper<\/h3>/)
  const nobody = await owner.post('/c/fop/moderate/moderators/appoint', { _csrf: csrfOf(page), pseudonym: 'Nobody Known', reason: '' })
  t.equal(nobody.statusCode, 400)
  t.match(nobody.body, /href="#pseudonym">No member uses the name “Nobody Known” here/)
  t.match(nobody.body, /id="pseudonym" name="pseudonym" type="text" value="Nobody Known"/, 'what was typed is kept')
  const already = await owner.post('/c/fop/moderate/moderators/appoint', { _csrf: csrfOf(page), pseudonym: 'kind keeper', reason: '' })
  t.match(already.body, /Kind Keeper is a moderator already/)

  const appointed = await owner.post('/c/fop/moderate/moderators/appoint', {
    _csrf: csrfOf(page),
    pseudonym: '  ADA   here ',
    reason: 'Volunteered',
  })
  t.equal(locationOf(appointed), '/c/fop/moderate/moderators?done=appointed')
  t.equal((await ada.get('/c/fop/moderate')).statusCode, 200, 'ada moderates now')
  t.match((await owner.get('/c/fop/moderate/moderators')).body, /<h3>ada here<\/h3>/)

  const removed = await owner.post(`/c/fop/moderate/moderators/${adaId}/remove`, { _csrf: csrfOf(page) })
  t.equal(locationOf(removed), '/c/fop/moderate/moderators?done=removed')
  t.equal((await ada.get('/c/fop/moderate')).statusCode, 403, 'and no longer')
  t.equal(
    (await moderator.get('/c/fop/moderate')).body.includes('href="/c/fop/moderate/moderators"'),
    false,
    'moderators do not see the owners’ page',
  )
})

t.test('an owner offers ownership to a moderator, who accepts it from their moderation home', async (t) => {
  const { owner, moderator } = await moderated(t)
  const page = await owner.get('/c/fop/moderate/moderators')
  const keeperId = /\/moderators\/([0-9a-f-]{36})\/offer-ownership/.exec(page.body)?.[1] ?? ''
  const offered = await owner.post(`/c/fop/moderate/moderators/${keeperId}/offer-ownership`, { _csrf: csrfOf(page) })
  t.equal(locationOf(offered), '/c/fop/moderate/moderators?done=offered')
  t.match((await owner.get('/c/fop/moderate/moderators')).body, /You offered ownership to Kind Keeper on/)
  const home = await moderator.get('/c/fop/moderate')
  t.match(home.body, /Founder Fran offers you ownership of this community/)
  const offerId = /\/ownership\/(\d+)\/accept/.exec(home.body)?.[1] ?? ''
  const accepted = await moderator.post(`/c/fop/moderate/ownership/${offerId}/accept`, { _csrf: csrfOf(home) })
  t.equal(locationOf(accepted), '/c/fop/moderate?done=accepted')
  t.equal((await moderator.get('/c/fop/moderate/moderators')).statusCode, 200, 'the new owner opens the owners’ page')
  t.equal((await owner.get('/c/fop/moderate/moderators')).statusCode, 403, 'the former owner moderates, no more')
})

t.test('settings are saved; a form without a choice re-renders with its errors and changes nothing', async (t) => {
  const { hub, moderator, tenant } = await moderated(t)
  const ada = await siteMember(hub, 'ada')
  const joinApproval = async () =>
    (await tenant.query.selectFrom('settings').select('join_approval').executeTakeFirstOrThrow()).join_approval

  const form = await moderator.get('/c/fop/moderate/settings')
  t.match(form.body, /id="joinApproval" name="joinApproval" value="on" checked/)
  const refused = await moderator.post('/c/fop/moderate/settings', { _csrf: csrfOf(form), reason: 'Kept reason' })
  t.equal(refused.statusCode, 400)
  t.match(refused.body, /href="#joinApproval">Choose how new members join/)
  t.match(refused.body, />Kept reason<\/textarea>|>\nKept reason<\/textarea>/, 'the reason is kept')
  const odd = await moderator.post('/c/fop/moderate/settings', { _csrf: csrfOf(form), joinApproval: 'maybe', reason: 'x'.repeat(2001) })
  t.equal(odd.statusCode, 400)
  t.match(odd.body, /href="#reason">The reason must be 2,000 characters or fewer/)
  t.equal(await joinApproval(), true, 'nothing changed')

  const saved = await moderator.post('/c/fop/moderate/settings', { _csrf: csrfOf(form), joinApproval: 'off', reason: 'Small enough' })
  t.equal(locationOf(saved), '/c/fop/moderate/settings?done=saved')
  t.equal(await joinApproval(), false)
  t.equal(await takesPart(ada), true, 'turning approval off lets whoever waited in')
  const shown = await moderator.get(locationOf(saved))
  t.match(shown.body, /role="status">The settings are saved\./)
  t.match(shown.body, /id="joinApproval-off" name="joinApproval" value="off" checked/)
})

t.test('moderators add, rename and describe categories; bad input re-renders and changes nothing', async (t) => {
  const { hub, moderator, tenant } = await moderated(t)
  const categories = () => tenant.query.selectFrom('categories').select(['id', 'slug', 'name', 'description']).orderBy('position').execute()
  const before = await categories()
  const page = await moderator.get('/c/fop/moderate/categories')
  t.equal(page.statusCode, 200)
  t.match(page.body, /<a href="\/c\/fop\/moderate\/categories" aria-current="page">Categories<\/a>/)
  for (const { name } of before) t.match(page.body, new RegExp(`<h2>${name}</h2>`), `lists ${name}`)

  const blank = await moderator.post('/c/fop/moderate/categories', { _csrf: csrfOf(page), name: '  ', description: 'x'.repeat(501) })
  t.equal(blank.statusCode, 400)
  t.match(blank.body, /href="#name">Enter the category’s name/)
  t.match(blank.body, /href="#description">The description must be 500 characters or fewer/)
  t.equal((await categories()).length, before.length, 'nothing added')

  for (const name of ['Événements', 'Evenements']) {
    const added = await moderator.post('/c/fop/moderate/categories', { _csrf: csrfOf(page), name, description: 'Meet-ups and calls' })
    t.equal(locationOf(added), '/c/fop/moderate/categories?done=categoryAdded')
  }
  const after = await categories()
  t.same(
    after.slice(-2).map(({ slug, name }) => [slug, name]),
    [
      ['evenements', 'Événements'],
      ['evenements-2', 'Evenements'],
    ],
    'added last, each with an address of its own',
  )
  const member = await siteMember(hub, 'ada')
  await moderator.submit(
    '/c/fop/moderate/join-requests',
    {},
    `/c/fop/moderate/join-requests/${(await tenant.query.selectFrom('members').select('member_id').where('pseudonym', '=', 'ada here').executeTakeFirstOrThrow()).member_id}/approve`,
  )
  t.match((await member.get('/c/fop/new')).body, /<option value="\d+">Événements<\/option>/, 'members can start threads in it')

  const id = after.at(-1)?.id ?? ''
  const edit = await moderator.get(`/c/fop/moderate/categories/${id}`)
  t.match(edit.body, /<h1>Change the category Evenements<\/h1>/)
  const tooLong = await moderator.post(`/c/fop/moderate/categories/${id}`, { _csrf: csrfOf(edit), name: 'y'.repeat(81), description: '' })
  t.equal(tooLong.statusCode, 400)
  t.match(tooLong.body, /The name must be 80 characters or fewer/)
  const saved = await moderator.post(`/c/fop/moderate/categories/${id}`, { _csrf: csrfOf(edit), name: 'Calls', description: 'Video calls' })
  t.equal(locationOf(saved), '/c/fop/moderate/categories?done=categorySaved')
  t.match((await categories()).at(-1), { slug: 'evenements-2', name: 'Calls', description: 'Video calls' }, 'renamed; its address stays')
  t.equal((await moderator.get('/c/fop/moderate/categories/999999')).statusCode, 404)
})

t.test('the log lists what moderators did, newest first', async (t) => {
  const { hub, owner, moderator, memberIdOf } = await moderated(t)
  await siteMember(hub, 'ada')
  const adaId = await memberIdOf('ada here')
  const queue = await moderator.get('/c/fop/moderate/join-requests')
  await moderator.post(`/c/fop/moderate/join-requests/${adaId}/approve`, { _csrf: csrfOf(queue) })
  await moderator.submit(`/c/fop/moderate/members/${adaId}/ban`, { reason: 'Selling <b>cures</b>' })
  await moderator.submit(`/c/fop/moderate/members/${adaId}/unban`, { reason: '' })
  await owner.submit('/c/fop/moderate/moderators', { pseudonym: 'ada here', reason: '' }, '/c/fop/moderate/moderators/appoint')
  await owner.submit('/c/fop/moderate/moderators', {}, `/c/fop/moderate/moderators/${adaId}/remove`)
  await moderator.submit('/c/fop/moderate/settings', { joinApproval: 'off', reason: '' })

  const log = await moderator.get('/c/fop/moderate/log')
  t.equal(log.statusCode, 200)
  const lines = [...log.body.matchAll(/<li>\s*<p>\s*<strong>([^<]+)<\/strong> ([^<]+)/g)].map((match) => `${match[1]} ${match[2]?.trim()}`)
  t.same(lines, [
    'Kind Keeper changed the settings',
    'Founder Fran made ada here a member again, no longer a moderator',
    'Founder Fran made ada here a moderator',
    'Kind Keeper lifted the ban on ada here',
    'Kind Keeper banned ada here',
    'Kind Keeper approved the request to join from ada here',
  ])
  t.match(log.body, /Reason: Selling &lt;b>cures&lt;\/b>/, 'reasons are shown, escaped')
})

t.test('non-moderators get 403 on every moderation page and form; owners’ pages are 403 for moderators; CSRF is checked', async (t) => {
  const { hub, owner, moderator, memberIdOf, log } = await moderated(t)
  const bea = await siteMember(hub, 'bea')
  const beaId = await memberIdOf('bea here')
  const ada = await siteMember(hub, 'ada')
  await moderator.submit('/c/fop/moderate/join-requests', {}, `/c/fop/moderate/join-requests/${await memberIdOf('ada here')}/approve`)
  t.equal(await takesPart(ada), true)
  t.notMatch((await ada.get('/c/fop')).body, /\/moderate"/, 'members see no Moderate link')
  const stranger = await siteSignUp(hub, 'cy')
  const entries = (await log()).length

  const pages = [
    '/c/fop/moderate',
    '/c/fop/moderate/join-requests',
    `/c/fop/moderate/join-requests/${beaId}/decline`,
    '/c/fop/moderate/members',
    `/c/fop/moderate/members/${beaId}/ban`,
    `/c/fop/moderate/members/${beaId}/unban`,
    '/c/fop/moderate/moderators',
    '/c/fop/moderate/log',
    '/c/fop/moderate/settings',
    '/c/fop/moderate/categories',
    '/c/fop/moderate/categories/1',
  ]
  const forms: Array<[string, Record<string, string>]> = [
    [`/c/fop/moderate/join-requests/${beaId}/approve`, {}],
    [`/c/fop/moderate/join-requests/${beaId}/decline`, { reason: 'No' }],
    [`/c/fop/moderate/members/${beaId}/ban`, { reason: 'No' }],
    [`/c/fop/moderate/members/${beaId}/unban`, { reason: '' }],
    ['/c/fop/moderate/moderators/appoint', { pseudonym: 'bea here', reason: '' }],
    [`/c/fop/moderate/moderators/${beaId}/remove`, {}],
    [`/c/fop/moderate/moderators/${beaId}/offer-ownership`, {}],
    ['/c/fop/moderate/moderators/offers/1/withdraw', {}],
    ['/c/fop/moderate/ownership/1/accept', {}],
    ['/c/fop/moderate/settings', { joinApproval: 'off', reason: '' }],
    ['/c/fop/moderate/categories', { name: 'Taken over', description: '' }],
    ['/c/fop/moderate/categories/1', { name: 'Taken over', description: '' }],
  ]
  for (const [who, visitor] of [
    ['a member', ada],
    ['an applicant', bea],
    ['a stranger', stranger],
  ] as const) {
    const token = csrfOf(await visitor.get('/account'))
    for (const url of pages) t.equal((await visitor.get(url)).statusCode, 403, `${who}: ${url}`)
    for (const [url, form] of forms) t.equal((await visitor.post(url, { _csrf: token, ...form })).statusCode, 403, `${who}: POST ${url}`)
  }
  const signedOut = siteVisitor(hub)
  t.equal(locationOf(await signedOut.get('/c/fop/moderate/members')), '/sign-in?next=%2Fc%2Ffop%2Fmoderate%2Fmembers')

  const token = csrfOf(await moderator.get('/c/fop/moderate'))
  t.equal((await moderator.get('/c/fop/moderate/moderators')).statusCode, 403, 'a moderator: the owners’ page')
  for (const [url, form] of forms.filter(([url]) => url.includes('/moderators/')))
    t.equal((await moderator.post(url, { _csrf: token, ...form })).statusCode, 403, `a moderator: POST ${url}`)

  const forged = await owner.post(`/c/fop/moderate/members/${beaId}/ban`, { reason: 'No token' })
  t.equal(forged.statusCode, 403, 'a form without its CSRF token is refused')
  const wrong = await owner.post(`/c/fop/moderate/join-requests/${beaId}/approve`, { _csrf: 'not-the-token' })
  t.equal(wrong.statusCode, 403)
  t.equal((await log()).length, entries, 'and nothing was done')
  t.match((await bea.get('/c/fop')).body, /Your request to join is waiting/)
})

import t from 'tap'
import { currentCharter } from '@kindred/charter'
import {
  buildTestHub,
  csrfOf,
  foundingVisitor,
  hubTasks,
  locationOf,
  provisionTestCommunity,
  runDueJobs,
  signUp,
  siteMember,
  siteStaff,
  startThreadOnSite,
  tenantOf,
  withoutLoadShedding,
} from '@kindred/testkit'

/** A live community with a member's thread, a reply, and a report of the reply; staff signed in. */
async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t, { secondPlacement: false, env: withoutLoadShedding })
  const proposal = await provisionTestCommunity(hub, 'fop')
  const owner = await foundingVisitor(hub, proposal.founderId, 'Founder Fran')
  const ada = await siteMember(hub, 'ada')
  const threadId = await startThreadOnSite(ada, 'Which splint?', 'Opening words of the thread')
  const tenant = await tenantOf(hub, 'fop')
  const opening = await tenant.query
    .selectFrom('posts')
    .select(['id', 'author_id'])
    .where('thread_id', '=', threadId)
    .executeTakeFirstOrThrow()
  const reported = await tenant.query
    .insertInto('posts')
    .values({
      thread_id: threadId,
      author_id: opening.author_id,
      body_markdown: 'The reported words',
      body_html: '<p>The reported words</p>',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const founder = await tenant.query.selectFrom('members').select('member_id').where('role', '=', 'owner').executeTakeFirstOrThrow()
  await tenant.query
    .insertInto('reports')
    .values({ reporter_id: founder.member_id, post_id: reported.id, reason: 'Harmful advice' })
    .execute()
  const staff = await siteStaff(hub, 'staffer')
  return { hub, owner, ada, tenant, threadId, openingId: opening.id, reportedId: reported.id, staff }
}

t.test('staff list communities, search and filter them, and open one', async (t) => {
  const { hub, staff } = await setUp(t)
  await provisionTestCommunity(hub, 'ehlers-danlos')
  const all = await staff.get('/staff/communities')
  t.equal(all.statusCode, 200)
  t.match(all.body, /href="\/staff\/communities\/fop"/)
  t.match(all.body, /href="\/staff\/communities\/ehlers-danlos"/)
  const found = await staff.get('/staff/communities?q=EHLERS&status=')
  t.match(found.body, /ehlers-danlos/, 'any case, by slug or name')
  t.notMatch(found.body, /href="\/staff\/communities\/fop"/)
  const archivedOnly = await staff.get('/staff/communities?status=archived')
  t.match(archivedOnly.body, /No community matches/)
  t.equal((await staff.get('/staff/communities?status=gone')).statusCode, 400, 'an unknown status is refused')
  t.equal((await staff.get('/staff/communities/no-such-place')).statusCode, 404)
  const one = await staff.get('/staff/communities/fop')
  t.equal(one.statusCode, 200)
  t.match(one.body, /Archive this community/)
  t.match(one.body, /Reported posts/)
})

t.test('staff archive and restore with a reason, and appoint an owner by pseudonym', async (t) => {
  const { hub, staff, tenant } = await setUp(t)
  const page = await staff.get('/staff/communities/fop')
  const noReason = await staff.post('/staff/communities/fop/archive', { _csrf: csrfOf(page), reason: '  ' })
  t.equal(noReason.statusCode, 400)
  t.match(noReason.body, /href="#reason">Give the reason/)
  const archived = await staff.post('/staff/communities/fop/archive', { _csrf: csrfOf(page), reason: 'Merged elsewhere' })
  t.equal(locationOf(archived), '/staff/communities/fop?done=archived')
  const after = await staff.get(locationOf(archived))
  t.match(after.body, /role="status">The community is archived\./)
  t.match(after.body, /Restore this community/)
  const events = await hub.database.db
    .selectFrom('hub.community_events')
    .select(['action', 'reason', 'actor_id'])
    .where('action', '=', 'archive')
    .execute()
  t.equal(events.length, 1)
  t.equal(events[0]?.reason, 'Merged elsewhere')
  t.equal(
    (await staff.post('/staff/communities/fop/archive', { _csrf: csrfOf(page), reason: 'again' })).statusCode,
    409,
    'archived already',
  )
  const restored = await staff.post('/staff/communities/fop/restore', { _csrf: csrfOf(page), reason: 'Back by request' })
  t.equal(locationOf(restored), '/staff/communities/fop?done=restored')
  t.equal((await staff.post('/staff/communities/nowhere/archive', { _csrf: csrfOf(page), reason: 'x' })).statusCode, 404)

  const unknown = await staff.post('/staff/communities/fop/owner', { _csrf: csrfOf(page), pseudonym: 'Nobody', ownerReason: 'x' })
  t.equal(unknown.statusCode, 400)
  t.match(unknown.body, /href="#pseudonym">No member of this community goes by this pseudonym/)
  const noWhy = await staff.post('/staff/communities/fop/owner', { _csrf: csrfOf(page), pseudonym: 'ada here', ownerReason: '' })
  t.equal(noWhy.statusCode, 400)
  t.match(noWhy.body, /href="#ownerReason">Give the reason/)
  const appointed = await staff.post('/staff/communities/fop/owner', {
    _csrf: csrfOf(page),
    pseudonym: 'ada here',
    ownerReason: 'Chosen by the group',
  })
  t.equal(locationOf(appointed), '/staff/communities/fop?done=appointed')
  const ada = await tenant.query.selectFrom('members').select('role').where('pseudonym', '=', 'ada here').executeTakeFirstOrThrow()
  t.equal(ada.role, 'owner')
  t.match(
    (await staff.get('/staff/communities/fop')).body,
    /<strong>Network staff<\/strong> made ada here an owner/,
    'the community’s log, as staff read it',
  )
})

t.test('staff read a reported post through an audited view its moderators see in their log', async (t) => {
  const { hub, owner, tenant, reportedId, openingId, staff } = await setUp(t)
  const members = async () => (await tenant.query.selectFrom('members').select('member_id').execute()).length
  const notices = async () => (await tenant.query.selectFrom('notifications').select('id').execute()).length
  const before = {
    members: await members(),
    marks: (await tenant.query.selectFrom('read_marks').selectAll().execute()).length,
    notices: await notices(),
  }

  const list = await staff.get('/staff/communities/fop')
  t.match(list.body, new RegExp(`href="/staff/communities/fop/posts/${reportedId}"`), 'the reported post is offered')
  t.notMatch(list.body, /The reported words/, 'never its text before the reading is recorded')
  const form = await staff.get(`/staff/communities/fop/posts/${reportedId}`)
  t.equal(form.statusCode, 200)
  t.notMatch(form.body, /The reported words/)
  const noReason = await staff.post(`/staff/communities/fop/posts/${reportedId}`, { _csrf: csrfOf(form), reason: ' ' })
  t.equal(noReason.statusCode, 400)
  t.match(noReason.body, /href="#reason">Give the reason/)
  t.equal(
    (await staff.post(`/staff/communities/fop/posts/${openingId}`, { _csrf: csrfOf(form), reason: 'Curious' })).statusCode,
    404,
    'an unreported post stays closed',
  )
  t.equal((await staff.get('/staff/communities/nowhere/posts/1')).statusCode, 404)

  const read = await staff.post(`/staff/communities/fop/posts/${reportedId}`, { _csrf: csrfOf(form), reason: 'Report of harmful advice' })
  t.equal(read.statusCode, 200)
  t.match(read.body, /The reported words/)
  t.match(read.body, /Opening words of the thread/, 'with its thread around it')
  t.match(read.body, /Harmful advice/, 'and its reports')

  const log = await tenant.query.selectFrom('moderation_log').select(['action', 'actor_id', 'actor_kind', 'post_id', 'reason']).execute()
  t.same(log, [{ action: 'staff_read_post', actor_id: null, actor_kind: 'staff', post_id: reportedId, reason: 'Report of harmful advice' }])
  const staffId = (
    await hub.database.db.selectFrom('hub.accounts').select('id').where('email', '=', 'staffer@example.org').executeTakeFirstOrThrow()
  ).id
  const lookups = await hub.database.db.selectFrom('hub.staff_lookups').select(['staff_id', 'kind', 'subject', 'reason']).execute()
  t.same(lookups, [{ staff_id: staffId, kind: 'read_post', subject: reportedId, reason: 'Report of harmful advice' }], 'the hub knows who')

  const moderatorsLog = await owner.get('/c/fop/moderate/log')
  t.match(moderatorsLog.body, /<strong>Network staff<\/strong> read a reported post to review it/)
  t.match(moderatorsLog.body, /Report of harmful advice/)
  t.notMatch(moderatorsLog.body, /staffer/, 'never named to the moderators')
  const across = await staff.get('/staff/moderation-log')
  t.equal(across.statusCode, 200)
  t.match(
    across.body,
    /<a href="\/staff\/communities\/fop">[^<]*<\/a>:\s*<strong>Network staff<\/strong> read a reported post/,
    'and in the log across communities',
  )
  t.equal((await staff.get('/staff/moderation-log?cursor=yesterday')).statusCode, 400)
  t.equal(await members(), before.members, 'staff are no member')
  t.equal((await tenant.query.selectFrom('read_marks').selectAll().execute()).length, before.marks, 'no read mark')
  t.equal(await notices(), before.notices, 'no notification')
})

t.test('the API reads a reported post the same way, and refuses without a reason', async (t) => {
  const { hub, reportedId, tenant } = await setUp(t)
  const staff = await signUp(hub, 'apistaff', { staff: true })
  const headers = { authorization: `Bearer ${staff.accessToken}` }
  const listed = await hub.app.inject({ method: 'GET', url: '/v1/admin/communities/fop/reported-posts', headers })
  t.equal(listed.statusCode, 200)
  t.equal(listed.json<{ posts: { postId: string }[] }>().posts[0]?.postId, reportedId)
  const url = `/v1/admin/communities/fop/reported-posts/${reportedId}/reading`
  t.equal((await hub.app.inject({ method: 'POST', url, headers, payload: { reason: ' ' } })).statusCode, 400)
  const read = await hub.app.inject({ method: 'POST', url, headers, payload: { reason: 'Checking' } })
  t.equal(read.statusCode, 200)
  t.equal(read.json<{ post: { bodyMarkdown: string } }>().post.bodyMarkdown, 'The reported words')
  t.equal((await tenant.query.selectFrom('moderation_log').select('action').where('action', '=', 'staff_read_post').execute()).length, 1)
  const across = await hub.app.inject({ method: 'GET', url: '/v1/admin/moderation-log?limit=10', headers })
  t.equal(across.statusCode, 200)
  t.same(
    across
      .json<{ entries: { action: string; community: { slug: string } }[] }>()
      .entries.map((entry) => [entry.community.slug, entry.action]),
    [['fop', 'staff_read_post']],
  )
})

t.test('staff find accounts by email or by pseudonym (audited), and manage roles and bans', async (t) => {
  const { hub, staff } = await setUp(t)
  const { db } = hub.database
  const search = await staff.get('/staff/accounts')
  t.equal(search.statusCode, 200)
  const bad = await staff.get('/staff/accounts?email=not-an-address')
  t.equal(bad.statusCode, 400)
  t.match(bad.body, /href="#email">Enter an email address/)
  t.equal((await staff.get('/staff/accounts?email=nobody%40example.org')).statusCode, 404)
  const adaId = (await db.selectFrom('hub.accounts').select('id').where('email', '=', 'ada@example.org').executeTakeFirstOrThrow()).id
  const byEmail = await staff.get('/staff/accounts?email=ADA%40example.org')
  t.equal(locationOf(byEmail), `/staff/accounts/${adaId}`)

  const noReason = await staff.post('/staff/accounts/lookup', { _csrf: csrfOf(search), slug: 'fop', pseudonym: 'ada here', reason: '' })
  t.equal(noReason.statusCode, 400)
  t.match(noReason.body, /href="#reason">Give the reason/)
  t.equal((await hub.database.db.selectFrom('hub.staff_lookups').selectAll().execute()).length, 0, 'nothing linked, nothing recorded')
  const unknown = await staff.post('/staff/accounts/lookup', {
    _csrf: csrfOf(search),
    slug: 'fop',
    pseudonym: 'Nobody',
    reason: 'Legal request',
  })
  t.equal(unknown.statusCode, 404)
  t.equal(
    (await staff.post('/staff/accounts/lookup', { _csrf: csrfOf(search), slug: 'nowhere', pseudonym: 'ada here', reason: 'x' })).statusCode,
    404,
  )
  const found = await staff.post('/staff/accounts/lookup', {
    _csrf: csrfOf(search),
    slug: 'fop',
    pseudonym: 'ada here',
    reason: 'Legal request 14',
  })
  t.equal(locationOf(found), `/staff/accounts/${adaId}`)
  const lookups = await db.selectFrom('hub.staff_lookups').select(['kind', 'reason']).execute()
  t.same(lookups, [{ kind: 'find_member', reason: 'Legal request 14' }], 'linking a pseudonym to a person is recorded')

  const account = await staff.get(`/staff/accounts/${adaId}`)
  t.equal(account.statusCode, 200)
  t.match(account.body, /ada@example.org/)
  t.match(account.body, /href="\/staff\/communities\/fop"/, 'its communities')
  t.notMatch(account.body, /ada here/, 'not its pseudonyms')
  t.equal((await staff.get('/staff/accounts/00000000-0000-4000-8000-000000000000')).statusCode, 404)

  const badRole = await staff.post(`/staff/accounts/${adaId}/roles`, { _csrf: csrfOf(account), role: 'staff' })
  t.equal(badRole.statusCode, 400, 'staff is an operator’s to grant')
  const granted = await staff.post(`/staff/accounts/${adaId}/roles`, { _csrf: csrfOf(account), role: 'industry' })
  t.equal(locationOf(granted), `/staff/accounts/${adaId}?done=granted`)
  const grantedPage = (await staff.get(locationOf(granted))).body
  t.match(grantedPage, /<li>Industry granted · network staff · <time/, 'the role by its name, who granted it and when')
  t.match(grantedPage, /<option value="health_professional">Health professional<\/option>/, 'roles to grant by their names')
  t.match(grantedPage, /Disease fop<\/a> · Live · member since <time/, 'its communities, each with its status')
  const revoked = await staff.post(`/staff/accounts/${adaId}/roles/industry/revoke`, { _csrf: csrfOf(account) })
  t.equal(locationOf(revoked), `/staff/accounts/${adaId}?done=revoked`)

  const banNoReason = await staff.post(`/staff/accounts/${adaId}/ban`, { _csrf: csrfOf(account), reason: '' })
  t.equal(banNoReason.statusCode, 400)
  t.match(banNoReason.body, /href="#reason">Give the reason/)
  const banned = await staff.post(`/staff/accounts/${adaId}/ban`, { _csrf: csrfOf(account), reason: 'Spam across communities' })
  t.equal(locationOf(banned), `/staff/accounts/${adaId}?done=banned`)
  const bannedPage = await staff.get(locationOf(banned))
  t.match(bannedPage.body, /banned from the whole network/)
  t.match(bannedPage.body, /Spam across communities/)
  const unbanned = await staff.post(`/staff/accounts/${adaId}/unban`, { _csrf: csrfOf(account), reason: 'Appeal granted' })
  t.equal(locationOf(unbanned), `/staff/accounts/${adaId}?done=unbanned`)
})

t.test('staff preview a new charter with its diff, publish it, and members are asked to accept it', async (t) => {
  const { hub, ada, staff } = await setUp(t)
  const inForce = await currentCharter(hub.database.db)
  const askedToAccept = /<p class="notice">[^<]*<a href="\/c\/fop\/charter">/
  t.notMatch((await ada.get('/c/fop')).body, askedToAccept, 'nothing to accept before')
  const page = await staff.get('/staff/charter')
  t.equal(page.statusCode, 200)
  t.match(page.body, new RegExp(`Version ${inForce.version} in force`))
  const empty = await staff.post('/staff/charter/preview', { _csrf: csrfOf(page), text: '  ' })
  t.equal(empty.statusCode, 400)
  t.match(empty.body, /href="#text">Write the charter/)
  const same = await staff.post('/staff/charter/preview', { _csrf: csrfOf(page), text: inForce.text })
  t.equal(same.statusCode, 400)
  t.match(same.body, /This is the version in force/)

  const proposed = `${inForce.text}\n## Kindness\n\nBe **patient** with newcomers.\n`
  const preview = await staff.post('/staff/charter/preview', { _csrf: csrfOf(page), text: proposed.replaceAll('\n', '\r\n') })
  t.equal(preview.statusCode, 200)
  t.match(preview.body, /<ins>[^<]*## Kindness/, 'the diff marks what is added')
  t.notMatch(preview.body, /<del>/, 'nothing removed')
  t.match(preview.body, /<strong>patient<\/strong>/, 'the preview renders as members read it')
  t.equal((await currentCharter(hub.database.db)).version, inForce.version, 'a preview publishes nothing')

  const published = await staff.post('/staff/charter', { _csrf: csrfOf(preview), text: proposed })
  t.equal(locationOf(published), '/staff/charter?done=published')
  const now = await currentCharter(hub.database.db)
  t.equal(now.version, inForce.version + 1)
  t.equal(now.text, proposed)
  await runDueJobs(hub.database.pool, hubTasks(hub))
  t.match((await ada.get('/c/fop')).body, askedToAccept, 'members are asked to accept it on their next visit')
  t.match((await ada.get('/c/fop/charter')).body, new RegExp(`value="${now.version}"`))
})

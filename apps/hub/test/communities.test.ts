import { sql } from 'kysely'
import t from 'tap'
import { kindredTasks } from '@kindred/jobs'
import { createPlacements } from '@kindred/community'
import { communityProvisionJob, provisionCommunity } from '@kindred/tenancy'
import { buildTestHub, freePort, insertProposal, queuedJobs, runDueJobs, signUp, type TestHub, taskDependencies } from '@kindred/testkit'

async function liveCommunity(hub: TestHub, slug: string, languages = ['en']): Promise<void> {
  const proposal = await insertProposal(hub.database.db, { slug, languages, moderators: 1, members: 0 })
  await provisionCommunity({ db: hub.database.db, placements: hub.placements, logger: hub.logs.logger }, proposal.proposalId)
}

// A community whose provisioning gave up, as the job leaves it after its last attempt.
async function failedCommunity(hub: TestHub, slug: string): Promise<void> {
  const proposal = await insertProposal(hub.database.db, { slug, status: 'provisioning' })
  await hub.database.db
    .insertInto('hub.communities')
    .values({
      slug,
      proposal_id: proposal.proposalId,
      name: proposal.diseaseName,
      disease_name: proposal.diseaseName,
      disease_key: proposal.diseaseName.toLowerCase(),
      languages: ['en'],
      description: 'failed',
      status: 'provisioning_failed',
    })
    .execute()
  await sql`update hub.communities set provisioning_error = 'connect ECONNREFUSED 10.0.0.7:5432' where slug = ${slug}`.execute(
    hub.database.db,
  )
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

t.test('the directory lists live communities only, by slug, a page at a time, with search and language filters', async (t) => {
  const hub = await buildTestHub(t)
  await liveCommunity(hub, 'charcot-marie-tooth', ['en', 'fr'])
  await liveCommunity(hub, 'alkaptonuria', ['fr'])
  await liveCommunity(hub, 'fop-50-percent', ['en'])
  await liveCommunity(hub, 'to-archive', ['en'])
  await hub.database.db.updateTable('hub.communities').set({ status: 'archived' }).where('slug', '=', 'to-archive').execute()
  await failedCommunity(hub, 'not-yet')

  const list = async (query: string) => {
    const reply = await hub.app.inject({ url: `/v1/communities${query}` })
    t.equal(reply.statusCode, 200, `${query} ${reply.body}`)
    return reply.json<{ communities: Array<{ slug: string }>; next: string | null }>()
  }
  const all = await list('')
  t.same(
    all.communities.map((community) => community.slug),
    ['alkaptonuria', 'charcot-marie-tooth', 'fop-50-percent'],
  )
  t.equal(all.next, null)
  t.same(
    Object.keys(all.communities[0] ?? {}).sort(),
    ['alsoKnownAs', 'description', 'diseaseName', 'languages', 'name', 'orphaCode', 'slug'],
    'no placement, schema or counts',
  )

  const first = await list('?limit=2')
  t.same(
    first.communities.map((community) => community.slug),
    ['alkaptonuria', 'charcot-marie-tooth'],
  )
  t.equal(first.next, 'charcot-marie-tooth')
  const second = await list(`?limit=2&cursor=${first.next ?? ''}`)
  t.same(
    second.communities.map((community) => community.slug),
    ['fop-50-percent'],
  )
  t.equal(second.next, null)

  t.same(
    (await list('?q=CHARCOT')).communities.map((community) => community.slug),
    ['charcot-marie-tooth'],
    'search ignores case',
  )
  t.same(
    (await list('?q=50')).communities.map((community) => community.slug),
    ['fop-50-percent'],
  )
  t.same((await list('?q=50%25')).communities, [], '% is a character, not a wildcard')
  t.same((await list('?q=_')).communities, [], '_ is a character, not a wildcard')
  t.same(
    (await list('?language=fr')).communities.map((community) => community.slug),
    ['alkaptonuria', 'charcot-marie-tooth'],
  )

  for (const query of ['?status=live', '?limit=0', '?limit=101', '?language=french', '?cursor=NOT A SLUG', '?after=NOT A SLUG']) {
    t.equal((await hub.app.inject({ url: `/v1/communities${query}` })).statusCode, 400, query)
  }
})

t.test('the directory still takes after, deprecated, for one release: the same page, with Deprecation: true', async (t) => {
  const hub = await buildTestHub(t)
  await liveCommunity(hub, 'alkaptonuria')
  await liveCommunity(hub, 'fop')
  const withCursor = await hub.app.inject({ url: '/v1/communities?limit=1&cursor=alkaptonuria' })
  const withAfter = await hub.app.inject({ url: '/v1/communities?limit=1&after=alkaptonuria' })
  t.equal(withAfter.statusCode, 200)
  t.same(withAfter.json(), withCursor.json())
  t.match(withAfter.json(), { communities: [{ slug: 'fop' }], next: null })
  t.equal(withAfter.headers.deprecation, 'true')
  t.equal(withCursor.headers.deprecation, undefined)
  const both = await hub.app.inject({ url: '/v1/communities?cursor=alkaptonuria&after=alkaptonuria' })
  t.equal(both.statusCode, 400)
  t.match(both.json(), { code: 'KINDRED_VALIDATION_FAILED', message: /after is deprecated: send cursor only/ })
})

t.test('a community card answers for live and archived communities only', async (t) => {
  const hub = await buildTestHub(t)
  await liveCommunity(hub, 'fop')
  await failedCommunity(hub, 'broken')
  const card = await hub.app.inject({ url: '/v1/communities/fop' })
  t.equal(card.statusCode, 200)
  t.match(card.json(), { slug: 'fop', status: 'live', prevalenceClass: 'lt_1_per_1m', liveAt: String, archivedAt: null })
  t.notOk('placement' in card.json<object>())
  for (const slug of ['broken', 'nobody-here']) {
    const reply = await hub.app.inject({ url: `/v1/communities/${slug}` })
    t.equal(reply.statusCode, 404, slug)
    t.equal(reply.json<{ code: string }>().code, 'KINDRED_NOT_FOUND')
  }
})

t.test('staff list every community, failed ones with their error; nobody else may', async (t) => {
  const hub = await buildTestHub(t)
  const staff = await signUp(hub, 'staffer', { staff: true })
  const member = await signUp(hub, 'member')
  await liveCommunity(hub, 'fop')
  await failedCommunity(hub, 'broken')

  t.equal((await hub.app.inject({ url: '/v1/admin/communities' })).statusCode, 401)
  t.equal((await hub.app.inject({ url: '/v1/admin/communities', headers: bearer(member.accessToken) })).statusCode, 403)
  const everything = await hub.app.inject({ url: '/v1/admin/communities', headers: bearer(staff.accessToken) })
  t.equal(everything.statusCode, 200)
  t.same(
    everything.json<{ communities: Array<{ slug: string }> }>().communities.map((community) => community.slug),
    ['broken', 'fop'],
    'newest first',
  )
  const failed = await hub.app.inject({ url: '/v1/admin/communities?status=provisioning_failed', headers: bearer(staff.accessToken) })
  t.match(failed.json(), {
    communities: [
      { slug: 'broken', status: 'provisioning_failed', provisioningError: 'connect ECONNREFUSED 10.0.0.7:5432', placement: 'default' },
    ],
    next: null,
  })
  const paged = await hub.app.inject({ url: '/v1/admin/communities?limit=1', headers: bearer(staff.accessToken) })
  const { next } = paged.json<{ next: string }>()
  const rest = await hub.app.inject({ url: `/v1/admin/communities?limit=1&cursor=${next}`, headers: bearer(staff.accessToken) })
  t.same(
    rest.json<{ communities: Array<{ slug: string }> }>().communities.map((community) => community.slug),
    ['fop'],
  )
  const deprecated = await hub.app.inject({ url: `/v1/admin/communities?limit=1&after=${next}`, headers: bearer(staff.accessToken) })
  t.same(deprecated.json(), rest.json(), 'after, deprecated, still pages for one release')
  t.equal(deprecated.headers.deprecation, 'true')
  t.equal(rest.headers.deprecation, undefined)
  for (const status of ['provisioning', 'live', 'provisioning_failed', 'archived']) {
    t.equal(
      (await hub.app.inject({ url: `/v1/admin/communities?status=${status}`, headers: bearer(staff.accessToken) })).statusCode,
      200,
      status,
    )
  }
  t.equal((await hub.app.inject({ url: '/v1/admin/communities?status=gone', headers: bearer(staff.accessToken) })).statusCode, 400)
})

t.test('staff archive a live community out of the directory and restore it; other moves are refused', async (t) => {
  const hub = await buildTestHub(t)
  const staff = await signUp(hub, 'staffer', { staff: true })
  const member = await signUp(hub, 'member')
  await liveCommunity(hub, 'fop')
  const post = (url: string, token: string, payload?: object) =>
    hub.app.inject({ method: 'POST', url, headers: bearer(token), ...(payload === undefined ? {} : { payload }) })

  t.equal((await post('/v1/admin/communities/fop/archive', member.accessToken, { reason: 'no' })).statusCode, 403)
  t.equal((await post('/v1/admin/communities/fop/archive', staff.accessToken, {})).statusCode, 400, 'a reason is required')
  t.equal(
    (await post('/v1/admin/communities/fop/archive', staff.accessToken, { reason: 'x', extra: 1 })).statusCode,
    400,
    'unknown properties are refused',
  )

  const archived = await post('/v1/admin/communities/fop/archive', staff.accessToken, { reason: 'Merged into a larger community' })
  t.equal(archived.statusCode, 200)
  t.match(archived.json(), { community: { slug: 'fop', status: 'archived', archivedAt: String } })
  t.same((await hub.app.inject({ url: '/v1/communities' })).json<{ communities: unknown[] }>().communities, [], 'gone from the directory')
  t.match((await hub.app.inject({ url: '/v1/communities/fop' })).json(), { status: 'archived' }, 'its card still answers')

  const again = await post('/v1/admin/communities/fop/archive', staff.accessToken, { reason: 'twice' })
  t.equal(again.statusCode, 409)
  t.equal(again.json<{ code: string }>().code, 'KINDRED_COMMUNITY_STATUS_CONFLICT')

  const restored = await post('/v1/admin/communities/fop/restore', staff.accessToken)
  t.equal(restored.statusCode, 200)
  t.match(restored.json(), { community: { status: 'live', archivedAt: null } })
  t.equal((await post('/v1/admin/communities/fop/restore', staff.accessToken, { reason: 'again' })).statusCode, 409)
  t.equal((await post('/v1/admin/communities/nobody-here/archive', staff.accessToken, { reason: 'x' })).statusCode, 404)

  const history = await hub.database.db.selectFrom('hub.community_events').select(['action', 'actor_id', 'reason']).orderBy('id').execute()
  t.same(history, [
    { action: 'archive', actor_id: staff.accountId, reason: 'Merged into a larger community' },
    { action: 'restore', actor_id: staff.accountId, reason: null },
  ])
})

t.test('staff retry a failed provisioning: 202 and the job queued again; any other status is a 409', async (t) => {
  const hub = await buildTestHub(t)
  const staff = await signUp(hub, 'staffer', { staff: true })
  await failedCommunity(hub, 'broken')
  await liveCommunity(hub, 'fop')
  const retry = (slug: string) =>
    hub.app.inject({ method: 'POST', url: `/v1/admin/communities/${slug}/provisioning/retry`, headers: bearer(staff.accessToken) })

  const accepted = await retry('broken')
  t.equal(accepted.statusCode, 202)
  t.match(accepted.json(), { community: { slug: 'broken', status: 'provisioning', provisioningError: null } })
  const proposal = await hub.database.db
    .selectFrom('hub.communities')
    .select('proposal_id')
    .where('slug', '=', 'broken')
    .executeTakeFirstOrThrow()
  // Going live queued the incubator's mail too (for fop): only provisioning counts here.
  const provisioning = async () => (await queuedJobs(hub.database.pool)).filter(({ task }) => task === 'community__provision')
  t.match(await provisioning(), [
    { task: 'community__provision', payload: { proposalId: proposal.proposal_id }, attempts: 0, maxAttempts: 10 },
  ])

  const twice = await retry('broken')
  t.equal(twice.statusCode, 409, 'it is provisioning now')
  t.equal((await retry('fop')).statusCode, 409)
  t.equal((await retry('nobody-here')).statusCode, 404)
  t.equal((await provisioning()).length, 1, 'still one job')
})

t.test('a provisioning that failed for good shows its error to staff, and a retry through the API makes it live', async (t) => {
  // eu-2 points where nothing listens: every attempt fails to connect.
  const hub = await buildTestHub(t, { env: { KINDRED_PLACEMENTS: `eu-2=postgres://kindred:pw@127.0.0.1:${await freePort()}/kindred` } })
  const staff = await signUp(hub, 'staffer', { staff: true })
  const { db, pool } = hub.database
  const proposal = await insertProposal(db, { slug: 'late-bloomer' })
  await db.transaction().execute((trx) => communityProvisionJob.enqueue(trx, { proposalId: proposal.proposalId, placement: 'eu-2' }))
  await sql`update graphile_worker._private_jobs set attempts = max_attempts - 1`.execute(db)
  const tasks = (placements: TestHub['placements']) =>
    kindredTasks({ ...taskDependencies({ db, placements, logger: hub.logs.logger, config: hub.config }), mailer: hub.mailer })
  await runDueJobs(pool, tasks(hub.placements))

  const failed = await hub.app.inject({ url: '/v1/admin/communities?status=provisioning_failed', headers: bearer(staff.accessToken) })
  t.match(failed.json(), { communities: [{ slug: 'late-bloomer', placement: 'eu-2', provisioningError: /ECONNREFUSED/ }] })
  t.equal((await hub.app.inject({ url: '/v1/communities/late-bloomer' })).statusCode, 404, 'not public while it failed')
  const withBody = await hub.app.inject({
    method: 'POST',
    url: '/v1/admin/communities/late-bloomer/provisioning/retry',
    headers: bearer(staff.accessToken),
    payload: { force: true },
  })
  t.equal(withBody.statusCode, 400, 'the retry takes no options')

  // The operator points eu-2 at a reachable cluster and restarts the workers; staff retry.
  const hubUrl = hub.config.database.url ?? ''
  const config = { ...hub.config, placements: { ...hub.config.placements, clusters: [{ name: 'eu-2', url: hubUrl }] } }
  const fixed = createPlacements({ hubUrl, config, applicationName: 'kindred-test', logger: hub.logs.logger })
  t.teardown(() => fixed.close())
  const retried = await hub.app.inject({
    method: 'POST',
    url: '/v1/admin/communities/late-bloomer/provisioning/retry',
    headers: bearer(staff.accessToken),
  })
  t.equal(retried.statusCode, 202)
  await runDueJobs(pool, tasks(fixed))
  t.match((await hub.app.inject({ url: '/v1/communities/late-bloomer' })).json(), { slug: 'late-bloomer', status: 'live' })
  t.same(
    (await db.selectFrom('hub.community_events').select('action').orderBy('id').execute()).map((event) => event.action),
    ['provisioning_failed', 'provisioning_retry'],
  )
})

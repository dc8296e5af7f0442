import t from 'tap'
import {
  buildTestHub,
  hubTasks,
  insertBareCommunity,
  provisionTestCommunity,
  queuedJobs,
  runDueJobs,
  runJobsAndDelayed,
  signUp,
  type SignedUp,
  type TestHub,
} from '@kindred/testkit'

// A day's figures, each derived from `n` so that a test can tell every column and day apart.
function figures(n: number) {
  return {
    members_total: 100 + n,
    members_joined: n,
    members_left: n % 3,
    active_members_7d: 20 + n,
    active_members_30d: 40 + n,
    threads: 2 * n,
    replies: 5 * n,
    reactions: 7 * n,
    open_reports: n % 2,
    threads_answered_24h: n,
    median_first_reply_seconds: n === 0 ? null : 600 * n,
  }
}

async function days(hub: TestHub, communityId: string, first: string, count: number): Promise<void> {
  const start = Date.parse(`${first}T00:00:00Z`)
  const rows = Array.from({ length: count }, (_, n) => ({
    community_id: communityId,
    day: new Date(start + n * 86_400_000).toISOString().slice(0, 10),
    ...figures(n),
  }))
  await hub.database.db.insertInto('hub.community_daily_stats').values(rows).execute()
}

const get = (hub: TestHub, as: SignedUp | undefined, url: string) =>
  hub.app.inject({ url, ...(as === undefined ? {} : { headers: { authorization: `Bearer ${as.accessToken}` } }) })

const today = () => new Date().toISOString().slice(0, 10)
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10)

async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t)
  const staff = await signUp(hub, 'steward', { staff: true })
  const member = await signUp(hub, 'member')
  return { hub, staff, member }
}

const endpoints = ['/v1/admin/stats/communities/alpha', '/v1/admin/stats/network', '/v1/admin/stats/incubator']

t.test('only network staff may read exact figures or ask for a run: 401 without a token, 403 for other accounts', async (t) => {
  const { hub, member } = await setUp(t)
  await insertBareCommunity(hub, 'alpha')
  for (const url of endpoints) {
    t.equal((await get(hub, undefined, url)).statusCode, 401, url)
    const refused = await get(hub, member, url)
    t.equal(refused.statusCode, 403, url)
    t.equal(refused.json<{ code: string }>().code, 'KINDRED_FORBIDDEN')
  }
  const refresh = await hub.app.inject({
    method: 'POST',
    url: '/v1/admin/stats/refresh',
    headers: { authorization: `Bearer ${member.accessToken}` },
  })
  t.equal(refresh.statusCode, 403)
  t.same(await queuedJobs(hub.database.pool), [], 'nothing queued')
})

t.test('a community’s series is exact, day by day, for the days and metrics asked for', async (t) => {
  const { hub, staff } = await setUp(t)
  const alpha = await insertBareCommunity(hub, 'alpha')
  await days(hub, alpha, '2025-01-01', 40)
  await hub.database.db.insertInto('hub.stats_progress').values({ community_id: alpha, complete_through: '2025-02-09' }).execute()
  const other = await insertBareCommunity(hub, 'other')
  await days(hub, other, '2025-01-01', 40)

  const reply = await get(
    hub,
    staff,
    '/v1/admin/stats/communities/alpha?from=2025-01-10&to=2025-01-12&metric=membersTotal&metric=threads&metric=medianFirstReplySeconds',
  )
  t.equal(reply.statusCode, 200, reply.body)
  t.same(reply.json(), {
    community: { slug: 'alpha', name: 'Community alpha', status: 'live' },
    completeThrough: '2025-02-09',
    from: '2025-01-10',
    to: '2025-01-12',
    group: 'day',
    metrics: ['membersTotal', 'threads', 'medianFirstReplySeconds'],
    lastAggregatedAt: reply.json<{ lastAggregatedAt: string }>().lastAggregatedAt,
    series: [
      { day: '2025-01-10', membersTotal: 109, threads: 18, medianFirstReplySeconds: 5400 },
      { day: '2025-01-11', membersTotal: 110, threads: 20, medianFirstReplySeconds: 6000 },
      { day: '2025-01-12', membersTotal: 111, threads: 22, medianFirstReplySeconds: 6600 },
    ],
  })

  const all = await get(hub, staff, '/v1/admin/stats/communities/alpha?from=2024-12-01&to=2025-01-01')
  const body = all.json<{ metrics: string[]; series: Array<Record<string, unknown>> }>()
  t.equal(body.metrics.length, 17, 'every metric when none is named')
  t.same(
    body.series,
    [
      {
        day: '2025-01-01',
        membersTotal: 100,
        membersJoined: 0,
        membersLeft: 0,
        activeMembers7d: 20,
        activeMembers30d: 40,
        threads: 0,
        replies: 0,
        reactions: 0,
        openReports: 0,
        threadsAnswered24h: 0,
        medianFirstReplySeconds: null,
        pendingJoins: 0,
        oldestPendingJoinSeconds: null,
        oldestOpenReportSeconds: null,
        activeModerators30d: 0,
        secondsSinceModeratorAction: null,
        hasOwner: 1,
      },
    ],
    'days without figures are absent; a median of no thread is null',
  )
})

t.test('the default range is the 90 days ending today; archived communities keep their history; unknown slugs are 404', async (t) => {
  const { hub, staff } = await setUp(t)
  const archived = await insertBareCommunity(hub, 'closed', 'archived')
  await days(hub, archived, daysAgo(95), 96)
  const reply = await get(hub, staff, '/v1/admin/stats/communities/closed?metric=membersJoined')
  t.equal(reply.statusCode, 200, reply.body)
  const body = reply.json<{ from: string; to: string; completeThrough: null; series: Array<{ day: string; membersJoined: number }> }>()
  t.equal(body.to, today())
  t.equal(body.from, daysAgo(89))
  t.equal(body.series.length, 90)
  t.same(body.series[0], { day: daysAgo(89), membersJoined: 6 })
  t.equal(body.completeThrough, null)
  const missing = await get(hub, staff, '/v1/admin/stats/communities/nobody-here')
  t.equal(missing.statusCode, 404)
  t.equal(missing.json<{ code: string }>().code, 'KINDRED_NOT_FOUND')
})

t.test('wrong ranges and metrics are refused with 400', async (t) => {
  const { hub, staff } = await setUp(t)
  await insertBareCommunity(hub, 'alpha')
  const wrong = [
    ['?from=2025-02-01&to=2025-01-31', /to must not be before from/],
    ['?from=2020-01-01&to=2025-01-01', /at most 1096 days/],
    ['?from=2025-02-30', /from/],
    ['?to=31-01-2025', /to/],
    ['?metric=passwords', /metric/],
    ['?metric=communities', /metric/],
    ['?limit=5', /limit/],
  ] as const
  for (const [query, message] of wrong) {
    const reply = await get(hub, staff, `/v1/admin/stats/communities/alpha${query}`)
    t.equal(reply.statusCode, 400, query)
    t.match(reply.json(), { code: 'KINDRED_VALIDATION_FAILED', message }, query)
  }
  t.equal((await get(hub, staff, '/v1/admin/stats/network?from=2025-02-01&to=2025-01-31')).statusCode, 400)
  t.equal((await get(hub, staff, '/v1/admin/stats/incubator?from=2019-01-01&to=2025-01-01')).statusCode, 400)
  t.equal(
    (await get(hub, staff, '/v1/admin/stats/communities/alpha?from=2022-01-02&to=2025-01-01')).statusCode,
    200,
    'exactly three years is fine',
  )
})

t.test('the network’s series is exact, with the number of communities', async (t) => {
  const { hub, staff } = await setUp(t)
  for (const [n, date] of ['2025-01-01', '2025-01-02', '2025-01-03'].entries()) {
    await hub.database.db
      .insertInto('hub.network_daily_stats')
      .values({ day: date, communities: 10 + n, ...figures(n) })
      .execute()
  }
  const reply = await get(hub, staff, '/v1/admin/stats/network?from=2025-01-02&to=2025-01-31&metric=communities&metric=activeMembers30d')
  t.equal(reply.statusCode, 200, reply.body)
  t.match(reply.json(), {
    from: '2025-01-02',
    to: '2025-01-31',
    metrics: ['communities', 'activeMembers30d'],
    series: [
      { day: '2025-01-02', communities: 11, activeMembers30d: 41 },
      { day: '2025-01-03', communities: 12, activeMembers30d: 42 },
    ],
  })
  t.same(Object.keys(reply.json<{ series: object[] }>().series[0] ?? {}), ['day', 'communities', 'activeMembers30d'])
})

t.test('the incubator funnel gives the latest day and each day of the range, every status counted', async (t) => {
  const { hub, staff } = await setUp(t)
  const rows = [
    {
      day: '2025-01-01',
      proposals_by_status: JSON.stringify({ open: 4, live: 1 }),
      median_days_to_launch: 30,
      median_supporters_per_proposal: 3,
    },
    {
      day: '2025-01-02',
      proposals_by_status: JSON.stringify({ open: 3, ready: 1, live: 2 }),
      median_days_to_launch: 32.5,
      median_supporters_per_proposal: null,
    },
    {
      day: '2025-03-01',
      proposals_by_status: JSON.stringify({ open: 7, live: 5, declined: 1 }),
      median_days_to_launch: 41,
      median_supporters_per_proposal: 6,
    },
  ]
  await hub.database.db.insertInto('hub.incubator_daily_stats').values(rows).execute()
  const reply = await get(hub, staff, '/v1/admin/stats/incubator?from=2025-01-02&to=2025-01-31')
  t.equal(reply.statusCode, 200, reply.body)
  const none = { open: 0, ready: 0, changes_requested: 0, approved: 0, provisioning: 0, live: 0, declined: 0, withdrawn: 0, expired: 0 }
  t.match(reply.json(), {
    from: '2025-01-02',
    to: '2025-01-31',
    latest: {
      day: '2025-03-01',
      proposalsByStatus: { ...none, open: 7, live: 5, declined: 1 },
      medianDaysToLaunch: 41,
      medianSupportersPerProposal: 6,
    },
    series: [
      {
        day: '2025-01-02',
        proposalsByStatus: { ...none, open: 3, ready: 1, live: 2 },
        medianDaysToLaunch: 32.5,
        medianSupportersPerProposal: null,
      },
    ],
  })
  t.equal(reply.json<{ series: unknown[] }>().series.length, 1)
})

t.test('a refresh queues one full run and answers 202; asking again before it starts queues nothing more', async (t) => {
  const { hub, staff } = await setUp(t)
  const refresh = () =>
    hub.app.inject({ method: 'POST', url: '/v1/admin/stats/refresh', headers: { authorization: `Bearer ${staff.accessToken}` } })
  const first = await refresh()
  t.equal(first.statusCode, 202)
  const run = first.json<{ queued: true; id: string; status: string; requestedAt: string }>()
  t.match(run, { queued: true, id: /^\d+$/, status: `/v1/admin/stats/runs/${run.id}` }, 'something to follow')
  t.equal(first.headers.location, run.status)
  t.equal((await refresh()).statusCode, 202)
  const jobs = await queuedJobs(hub.database.pool)
  t.equal(jobs.length, 1)
  t.match(jobs[0], { task: 'stats__aggregate', attempts: 0 })

  const progress = await get(hub, staff, run.status)
  t.equal(progress.statusCode, 200, progress.body)
  t.same(
    progress.json(),
    { id: run.id, requestedAt: run.requestedAt, status: run.status, communities: 0, communitiesDone: 0, networkDone: false, done: true },
    'nothing live: done',
  )
  t.equal((await get(hub, staff, '/v1/admin/stats/runs/999999')).statusCode, 404)
})

t.test('a run followed through the API: communities done out of how many, then the network', async (t) => {
  const { hub, staff } = await setUp(t)
  await provisionTestCommunity(hub, 'fop')
  const queued = await hub.app.inject({
    method: 'POST',
    url: '/v1/admin/stats/refresh',
    headers: { authorization: `Bearer ${staff.accessToken}` },
  })
  const { status } = queued.json<{ status: string }>()
  t.match((await get(hub, staff, status)).json(), { communities: 1, communitiesDone: 0, networkDone: false, done: false })
  await runDueJobs(hub.database.pool, hubTasks(hub))
  t.match(
    (await get(hub, staff, status)).json(),
    { communities: 1, communitiesDone: 1, done: false },
    'the community, the network still to come',
  )
  await runJobsAndDelayed(hub)
  t.match((await get(hub, staff, status)).json(), { communities: 1, communitiesDone: 1, networkDone: true, done: true })
})

t.test('series grouped by week or month, as the statistics package aggregates each metric', async (t) => {
  const { hub, staff } = await setUp(t)
  const alpha = await insertBareCommunity(hub, 'alpha')
  await days(hub, alpha, '2025-01-01', 40)
  const daily = await get(hub, staff, '/v1/admin/stats/communities/alpha?from=2025-01-01&to=2025-02-09&metric=membersTotal&metric=threads')
  const byMonth = await get(
    hub,
    staff,
    '/v1/admin/stats/communities/alpha?from=2025-01-01&to=2025-02-09&metric=membersTotal&metric=threads&group=month',
  )
  t.equal(byMonth.statusCode, 200, byMonth.body)
  const points = daily.json<{ series: Array<{ day: string; membersTotal: number; threads: number }> }>().series
  const january = points.filter((point) => point.day < '2025-02-01')
  t.same(byMonth.json<{ series: unknown[] }>().series[0], {
    day: '2025-01-01',
    through: '2025-01-31',
    membersTotal: january.at(-1)?.membersTotal,
    threads: january.reduce((sum, point) => sum + point.threads, 0),
  })
  t.equal(byMonth.json<{ group: string }>().group, 'month')
})

import t, { type Test } from 'tap'
import { publishStatistics } from '@kindred/statistics'
import { buildTestHub, communityWithFigures, completeThrough, insertBareCommunity, insertDayFigures, type TestHub } from '@kindred/testkit'

// The public figures come from the hub's roll-ups only: these tests write roll-up rows directly, as the
// aggregation jobs would, for communities that need no tenant behind them, then publish the day as the
// network roll-up does once every community is done with it.

async function publish(hub: TestHub): Promise<void> {
  await publishStatistics(hub.database.db)
}

interface Answer {
  rule: string
  threshold: number
  lastAggregatedAt: string | null
  latestDay: string | null
  last12Months: { from: string; to: string } | null
  network: { communities: number; latestDay: Record<string, unknown>; last12Months: Record<string, unknown> }
  communities: Array<{
    slug: string
    name: string
    latestDay: Record<string, unknown> | null
    last12Months: Record<string, unknown> | null
  }>
}

async function stats(t: Test, hub: TestHub): Promise<Answer> {
  const reply = await hub.app.inject({ url: '/v1/stats' })
  t.equal(reply.statusCode, 200, reply.body)
  return reply.json<Answer>()
}

const hidden = { suppressed: true }
const asJson = (answer: Answer) => JSON.stringify(answer)
const bySlug = (answer: Answer) => Object.fromEntries(answer.communities.map((entry) => [entry.slug, entry]))

t.test(
  'a community with 3 members is suppressed, never shown as a number, and the smallest other community is suppressed with it',
  async (t) => {
    const hub = await buildTestHub(t)
    await communityWithFigures(hub, 'alpha', '2025-03-01', { members: 120, active30d: 40, threads: 12 })
    await communityWithFigures(hub, 'beta', '2025-03-01', { members: 3, active30d: 2, threads: 0 })
    await communityWithFigures(hub, 'gamma', '2025-03-01', { members: 45, active30d: 11, threads: 20 })
    await communityWithFigures(hub, 'delta', '2025-03-01', { members: 300, active30d: 90, threads: 25 })
    await publish(hub)
    const answer = await stats(t, hub)
    const communities = bySlug(answer)
    t.same(
      answer.communities.map((entry) => entry.slug),
      ['alpha', 'beta', 'delta', 'gamma'],
      'by slug',
    )
    t.same(
      communities.beta?.latestDay,
      { members: hidden, activeMembers30d: hidden, threads: { value: 0 } },
      '3 and 2 suppressed; 0 published',
    )
    t.same(communities.gamma?.latestDay?.members, hidden, 'gamma (45) is the smallest published members count, so it protects beta')
    t.same(communities.alpha?.latestDay?.members, { value: 120 })
    t.same(communities.delta?.latestDay?.members, { value: 300 })
    t.same(answer.network.latestDay.members, { value: 468 }, 'the total stays published: 468 - 120 - 300 = 48 is beta and gamma together')
    t.same(communities.gamma?.latestDay?.activeMembers30d, hidden, 'active members: 2 suppressed, and 11 (the smallest other) with it')
    t.same(communities.alpha?.latestDay?.activeMembers30d, { value: 40 })
    t.same(communities.gamma?.latestDay?.threads, { value: 20 }, 'threads: nothing small, nothing suppressed')
    t.same(answer.network.latestDay.threads, { value: 57 })
    t.notMatch(asJson(answer), /"value":3[,}]/, 'the 3 appears nowhere')
    t.notMatch(asJson(answer), /"value":2[,}]/, 'nor the 2')
  },
)

t.test('the answer needs no sign-in, states the rule, the threshold and the last aggregation, and may be cached briefly', async (t) => {
  const hub = await buildTestHub(t)
  await communityWithFigures(hub, 'alpha', '2025-03-01', { members: 50 })
  await publish(hub)
  const answer = await hub.app.inject({ url: '/v1/stats' })
  t.equal(answer.statusCode, 200)
  t.equal(answer.headers['cache-control'], 'public, max-age=60')
  const body = answer.json<Answer>()
  t.equal(body.threshold, 10)
  t.match(body.rule, /^Counts from 1 to 10 are suppressed/)
  t.match(body.rule, /smallest published non-zero cell is suppressed too/)
  t.match(body.lastAggregatedAt, /^\d{4}-\d{2}-\d{2}T/)
  t.equal(body.latestDay, '2025-03-01')
  t.same(body.last12Months, { from: '2024-03-02', to: '2025-03-01' })
})

t.test('a single community under a published total: the total itself is what gets suppressed when nothing else can be', async (t) => {
  const hub = await buildTestHub(t)
  await communityWithFigures(hub, 'alpha', '2025-03-01', { members: 4 })
  await communityWithFigures(hub, 'beta', '2025-03-01', { members: 0 })
  await publish(hub)
  const answer = await stats(t, hub)
  t.same(bySlug(answer).alpha?.latestDay?.members, hidden)
  t.same(bySlug(answer).beta?.latestDay?.members, { value: 0 }, 'zero is published')
  t.same(answer.network.latestDay.members, hidden, 'a total of 4 would reveal alpha')
  t.equal(answer.network.communities, 2, 'the number of communities is not a count of people')
})

t.test('when every cell is small, the total is published only if subtraction cannot narrow any of them', async (t) => {
  const hub = await buildTestHub(t)
  for (const [slug, members] of [
    ['alpha', 3],
    ['beta', 4],
    ['gamma', 5],
  ] as const)
    await communityWithFigures(hub, slug, '2025-03-01', { members })
  await publish(hub)
  const answer = await stats(t, hub)
  t.same(
    answer.communities.map((entry) => entry.latestDay?.members),
    [hidden, hidden, hidden],
  )
  t.same(answer.network.latestDay.members, { value: 12 }, 'three cells adding up to 12 could each still be anything from 1 to 10')
})

t.test(
  'archived and unfinished communities are not listed and do not count; communities without figures yet are listed without them',
  async (t) => {
    const hub = await buildTestHub(t)
    await communityWithFigures(hub, 'alpha', '2025-03-01', { members: 200, joined: 20, threads: 30 })
    await communityWithFigures(hub, 'bravo', '2025-03-01', { members: 100, joined: 15, threads: 40 })
    const archived = await insertBareCommunity(hub, 'closed', 'archived')
    await insertDayFigures(hub, archived, '2025-03-01', { members: 77, joined: 5 })
    await completeThrough(hub, archived, '2025-03-01')
    await insertBareCommunity(hub, 'building', 'provisioning')
    await insertBareCommunity(hub, 'newcomer')
    await publish(hub)
    const answer = await stats(t, hub)
    t.same(
      answer.communities.map((entry) => entry.slug),
      ['alpha', 'bravo', 'newcomer'],
    )
    t.same(bySlug(answer).newcomer, { slug: 'newcomer', name: 'Community newcomer', latestDay: null, last12Months: null })
    t.equal(answer.network.communities, 3)
    t.same(answer.network.latestDay.members, { value: 300 }, 'the archived community’s 77 are not in the total')
    t.same(answer.network.last12Months, { membersJoined: { value: 35 }, threads: { value: 70 } })
  },
)

t.test('the 12 months are the 365 days ending with the latest complete day; days not yet complete are left out', async (t) => {
  const hub = await buildTestHub(t)
  const alpha = await insertBareCommunity(hub, 'alpha')
  await insertDayFigures(hub, alpha, '2024-03-01', { threads: 1000, joined: 1000 })
  await insertDayFigures(hub, alpha, '2024-03-02', { threads: 30, joined: 12 })
  await insertDayFigures(hub, alpha, '2025-03-01', { members: 500, threads: 40, joined: 11 })
  await insertDayFigures(hub, alpha, '2025-03-02', { members: 999, threads: 999, joined: 999 })
  await completeThrough(hub, alpha, '2025-03-01')
  const lagging = await insertBareCommunity(hub, 'bravo')
  await insertDayFigures(hub, lagging, '2025-02-28', { members: 60, threads: 80, joined: 25 })
  await completeThrough(hub, lagging, '2025-02-28')
  await publish(hub)
  const answer = await stats(t, hub)
  t.equal(answer.latestDay, '2025-03-01')
  t.same(bySlug(answer).alpha?.latestDay, { members: { value: 500 }, activeMembers30d: { value: 0 }, threads: { value: 40 } })
  t.same(bySlug(answer).alpha?.last12Months, { membersJoined: { value: 23 }, threads: { value: 70 } })
  t.equal(bySlug(answer).bravo?.latestDay, null, 'a community behind the latest day has no figures for it')
  t.same(bySlug(answer).bravo?.last12Months, { membersJoined: { value: 25 }, threads: { value: 80 } })
  t.same(answer.network.last12Months, { membersJoined: { value: 48 }, threads: { value: 150 } })
})

t.test('the threshold comes from KINDRED_STATS_SUPPRESSION_THRESHOLD', async (t) => {
  const hub = await buildTestHub(t, { env: { KINDRED_STATS_SUPPRESSION_THRESHOLD: '5' } })
  await communityWithFigures(hub, 'alpha', '2025-03-01', { members: 7 })
  await communityWithFigures(hub, 'bravo', '2025-03-01', { members: 60 })
  await publish(hub)
  const answer = await stats(t, hub)
  t.equal(answer.threshold, 5)
  t.match(answer.rule, /^Counts from 1 to 5 are suppressed/)
  t.same(bySlug(answer).alpha?.latestDay?.members, { value: 7 })
})

t.test('before any aggregation the answer is empty but complete', async (t) => {
  const hub = await buildTestHub(t)
  const answer = await stats(t, hub)
  t.same(answer, {
    rule: answer.rule,
    threshold: 10,
    lastAggregatedAt: null,
    latestDay: null,
    last12Months: null,
    network: {
      communities: 0,
      latestDay: { members: { value: 0 }, activeMembers30d: { value: 0 }, threads: { value: 0 } },
      last12Months: { membersJoined: { value: 0 }, threads: { value: 0 } },
    },
    communities: [],
    next: null,
  })
})

t.test('the communities come a page at a time by slug, with the whole network’s figures on every page', async (t) => {
  const hub = await buildTestHub(t)
  for (const slug of ['delta', 'alpha', 'charlie', 'bravo', 'echo'])
    await communityWithFigures(hub, slug, '2025-03-01', { members: 100, active30d: 50, threads: 10 })
  await publish(hub)
  const page = async (query: string) => {
    const reply = await hub.app.inject({ url: `/v1/stats${query}` })
    t.equal(reply.statusCode, 200, reply.body)
    return reply.json<Answer & { next: string | null }>()
  }
  const whole = await page('')
  t.same(
    whole.communities.map((entry) => entry.slug),
    ['alpha', 'bravo', 'charlie', 'delta', 'echo'],
  )
  t.equal(whole.next, null)
  const slugs: string[] = []
  let cursor: string | null = null
  do {
    const answer: Answer & { next: string | null } = await page(`?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`)
    t.same(answer.network, whole.network, 'the totals are the network’s, not the page’s')
    t.ok(answer.communities.length <= 2)
    slugs.push(...answer.communities.map((entry) => entry.slug))
    cursor = answer.next
  } while (cursor !== null && slugs.length < 10)
  t.same(slugs, ['alpha', 'bravo', 'charlie', 'delta', 'echo'], 'each community once, in order')
  for (const query of ['?limit=0', '?limit=1001', '?cursor=NOT%20A%20SLUG', '?after=alpha']) {
    t.equal((await hub.app.inject({ url: `/v1/stats${query}` })).statusCode, 400, query)
  }
})

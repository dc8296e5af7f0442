// The local multi-node topology (issue 18), started once for every test here in a temporary folder and
// deleted at the end: two hubs behind haproxy acting as one, and members posting through the failover of
// a placement's primary and of the hub database's. Not part of `npm test` (its name keeps tap from finding
// it): `npm run test:cluster`, as root on Debian with the topology's ports free.
import { execFile } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'
import { sql } from 'kysely'
import t, { type Test } from 'tap'
import { captureLogs } from '@kindred/testkit'
import { moveCommunity } from '@kindred/tenancy'
import { liveCommunity, loggedErrors, openKindred } from '../../scripts/cluster/kindred.ts'
import { clusters, repositoryRoot } from '../../scripts/cluster/topology.ts'
import { call, expectStatus, hub, join, registerAccount, switchTo, throughHaproxy, type Account } from '../../scripts/cluster/client.ts'
import { keepPosting, postThroughFailover, postThroughNodeLoss, type Posted, type PostingFigures } from './posting.ts'

const run = promisify(execFile)
t.setTimeout(1_200_000)
const script = (name: string): string => path.join(repositoryRoot, 'scripts', 'cluster', name)
const [clusterA, clusterB] = clusters

const dir = await mkdtemp(path.join(tmpdir(), 'kindred-cluster-'))
const env = { ...process.env, KINDRED_CLUSTER_DIR: dir }
const up = await run(process.execPath, [script('up.ts')], { env, timeout: 300_000 }).catch(async (error: unknown) => {
  await run(process.execPath, [script('down.ts'), '--wipe'], { env })
  throw error
})
t.comment(up.stdout.split('\n').find((line) => line.includes(' is up in ')) ?? '')

const logger = captureLogs('warn').logger
const kindred = await openKindred(dir, logger)
const { db } = kindred
t.teardown(async () => {
  await kindred.close()
  await run(process.execPath, [script('down.ts'), '--wipe'], { env })
})

/** Polls `request` until it answers `status`; how long that took, or undefined if it never did within 10 s. */
async function msUntilStatus(status: number, request: () => Promise<{ status: number }>): Promise<number | undefined> {
  const began = performance.now()
  while (performance.now() - began < 10_000) {
    if ((await request()).status === status) return performance.now() - began
    await sleep(50)
  }
  return undefined
}

const slug = 'cluster-forum'
const { tenant } = await liveCommunity(kindred, slug, clusterB.name)
const first = (index: number) => hub(0, `198.51.100.${index}`)
const second = (index: number) => hub(1, `198.51.100.${index}`)

t.test('two hubs behind haproxy act as one: accounts, posts, bans, sign-outs and rate limits', async (t) => {
  const founder = await registerAccount(db, 'cluster-founder', first(1), second(1))
  t.match(founder.accessToken, /\S/, 'an account registered through one hub signs in through the other')
  const founderId = await join(founder, slug, 'Founder')
  await tenant.query.updateTable('members').set({ role: 'moderator' }).where('member_id', '=', founderId).execute()
  const moderatorToken = await switchTo(founder, slug, first(1))

  const member = await registerAccount(db, 'cluster-member', second(2), first(2))
  const memberId = await join(member, slug, 'Member')
  const memberToken = await switchTo(member, slug, second(2))
  const { categories } = await expectStatus<{ categories: { id: string }[] }>(
    200,
    'listing categories',
    call(first(2), 'GET', `/v1/c/${slug}/categories`, { token: memberToken }),
  )
  const opened = await expectStatus<{ thread: { id: string } }>(
    201,
    'opening a thread',
    call(first(2), 'POST', `/v1/c/${slug}/threads`, {
      token: memberToken,
      body: { categoryId: categories[0]?.id, title: 'Through the first hub', body: 'Seen by the second?' },
    }),
  )
  const listed = await expectStatus<{ threads: { id: string }[] }>(
    200,
    'listing threads',
    call(second(1), 'GET', `/v1/c/${slug}/threads`, { token: moderatorToken }),
  )
  t.ok(
    listed.threads.some((thread) => thread.id === opened.thread.id),
    'a thread opened through one hub is listed at once through the other',
  )

  const readThroughSecond = () => call(second(2), 'GET', `/v1/c/${slug}/threads`, { token: memberToken })
  t.equal((await readThroughSecond()).status, 200, 'the second hub has the member in its cache')
  await expectStatus(
    200,
    'banning',
    call(first(1), 'POST', `/v1/c/${slug}/members/${memberId}/ban`, { token: moderatorToken, body: { reason: 'trial' } }),
  )
  const banSeenInMs = await msUntilStatus(403, readThroughSecond)
  t.ok(banSeenInMs !== undefined && banSeenInMs < 2000, 'a ban through one hub locks the member out of the other within 2 s')
  t.comment(`the second hub refused the banned member ${banSeenInMs?.toFixed(0) ?? 'never'} ms after the ban`)

  await signOutSeenByTheOtherHub(t, await registerAccount(db, 'cluster-reader', first(3), first(3)))
  await sharedSignInLimit(t, founder)
})

async function signOutSeenByTheOtherHub(t: Test, reader: Account): Promise<void> {
  const meThroughSecond = () => call(second(3), 'GET', '/v1/me', { token: reader.accessToken })
  t.equal((await meThroughSecond()).status, 200, 'the second hub knows the session')
  await expectStatus(
    204,
    'signing out',
    call(first(3), 'POST', '/v1/auth/logout', { token: reader.accessToken, body: { refreshToken: reader.refreshToken } }),
  )
  const signOutSeenInMs = await msUntilStatus(401, meThroughSecond)
  t.ok(signOutSeenInMs !== undefined && signOutSeenInMs < 2000, 'signing out through one hub ends the session on the other within 2 s')
  t.comment(`the second hub refused the signed-out token ${signOutSeenInMs?.toFixed(0) ?? 'never'} ms after signing out`)
  const refreshed = await call(second(3), 'POST', '/v1/auth/refresh', { body: { refreshToken: reader.refreshToken } })
  t.equal(refreshed.status, 401, 'nor does its refresh token work there')
}

// Three failed sign-ins in a row from one address cost nothing; the fourth starts a wait, held in the hub
// database (apps/hub/src/routes/auth/login-limits.ts). Counted per hub, each would have seen two.
async function sharedSignInLimit(t: Test, account: Account): Promise<void> {
  const statuses: number[] = []
  for (let attempt = 0; attempt < 6; attempt += 1) {
    const endpoint = attempt % 2 === 0 ? first(9) : second(9)
    const answer = await call(endpoint, 'POST', '/v1/auth/login', { body: { email: account.email, password: 'not the password at all' } })
    statuses.push(answer.status)
  }
  t.same(statuses.slice(0, 4), [401, 401, 401, 401], 'four failed sign-ins, alternating between the hubs, are refused as wrong')
  t.same(statuses.slice(4), [429, 429], 'then both hubs make the address wait: they count the failures in one place')
}

/** Posters through haproxy in `community`, a thread to reply to, and their tokens. */
async function posters(prefix: string, count: number, community = slug): Promise<{ threadId: string; memberTokens: string[] }> {
  const memberTokens: string[] = []
  for (let index = 0; index < count; index += 1) {
    const account = await registerAccount(db, `${prefix}-${index}`, first(20 + index), second(20 + index))
    await join(account, community, `${prefix} ${index}`)
    memberTokens.push(await switchTo(account, community, throughHaproxy))
  }
  const token = memberTokens[0]
  const { categories } = await expectStatus<{ categories: { id: string }[] }>(
    200,
    'listing categories',
    call(throughHaproxy, 'GET', `/v1/c/${community}/categories`, { ...(token === undefined ? {} : { token }) }),
  )
  const opened = await expectStatus<{ thread: { id: string } }>(
    201,
    'opening the trial thread',
    call(throughHaproxy, 'POST', `/v1/c/${community}/threads`, {
      ...(token === undefined ? {} : { token }),
      body: { categoryId: categories[0]?.id, title: `Posting under way (${prefix})`, body: 'Replies follow' },
    }),
  )
  return { threadId: opened.thread.id, memberTokens }
}

async function checkFigures(t: Test, figures: PostingFigures, threadId: string): Promise<void> {
  const stored = await tenant.query.selectFrom('posts').select(['id', 'body_markdown as body']).where('thread_id', '=', threadId).execute()
  const storedIds = new Set(stored.map((post) => post.id))
  const lost = figures.acknowledged.filter((id) => !storedIds.has(id))
  const bodies = stored.map((post) => post.body)
  const duplicated = bodies.length - new Set(bodies).size
  const answered = [...figures.statuses].map(([status, count]) => `${status} ×${count}`).join(', ')
  t.comment(
    `SIGKILLed ${figures.victim}: replies acknowledged again after ${figures.writesBackMs.toFixed(0)} ms, synchronous again after ` +
      `${(figures.synchronousBackMs / 1000).toFixed(1)} s; ${figures.acknowledged.length} acknowledged; answers: ${answered}`,
  )
  t.same(lost, [], 'every acknowledged reply is stored')
  t.equal(duplicated, 0, 'no reply is stored twice')
  t.ok(figures.writesBackMs < 15_000, 'replies are acknowledged again within 15 s of the kill')
  const unexpected = [...figures.statuses.keys()].filter((status) => status !== 201 && status !== 503)
  t.same(unexpected, [], 'every reply that was not acknowledged was answered 503 (try again), none 500 or dropped')
}

const percentile = (values: number[], share: number): number =>
  values.toSorted((a, b) => a - b)[Math.floor((values.length - 1) * share)] ?? NaN

/** The bystanders' latencies answered within any of the `[from, to)` windows, as `p50 … ms, p99 … ms (n replies)`. */
function latencies(posted: Posted[], windows: [from: number, to: number][]): { p99: number; text: string } {
  const ms = posted.filter((post) => windows.some(([from, to]) => post.atMs >= from && post.atMs < to)).map((post) => post.ms)
  const p99 = percentile(ms, 0.99)
  return { p99, text: `p50 ${percentile(ms, 0.5).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms (${ms.length} replies)` }
}

t.test(
  'a community moved to the other cluster while its members post: nothing lost or doubled, a short pause, others untouched',
  async (t) => {
    const moving = 'moving-forum'
    await liveCommunity(kindred, moving, clusterB.name)
    const movers = await posters('mover', 4, moving)
    // Four, so that the p99s below rest on hundreds of replies each rather than on the two or three slowest.
    const bystanders = await posters('bystander', 4)
    const stop = { done: false }
    const moverPosts = keepPosting({ slug: moving, ...movers, pauseMs: 40 }, stop)
    const bystanderPosts = keepPosting({ slug, ...bystanders, pauseMs: 40 }, stop)
    await sleep(4000)
    const moveBegan = performance.now()
    const result = await moveCommunity({ db, placements: kindred.placements, logger }, moving, clusterA.name, { graceMs: 2000 })
    const moveEnded = performance.now()
    await sleep(3000)
    stop.done = true
    const [moved, bystanding] = await Promise.all([moverPosts, bystanderPosts])

    t.match(result, { outcome: 'moved', from: clusterB.name, to: clusterA.name })
    const community = await db
      .selectFrom('hub.communities')
      .select(['placement', 'schema_name as schemaName'])
      .where('slug', '=', moving)
      .executeTakeFirstOrThrow()
    t.equal(community.placement, clusterA.name, 'the hub routes the community to its new cluster')
    const stored = await kindred.placements
      .tenantDb(community)
      .query.selectFrom('posts')
      .select(['id', 'body_markdown as body'])
      .where('thread_id', '=', movers.threadId)
      .execute()
    const acknowledged = moved.filter((post) => post.postId !== undefined)
    const storedIds = new Set(stored.map((post) => post.id))
    t.same(
      acknowledged.filter((post) => !storedIds.has(post.postId ?? '')).map((post) => post.body),
      [],
      'every acknowledged reply is on the new cluster',
    )
    t.equal(stored.length - new Set(stored.map((post) => post.body)).size, 0, 'no reply is stored twice')
    t.ok(
      acknowledged.some((post) => post.atMs > moveEnded),
      'members post on the new cluster after the move',
    )
    t.same(
      moved.filter((post) => post.status !== 201 && post.status !== 503).map((post) => post.status),
      [],
      'every other answer was 503 (try again)',
    )
    const refused = moved.filter((post) => post.status === 503)
    const pauseMs = refused.length === 0 ? 0 : Math.max(...refused.map((post) => post.atMs)) - Math.min(...refused.map((post) => post.atMs))
    t.ok(pauseMs < 5000, 'the community refuses writes for less than 5 s')
    t.same(
      bystanding.filter((post) => post.status !== 201).map((post) => post.status),
      [],
      'the other community on the old cluster never refuses a reply',
    )
    const { rows } = await sql`select 1 from pg_catalog.pg_namespace where nspname = ${community.schemaName}`.execute(
      kindred.placements.database(clusterB.name),
    )
    t.same(rows, [], 'the old copy is gone from the old cluster')

    // Outside the move: the 4 s before it and the 3 s after, against the time it took.
    const baseline = latencies(bystanding, [
      [moveBegan - 4000, moveBegan],
      [moveEnded, Number.POSITIVE_INFINITY],
    ])
    const during = latencies(bystanding, [[moveBegan, moveEnded]])
    t.comment(
      `moved in ${((moveEnded - moveBegan) / 1000).toFixed(1)} s: copied in ${(result.copyMs / 1000).toFixed(1)} s, writes paused ${result.writePauseMs.toFixed(0)} ms ` +
        `(members saw 503s for ${pauseMs.toFixed(0)} ms: ${refused.length} of ${moved.length} replies); ${acknowledged.length} acknowledged`,
    )
    t.comment(
      `the other community's replies: outside the move ${baseline.text}; during it ${during.text}; p99 ratio ${(during.p99 / baseline.p99).toFixed(2)}`,
    )
  },
)

t.test("members keep posting while the primary of their community's placement is killed", async (t) => {
  const { threadId, memberTokens } = await posters('placement-poster', 4)
  const figures = await postThroughFailover({ dir, cluster: clusterB, slug, threadId, memberTokens, ratePerSecond: 10 })
  await checkFigures(t, figures, threadId)
})

t.test("members keep posting while the hub database's primary is killed, and the worker's jobs go on", async (t) => {
  const { threadId, memberTokens } = await posters('hub-poster', 4)
  const figures = await postThroughFailover({ dir, cluster: clusterA, slug, threadId, memberTokens, ratePerSecond: 10 })
  await checkFigures(t, figures, threadId)
  const after = await liveCommunity(kindred, 'after-failover', clusterB.name)
  const categories = await after.tenant.query.selectFrom('categories').select('id').execute()
  t.ok(categories.length > 0, 'the worker provisions a community after the hub database failed over')
  const replaced = (await loggedErrors(dir, 'worker')).filter((message) => message.startsWith('worker did not finish stopping'))
  t.comment(`provisioned in ${(after.provisionedInMs / 1000).toFixed(1)} s; runners the worker replaced so far: ${replaced.length}`)
})

t.test(
  "a whole node of the community's cluster is lost while members post: nothing is acknowledged without a standby, nothing lost",
  async (t) => {
    const { threadId, memberTokens } = await posters('node-loss', 4)
    const figures = await postThroughNodeLoss({ dir, cluster: clusterB, slug, threadId, memberTokens, downMs: 3000 })
    const stored = await tenant.query
      .selectFrom('posts')
      .select(['id', 'body_markdown as body'])
      .where('thread_id', '=', threadId)
      .execute()
    const storedIds = new Set(stored.map((post) => post.id))
    const acknowledged = figures.posted.filter((post) => post.postId !== undefined)
    t.same(
      acknowledged.filter((post) => !storedIds.has(post.postId ?? '')).map((post) => post.body),
      [],
      'every acknowledged reply is stored',
    )
    t.equal(stored.length - new Set(stored.map((post) => post.body)).size, 0, 'no reply is stored twice')
    // Strict synchronous mode: the promoted standby holds every commit until a standby streams from it. A
    // reply answered within half a second of the kill was committed before it.
    const withoutStandby = acknowledged.filter((post) => post.atMs > figures.killedAt + 500 && post.atMs < figures.restartedAt)
    t.same(
      withoutStandby.map((post) => post.body),
      [],
      'no reply is acknowledged while the cluster has no standby',
    )
    const back = acknowledged.find((post) => post.atMs > figures.restartedAt)
    t.ok(back !== undefined, 'replies are acknowledged again once the lost node is back')
    t.same(
      figures.posted.filter((post) => post.status === 500).map((post) => post.body),
      [],
      'no reply is answered 500',
    )
    const answered = Map.groupBy(figures.posted, (post) => post.status)
    const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`
    t.comment(
      `lost ${figures.victim} whole: the standby led after ${seconds(figures.promotedAt - figures.killedAt)}; the node was started again ` +
        `${seconds(figures.restartedAt - figures.killedAt)} after the kill and the cluster was synchronous ${seconds(figures.synchronousAt - figures.restartedAt)} later; ` +
        `replies acknowledged again ${seconds((back?.atMs ?? NaN) - figures.restartedAt)} after the restart; ${acknowledged.length} acknowledged; answers: ` +
        [...answered].map(([status, posts]) => `${status} ×${posts.length}`).join(', '),
    )
  },
)

import { setTimeout as sleep } from 'node:timers/promises'
import { sql } from 'kysely'
import t from 'tap'
import { moveCommunity, type MoveOptions } from '@kindred/tenancy'
import {
  buildTestHub,
  callAs,
  communityMember,
  hubTasks,
  provisionTestCommunity,
  queuedJobs,
  runDueJobs,
  signUp,
  spawnApp,
  tenantOf,
  withoutLoadShedding,
  type CommunityMember,
  type TestHub,
} from '../../../test/support/index.ts'

// The caches on, as in production: the switch must reach the hub's cached route at once (hub/0014's NOTIFY).
const env = { ...withoutLoadShedding, KINDRED_LIMIT_POSTS_PER_MEMBER: '100000/1h', CACHE_TTL_MS: '60000' }

interface Writer {
  acknowledged: string[]
  refused: number
  /** The longest time this writer's replies were refused in a row (503), in milliseconds. */
  longestRefusal: number
  unexpected: string[]
  latenciesMs: number[]
}

// Replies as fast as the hub takes them until `stop`, each with a body of its own, noting what was
// acknowledged (201), refused as unavailable (503) and anything else.
async function keepReplying(hub: TestHub, as: CommunityMember, slug: string, threadId: string, stop: { done: boolean }): Promise<Writer> {
  const writer: Writer = { acknowledged: [], refused: 0, longestRefusal: 0, unexpected: [], latenciesMs: [] }
  let refusedSince: number | undefined
  for (let n = 0; !stop.done; n += 1) {
    const body = `${as.memberId} reply ${n}`
    const started = performance.now()
    const reply = await callAs(hub, as, 'POST', `/v1/c/${slug}/threads/${threadId}/replies`, { body })
    writer.latenciesMs.push(performance.now() - started)
    if (reply.statusCode === 201) {
      writer.acknowledged.push(body)
      if (refusedSince !== undefined) writer.longestRefusal = Math.max(writer.longestRefusal, Date.now() - refusedSince)
      refusedSince = undefined
    } else if (reply.statusCode === 503) {
      writer.refused += 1
      refusedSince ??= Date.now()
    } else writer.unexpected.push(`${reply.statusCode} ${reply.body}`)
    await sleep(10)
  }
  return writer
}

async function openThread(hub: TestHub, as: CommunityMember, slug: string): Promise<string> {
  const categories = (await callAs(hub, as, 'GET', `/v1/c/${slug}/categories`)).json<{ categories: Array<{ id: string }> }>()
  const opened = await callAs(hub, as, 'POST', `/v1/c/${slug}/threads`, {
    categoryId: categories.categories[0]?.id,
    title: 'Moving day',
    body: 'First',
  })
  return opened.json<{ thread: { id: string } }>().thread.id
}

async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const hub = await buildTestHub(t, { env })
  await provisionTestCommunity(hub, 'fop', { placement: 'default' })
  await provisionTestCommunity(hub, 'mps', { placement: 'default' })
  const ada = await communityMember(hub, 'fop', 'ada')
  const movers = [ada, await communityMember(hub, 'fop', 'bea')]
  const bystander = await communityMember(hub, 'mps', 'cy')
  const threads = { fop: await openThread(hub, ada, 'fop'), mps: await openThread(hub, bystander, 'mps') }
  const move = (options: MoveOptions = {}) =>
    moveCommunity({ db: hub.database.db, placements: hub.placements, logger: hub.logs.logger }, 'fop', 'eu-2', { graceMs: 200, ...options })
  return { hub, ada, movers, bystander, threads, move }
}

// Slots and subscriptions are listed server-wide, so placements on one server each list them: once each.
async function replicationLeftovers(hub: TestHub): Promise<string[]> {
  const found = new Set<string>()
  for (const name of hub.placements.names) {
    const db = hub.placements.database(name)
    const { rows } = await sql`
      select 'slot' as kind, slot_name::text as name from pg_replication_slots where slot_name like 'kindred_move_%'
      union all select 'publication', pubname::text from pg_publication where pubname like 'kindred_move_%'
      union all select 'subscription', subname::text from pg_subscription where subname like 'kindred_move_%'`.execute(db)
    for (const row of rows) found.add(JSON.stringify(row))
  }
  return [...found]
}

async function schemaOn(hub: TestHub, placement: string, schema: string): Promise<boolean> {
  const { rows } = await sql`select 1 from pg_namespace where nspname = ${schema}`.execute(hub.placements.database(placement))
  return rows.length > 0
}

t.test(
  'a community moved to another placement while members post: nothing lost or doubled, a short write pause, others untouched',
  async (t) => {
    const { hub, ada, movers, bystander, threads, move } = await setUp(t)
    const { schema } = await tenantOf(hub, 'fop')
    const stop = { done: false }
    const writing = movers.map((member) => keepReplying(hub, member, 'fop', threads.fop, stop))
    const bystanding = keepReplying(hub, bystander, 'mps', threads.mps, stop)
    await sleep(300)
    const result = await move()
    await sleep(300)
    stop.done = true
    const writers = await Promise.all(writing)
    const other = await bystanding

    t.match(result, { outcome: 'moved', from: 'default', to: 'eu-2' })
    t.ok(result.writePauseMs < 5000, `writes paused ${result.writePauseMs} ms (< 5 s)`)
    const location = await hub.database.db
      .selectFrom('hub.communities')
      .select('placement')
      .where('slug', '=', 'fop')
      .executeTakeFirstOrThrow()
    t.equal(location.placement, 'eu-2', 'the hub routes fop to its new placement')
    t.same(
      writers.flatMap((writer) => writer.unexpected),
      [],
      'replies were acknowledged or refused with 503, nothing else',
    )
    t.ok(
      writers.every((writer) => writer.acknowledged.length > 10),
      'every member posted before, during and after the move',
    )
    const refusedFor = Math.max(...writers.map((writer) => writer.longestRefusal))
    t.ok(refusedFor < 5000, `replies refused for at most ${refusedFor} ms in a row`)

    const moved = await tenantOf(hub, 'fop')
    const bodies = (await moved.query.selectFrom('posts').select('body_markdown').execute()).map((post) => post.body_markdown)
    const acknowledged = writers.flatMap((writer) => writer.acknowledged)
    const counts = new Map<string, number>()
    for (const body of bodies) counts.set(body, (counts.get(body) ?? 0) + 1)
    t.same(
      acknowledged.filter((body) => counts.get(body) !== 1),
      [],
      `each of ${acknowledged.length} acknowledged replies is on the new copy exactly once`,
    )
    t.equal(bodies.length, acknowledged.length + 1, 'and nothing else but the opening post')

    t.same(other.unexpected, [], 'the other community on the same placement answered every reply')
    t.equal(other.refused, 0, 'and never refused one')
    const sorted = [...other.latenciesMs].sort((a, b) => a - b)
    t.comment(
      `other community during the move: ${other.acknowledged.length} replies, p99 ${sorted[Math.floor(sorted.length * 0.99)]?.toFixed(1)} ms`,
    )
    t.comment(
      `fop: ${acknowledged.length} acknowledged, ${writers.reduce((n, w) => n + w.refused, 0)} refused; copy ${result.copyMs} ms, pause ${result.writePauseMs} ms`,
    )

    const after = await callAs(hub, ada, 'POST', `/v1/c/fop/threads/${threads.fop}/replies`, { body: 'after the move' })
    t.equal(after.statusCode, 201, 'new posts take ids after the copied ones (sequences follow)')
    t.notOk(await schemaOn(hub, 'default', schema), 'the old copy is dropped')
    t.same(await replicationLeftovers(hub), [], 'no publication, slot or subscription is left')
    const events = await hub.database.db
      .selectFrom('hub.community_events')
      .select(['action', 'reason'])
      .where('action', '=', 'move')
      .execute()
    t.same(events, [{ action: 'move', reason: 'Moved from default to eu-2' }], 'the move is in the community’s history')
  },
)

t.test('a move that fails part-way is undone: the community stays where it was, writable, with nothing left behind', async (t) => {
  const { hub, ada, threads, move } = await setUp(t)
  const { schema } = await tenantOf(hub, 'fop')
  await t.rejects(move({ copyTimeoutMs: 0 }), { name: 'MoveTimeoutError' })
  const location = await hub.database.db
    .selectFrom('hub.communities')
    .select('placement')
    .where('slug', '=', 'fop')
    .executeTakeFirstOrThrow()
  t.equal(location.placement, 'default', 'still routed to its placement')
  t.notOk(await schemaOn(hub, 'eu-2', schema), 'the partial copy is dropped')
  t.same(await replicationLeftovers(hub), [], 'no publication, slot or subscription is left')
  const reply = await callAs(hub, ada, 'POST', `/v1/c/fop/threads/${threads.fop}/replies`, { body: 'still here' })
  t.equal(reply.statusCode, 201, 'members post as before')
  t.match(await move(), { outcome: 'moved' }, 'and the move succeeds when run again')
})

t.test('moving to the placement a community is on changes nothing; to an unknown placement, 404', async (t) => {
  const { hub } = await setUp(t)
  const deps = { db: hub.database.db, placements: hub.placements, logger: hub.logs.logger }
  t.match(await moveCommunity(deps, 'fop', 'default'), { outcome: 'already-there', from: 'default', to: 'default' })
  await t.rejects(moveCommunity(deps, 'fop', 'mars'), { code: 'KINDRED_NOT_FOUND' })
  await t.rejects(moveCommunity(deps, 'nope', 'eu-2'), { code: 'KINDRED_NOT_FOUND' })
})

t.test('staff queue a move through the API and a worker carries it out; wrong requests change nothing', async (t) => {
  const { hub, ada, threads } = await setUp(t)
  const staff = await signUp(hub, 'steward', { staff: true })
  const ask = (token: string, slug: string, payload: object) =>
    hub.app.inject({ method: 'POST', url: `/v1/admin/communities/${slug}/move`, headers: { authorization: `Bearer ${token}` }, payload })
  t.equal((await ask(ada.account.accessToken, 'fop', { placement: 'eu-2' })).statusCode, 403, 'members may not')
  t.match((await ask(staff.accessToken, 'fop', { placement: 'mars' })).json(), { statusCode: 404, code: 'KINDRED_NOT_FOUND' })
  t.match((await ask(staff.accessToken, 'fop', { placement: 'default' })).json(), { statusCode: 409, code: 'KINDRED_CONFLICT' })
  t.equal((await ask(staff.accessToken, 'fop', { placement: 'EU 2' })).statusCode, 400)
  t.equal((await ask(staff.accessToken, 'nope', { placement: 'eu-2' })).statusCode, 404)
  t.same(
    (await queuedJobs(hub.database.pool)).filter((job) => job.task === 'community__move'),
    [],
    'no move is queued by a refused request',
  )

  const asked = await ask(staff.accessToken, 'fop', { placement: 'eu-2' })
  t.equal(asked.statusCode, 202)
  t.match(asked.json(), { community: { slug: 'fop', placement: 'default' } }, 'answered at once, the move to come')
  await runDueJobs(hub.database.pool, hubTasks(hub))
  const events = await hub.database.db
    .selectFrom('hub.community_events')
    .select(['action', 'actor_id'])
    .where('action', '=', 'move')
    .execute()
  t.same(events, [{ action: 'move', actor_id: staff.accountId }], 'moved by the worker, on behalf of the staff member')
  const reply = await callAs(hub, ada, 'POST', `/v1/c/fop/threads/${threads.fop}/replies`, { body: 'on eu-2 now' })
  t.equal(reply.statusCode, 201)
  const location = await hub.database.db
    .selectFrom('hub.communities')
    .select('placement')
    .where('slug', '=', 'fop')
    .executeTakeFirstOrThrow()
  t.equal(location.placement, 'eu-2', 'the community is on eu-2')
})

t.test('npm run kindred -- communities:move moves a community and says how long writes paused', async (t) => {
  const { hub } = await setUp(t)
  const clusters = hub.config.placements.clusters.map((cluster) => `${cluster.name}=${cluster.url}`).join(',')
  const cliEnv = { DATABASE_URL: hub.config.database.url ?? '', KINDRED_PLACEMENTS: clusters, LOG_LEVEL: 'fatal' }
  const run = spawnApp(t, 'apps/cli/src/main.ts', cliEnv, ['communities:move', 'fop', 'eu-2'])
  t.equal(await run.exited, 0, run.stderr())
  t.match(run.stdout(), /^fop moved from default to eu-2: copied in [\d.]+ s, writes paused [\d.]+ s\.$/m)
  t.match(run.stderr(), /Copying the community/)
  const again = spawnApp(t, 'apps/cli/src/main.ts', cliEnv, ['communities:move', 'fop', 'eu-2'])
  t.equal(await again.exited, 0)
  t.match(again.stdout(), /fop is already on eu-2; nothing to move/)
  const wrong = spawnApp(t, 'apps/cli/src/main.ts', cliEnv, ['communities:move', 'fop'])
  t.equal(await wrong.exited, 2, 'a missing placement is a usage error')
  const unknown = spawnApp(t, 'apps/cli/src/main.ts', cliEnv, ['communities:move', 'fop', 'mars'])
  t.equal(await unknown.exited, 1)
  t.match(unknown.stderr(), /No placement named "mars"/)
})

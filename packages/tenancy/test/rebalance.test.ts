import { randomBytes } from 'node:crypto'
import t from 'tap'
import { loadConfig } from '@kindred/config'
import { createPlacements } from '@kindred/community'
import { buildTestHub, captureLogs, createTestDatabase, freePort, provisionTestCommunity, tenantOf } from '@kindred/testkit'
import { planMoves, proposeMoves, type PlacementSizes } from '../src/moving/rebalance.ts'

// Placements from `{ name: { slug: bytes } }`, in the order written.
const placed = (layout: Record<string, Record<string, number>>): PlacementSizes[] =>
  Object.entries(layout).map(([name, communities]) => ({
    name,
    communities: Object.entries(communities).map(([slug, bytes]) => ({ slug, bytes })),
  }))

t.test('placements within the tolerance of each other are left as they are', async (t) => {
  const even = planMoves(placed({ default: { a: 100, b: 100 }, 'eu-2': { c: 105, d: 95 } }))
  t.same(even, {
    placements: [
      { name: 'default', before: 200, after: 200 },
      { name: 'eu-2', before: 200, after: 200 },
    ],
    moves: [],
    balanced: true,
  })
  const nearly = planMoves(placed({ default: { a: 100, b: 10 }, 'eu-2': { c: 90 } }), { tolerance: 0.2 })
  t.same(nearly.moves, [], 'a gap of exactly the tolerance (20 of a mean of 100) is within it')
  t.equal(nearly.balanced, true)
})

t.test('an overloaded placement gives its largest communities, by slug among equals, to the emptiest in turn', async (t) => {
  const layout = { default: { a: 40, b: 30, c: 20, f: 10, e: 10, d: 10 }, 'eu-2': {}, 'eu-3': {} }
  const plan = planMoves(placed(layout))
  t.same(plan.moves, [
    { slug: 'a', from: 'default', to: 'eu-2', bytes: 40 },
    { slug: 'b', from: 'default', to: 'eu-3', bytes: 30 },
    // c (20) would only swap default (50) and eu-3 (30): d, first of the three communities of 10, narrows the gap.
    { slug: 'd', from: 'default', to: 'eu-3', bytes: 10 },
  ])
  t.same(
    plan.placements.map((placement) => [placement.name, placement.before, placement.after]),
    [
      ['default', 120, 40],
      ['eu-2', 0, 40],
      ['eu-3', 0, 40],
    ],
  )
  t.equal(plan.balanced, true)
  const reversed = placed(layout).map((placement) => ({ ...placement, communities: [...placement.communities].reverse() }))
  t.same(planMoves(reversed), plan, 'the same plan whatever the order of the communities')
})

t.test('a community larger than the gap stays: moving it would only turn the imbalance round', async (t) => {
  const plan = planMoves(placed({ default: { a: 100, b: 60, c: 30, d: 10 }, 'eu-2': { x: 110 } }))
  t.same(
    plan.moves,
    [{ slug: 'b', from: 'default', to: 'eu-2', bytes: 60 }],
    'a (100) is larger than the gap of 90; b is the largest that fits',
  )
  t.equal(plan.balanced, false, 'eu-2 then holds 170 against 140, and only x (110) and b are there')

  const alone = planMoves(placed({ default: { big: 100 }, 'eu-2': { small: 20 } }))
  t.same(alone.moves, [])
  t.equal(alone.balanced, false)
  t.same(planMoves(placed({ default: { big: 100 }, 'eu-2': {} })).moves, [], 'a move that would mirror the gap is no move either')
})

t.test('a tighter tolerance proposes the moves a looser one leaves out', async (t) => {
  const layout = placed({ default: { a: 100, b: 10 }, 'eu-2': { c: 90 } })
  t.same(planMoves(layout).moves, [{ slug: 'b', from: 'default', to: 'eu-2', bytes: 10 }], 'a gap of 20 is over 10% of the mean (100)')
  t.same(planMoves(layout, { tolerance: 0.25 }).moves, [])
})

t.test('the plan stops at maxMoves, and says the placements are still uneven', async (t) => {
  const plan = planMoves(placed({ default: { a: 40, b: 30, c: 20, d: 10, e: 10, f: 10 }, 'eu-2': {}, 'eu-3': {} }), { maxMoves: 2 })
  t.same(
    plan.moves.map((move) => move.slug),
    ['a', 'b'],
  )
  t.same(
    plan.placements.map((placement) => placement.after),
    [50, 40, 30],
  )
  t.equal(plan.balanced, false)
})

t.test('a community is moved once at most, even where moving it on would narrow a gap', async (t) => {
  const plan = planMoves(placed({ one: { small: 2 }, two: { mid: 4 }, three: { c: 7, big: 10, e: 5 } }))
  t.same(plan.moves, [
    { slug: 'big', from: 'three', to: 'one', bytes: 10 },
    { slug: 'small', from: 'one', to: 'two', bytes: 2 },
    { slug: 'e', from: 'three', to: 'two', bytes: 5 },
  ])
  t.same(
    plan.placements.map((placement) => placement.after),
    [10, 11, 7],
    'small (2) is smaller than the last gap (4) but has been moved already',
  )
})

t.test('proposeMoves measures each community schema where the hub says it lives, and moves nothing', async (t) => {
  const hub = await buildTestHub(t)
  for (const slug of ['big', 'quiet', 'small']) await provisionTestCommunity(hub, slug, { placement: 'default' })
  const big = await tenantOf(hub, 'big')
  const author = await big.query.selectFrom('members').select('member_id').executeTakeFirstOrThrow()
  const category = await big.query.selectFrom('categories').select('id').executeTakeFirstOrThrow()
  const thread = await big.query
    .insertInto('threads')
    .values({ category_id: category.id, author_id: author.member_id, title: 'A long one' })
    .returning('id')
    .executeTakeFirstOrThrow()
  // Random text: TOAST would compress a repeated one to almost nothing.
  const posts = Array.from({ length: 1000 }, () => randomBytes(1500).toString('base64'))
  await big.query
    .insertInto('posts')
    .values(posts.map((body) => ({ thread_id: thread.id, author_id: author.member_id, body_markdown: body, body_html: body })))
    .execute()
  // An archived community still occupies its placement.
  await hub.database.db.updateTable('hub.communities').set({ status: 'archived' }).where('slug', '=', 'big').execute()

  const plan = await proposeMoves({ db: hub.database.db, placements: hub.placements })
  t.match(plan.moves, [{ slug: 'big', from: 'default', to: 'eu-2' }])
  t.equal(plan.moves.length, 1)
  const moved = plan.moves[0]?.bytes ?? 0
  t.ok(moved > 4_000_000, `big measured with its posts (${moved} bytes)`)
  const [home, second] = plan.placements
  t.equal(second?.before, 0, 'nothing on eu-2 yet')
  t.ok((home?.before ?? 0) > moved, 'quiet and small measured too')
  t.same([home?.after, second?.after], [(home?.before ?? 0) - moved, moved])
  const where = await hub.database.db.selectFrom('hub.communities').select('placement').where('slug', '=', 'big').executeTakeFirstOrThrow()
  t.equal(where.placement, 'default')
})

t.test('a placement that cannot be reached fails the proposal', async (t) => {
  const test = await createTestDatabase(t)
  const config = loadConfig({ DATABASE_URL: test.url, KINDRED_PLACEMENTS: `gone=postgres://kindred@127.0.0.1:${await freePort()}/kindred` })
  const placements = createPlacements({ hubUrl: test.url, config, applicationName: 'kindred-test', logger: captureLogs('warn').logger })
  t.teardown(() => placements.close())
  await t.rejects(proposeMoves({ db: test.database.db, placements }), { code: 'ECONNREFUSED' })
})

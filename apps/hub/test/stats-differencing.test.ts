import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import t, { type Test } from 'tap'
import { kindredTasks } from '@kindred/jobs'
import { aggregateCommunity, aggregateNetwork, requestStatisticsRun } from '@kindred/statistics'
import {
  buildTestHub,
  provisionTestCommunity,
  runDueJobs,
  signUp,
  tenantOf,
  type SignedUp,
  type TestHub,
  taskDependencies,
} from '@kindred/testkit'

// A hostile reader of GET /v1/stats: it polls the public document whenever it might have changed (between
// every community's run of a day, around archiving and restoring a community, across the next day's run) and
// combines every answer it saw. Nothing it can combine may reveal a count the answers suppress. Written
// against the public API and the real jobs only, so that it can move to the hostile suite as it is.

type Count = { value: number } | { suppressed: true }
type Figures = Record<string, Count>

interface Answer {
  threshold: number
  latestDay: string | null
  network: { communities: number; latestDay: Figures; last12Months: Figures }
  communities: Array<{ slug: string; latestDay: Figures | null; last12Months: Figures | null }>
}

interface Observation {
  when: string
  answer: Answer
}

// Every published group: one figure of one period, its cells (the communities that have the period) and its total.
const groups = [
  ['latestDay', 'members'],
  ['latestDay', 'activeMembers30d'],
  ['latestDay', 'threads'],
  ['last12Months', 'membersJoined'],
  ['last12Months', 'threads'],
] as const

interface Group {
  name: string
  cells: Array<{ slug: string; count: Count }>
  total: Count
}

function groupsOf(answer: Answer): Group[] {
  return groups.map(([period, figure]) => ({
    name: `${period}.${figure}`,
    cells: answer.communities.flatMap((community) => {
      const count = community[period]?.[figure]
      return count === undefined ? [] : [{ slug: community.slug, count }]
    }),
    total: answer.network[period][figure] ?? { suppressed: true },
  }))
}

const valueOf = (count: Count): number | undefined => ('value' in count ? count.value : undefined)

// The rule within one answer: no count from 1 to k is published, and where a total is published over
// suppressed cells, subtraction pins none of them below k (docs/decisions.md, "publishing safely").
function ruleBreaches(answer: Answer): string[] {
  const k = answer.threshold
  return groupsOf(answer).flatMap((group) => {
    const breaches: string[] = []
    for (const { slug, count } of [...group.cells, { slug: 'network', count: group.total }]) {
      const value = valueOf(count)
      if (value !== undefined && value >= 1 && value <= k) breaches.push(`${group.name}: ${slug} published as ${value}`)
    }
    const total = valueOf(group.total)
    const suppressed = group.cells.filter((cell) => valueOf(cell.count) === undefined)
    if (total !== undefined && suppressed.length > 0) {
      const sum = total - group.cells.reduce((known, cell) => known + (valueOf(cell.count) ?? 0), 0)
      if (suppressed.length < 2 || sum - (suppressed.length - 1) < k)
        breaches.push(`${group.name}: ${suppressed.length} suppressed cells adding up to ${sum} under a published total`)
    }
    return breaches
  })
}

interface Equation {
  coefficients: Map<string, number>
  value: number
}

// The unknowns that linear equations pin down to a single value: reduced row echelon form, then every pivot
// whose row has no unknown left but its own.
function determined(equations: readonly Equation[]): Map<string, number> {
  const names = [...new Set(equations.flatMap((equation) => [...equation.coefficients.keys()]))]
  const rows = equations.map((equation) => [...names.map((name) => equation.coefficients.get(name) ?? 0), equation.value])
  const at = (row: number, column: number): number => rows[row]?.[column] ?? 0
  const pivots: number[] = []
  for (let column = 0; column < names.length && pivots.length < rows.length; column += 1) {
    const top = pivots.length
    const found = rows.findIndex((_, row) => row >= top && Math.abs(at(row, column)) > 1e-9)
    if (found === -1) continue
    const pivotRow = rows[found] ?? []
    rows[found] = rows[top] ?? []
    const scale = pivotRow[column] ?? 1
    const pivot = pivotRow.map((entry) => entry / scale)
    rows[top] = pivot
    for (const [index, row] of rows.entries()) {
      const factor = row[column] ?? 0
      if (index !== top && Math.abs(factor) > 1e-9) rows[index] = row.map((entry, j) => entry - factor * (pivot[j] ?? 0))
    }
    pivots.push(column)
  }
  const known = new Map<string, number>()
  pivots.forEach((column, row) => {
    const alone = names.every((_, other) => other === column || Math.abs(at(row, other)) < 1e-9)
    if (alone) known.set(names[column] ?? '', Math.round(at(row, names.length)))
  })
  return known
}

// Everything the answers of one published day say about each group (a cell is the same in every answer of
// its day: that is what a published day means), and the suppressed cells that this pins down.
function derivedCells(answers: readonly Observation[]): string[] {
  return groups.flatMap(([period, figure]) => {
    const name = `${period}.${figure}`
    const equations: Equation[] = []
    const suppressed = new Set<string>()
    for (const { answer } of answers) {
      const group = groupsOf(answer).find((candidate) => candidate.name === name)
      if (group === undefined) continue
      for (const { slug, count } of group.cells) {
        const value = valueOf(count)
        if (value === undefined) suppressed.add(slug)
        else equations.push({ coefficients: new Map([[slug, 1]]), value })
      }
      const total = valueOf(group.total)
      if (total !== undefined) equations.push({ coefficients: new Map(group.cells.map((cell) => [cell.slug, 1])), value: total })
    }
    const known = determined(equations)
    return [...suppressed].flatMap((slug) => {
      const value = known.get(slug)
      return value === undefined ? [] : [`${name}: ${slug} is suppressed, yet the answers give ${value}`]
    })
  })
}

const sizes = { alpha: 40, bravo: 60, charlie: 3, delta: 4, echo: 4, foxtrot: 25 } as const
type Slug = keyof typeof sizes
const slugs = Object.keys(sizes) as Slug[]
const dayMs = 86_400_000

interface Network {
  hub: TestHub
  staff: SignedUp
  ids: Record<Slug, string>
  observations: Observation[]
  observe(when: string): Promise<void>
}

// Six communities live for a month, with members who joined 20 days ago: three large, three small.
async function network(t: Test, now: Date): Promise<Network> {
  const hub = await buildTestHub(t)
  const { db } = hub.database
  const staff = await signUp(hub, 'steward', { staff: true })
  const ids = {} as Record<Slug, string>
  for (const slug of slugs) {
    await provisionTestCommunity(hub, slug)
    const community = await db.selectFrom('hub.communities').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()
    ids[slug] = community.id
    const monthAgo = new Date(now.getTime() - 30 * dayMs)
    await sql`update hub.communities set created_at = ${monthAgo}, live_at = ${monthAgo} where id = ${community.id}`.execute(db)
    const tenant = await tenantOf(hub, slug)
    const joinedAt = new Date(now.getTime() - 20 * dayMs)
    const members = Array.from({ length: sizes[slug] }, (_, n) => ({
      member_id: randomUUID(),
      pseudonym: `${slug} member ${n}`,
      joined_at: joinedAt,
    }))
    await tenant.query.insertInto('members').values(members).execute()
  }
  const observations: Observation[] = []
  const observe = async (when: string): Promise<void> => {
    const reply = await hub.app.inject({ url: '/v1/stats' })
    t.equal(reply.statusCode, 200, when)
    observations.push({ when, answer: reply.json<Answer>() })
  }
  return { hub, staff, ids, observations, observe }
}

const deps = (hub: TestHub) => ({
  ...taskDependencies({ db: hub.database.db, placements: hub.placements, logger: hub.logs.logger, config: hub.config }),
  mailer: hub.mailer,
})

// A day's run as the jobs make it, at an earlier moment: community after community, the debounced network
// roll-up possibly firing between any two of them.
async function runAt(net: Network, at: Date, label: string): Promise<void> {
  for (const slug of slugs) {
    const run = await aggregateCommunity(deps(net.hub), net.ids[slug], { now: at, queueNetwork: false })
    if (run?.from != null) await aggregateNetwork(deps(net.hub), run.from, { now: at })
    await net.observe(`${label}, after ${slug}`)
  }
}

// Queued jobs of the statistics wait until released, so that the reader can look between any two.
async function release(net: Network, key: string): Promise<void> {
  const { db, pool } = net.hub.database
  await sql`update graphile_worker._private_jobs set run_at = now() where key = ${key}`.execute(db)
  await runDueJobs(pool, kindredTasks(deps(net.hub)))
}

// The scheduled fan-out (stats__aggregate), its community jobs held back.
async function fanOut(net: Network): Promise<void> {
  const { db, pool } = net.hub.database
  await requestStatisticsRun(db)
  await runDueJobs(pool, { stats__aggregate: kindredTasks(deps(net.hub)).stats__aggregate })
  await sql`update graphile_worker._private_jobs set run_at = now() + interval '1 day'`.execute(db)
}

// A later scheduled run: every community's job, then the network roll-up.
async function hourlyRun(net: Network, label: string): Promise<void> {
  await fanOut(net)
  for (const slug of slugs) await release(net, `stats:${net.ids[slug]}`)
  await release(net, 'stats:network')
  await net.observe(`${label}, after the run`)
}

async function staffAction(net: Network, slug: Slug, action: 'archive' | 'restore'): Promise<void> {
  const reply = await net.hub.app.inject({
    method: 'POST',
    url: `/v1/admin/communities/${slug}/${action}`,
    headers: { authorization: `Bearer ${net.staff.accessToken}` },
    payload: { reason: 'testing what the statistics reveal' },
  })
  if (reply.statusCode !== 200) throw new Error(`${action} ${slug} answered ${reply.statusCode}: ${reply.body}`)
  await net.observe(`after ${action} of ${slug}`)
}

t.test(
  'no suppressed count can be derived from any answers of GET /v1/stats, however often they are read during runs, archiving and restoring',
  async (t) => {
    const now = new Date()
    const day = (days: number): string => new Date(now.getTime() + days * dayMs).toISOString().slice(0, 10)
    const net = await network(t, now)
    await net.observe('before any run')

    await runAt(net, new Date(now.getTime() - 2 * dayMs), 'the run of two days ago')
    await runAt(net, new Date(now.getTime() - dayMs), 'yesterday’s run')
    await staffAction(net, 'charlie', 'archive')
    await staffAction(net, 'charlie', 'restore')

    // Today's run through the real jobs; foxtrot's job has not run when staff archive it.
    await fanOut(net)
    for (const slug of slugs.filter((slug) => slug !== 'foxtrot')) {
      await release(net, `stats:${net.ids[slug]}`)
      await net.observe(`today’s run, after ${slug}`)
      await release(net, 'stats:network')
      await net.observe(`today’s run, after ${slug} and a network roll-up`)
    }
    await staffAction(net, 'foxtrot', 'archive')
    await hourlyRun(net, 'an hour later')
    await staffAction(net, 'foxtrot', 'restore')
    await hourlyRun(net, 'two hours later')

    const { observations } = net
    const days = new Map<string, Observation[]>()
    for (const observation of observations) {
      t.same(ruleBreaches(observation.answer), [], `${observation.when}: the answer keeps the rule on its own`)
      const published = observation.answer.latestDay ?? 'none'
      days.set(published, [...(days.get(published) ?? []), observation])
    }
    for (const [published, answers] of days) {
      // Identical to the first answer of the day, hence every pair of the day identical.
      const [first, ...rest] = answers
      for (const later of rest)
        t.same(later.answer, first?.answer, `day ${published}: "${later.when}" is the answer given "${first?.when ?? ''}"`)
      t.same(derivedCells(answers), [], `day ${published}: its ${answers.length} answers together reveal no suppressed cell`)
    }
    t.equal(observations.at(-1)?.answer.latestDay, day(-2), 'the reader ends up with the day before yesterday')
    t.ok(
      [day(-4), day(-3), day(-2)].every((published) => days.has(published)),
      'each run published its day',
    )
    const overSuppressed = observations.some(({ answer }) =>
      groupsOf(answer).some((group) => valueOf(group.total) !== undefined && group.cells.some((cell) => valueOf(cell.count) === undefined)),
    )
    t.ok(overSuppressed, 'some answer publishes a total over suppressed cells: the check is not vacuous')
  },
)

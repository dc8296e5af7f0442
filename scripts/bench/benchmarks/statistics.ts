// Network statistics over seeded communities (200 members, 2,000 posts each over 365 days): the full
// aggregation at 100 and at 1,000 communities (is its time linear in the communities?), the incremental
// run the hourly job makes over 1,000, and the staff time-series endpoint over 1,000 × 365 days of roll-ups.
import { loadConfig } from '@kindred/config'
import type { Database } from '@kindred/db'
import { seedNetwork, type SeedOptions } from '@kindred/seed'
import { aggregateCommunity, aggregateNetwork, backfillStatistics, type StatisticsDependencies } from '@kindred/statistics'
import { createPlacements } from '@kindred/community'
import { hubAudience } from '@kindred/tokens'
import { compareHttp, type HttpMeasurement, type RotatedRequest } from '../http.ts'
import { inLanes } from '../lanes.ts'
import { writeReportSection } from '../report.ts'
import type { BenchEnvironment } from '../environment.ts'
import { loadDescription, measuredOn, measurementTable, printMeasurements, type RunOptions } from '../table.ts'
import { openBenchDatabase, staffAccount, startHubOn } from './hub-setup.ts'

const sizes = { small: 100, large: 1_000 }
const community = { members: 200, threads: 400, replies: 4, days: 365 }
const concurrency = 4
const targets = { incrementalSeconds: 30, seriesP99Ms: 50 }
const staffConnections = 4

interface Timed {
  seconds: number
  perSecond: number
}

/** A full aggregation, with the part spent on the communities (the rest rolls the network up). */
interface Backfill extends Timed {
  communitySeconds: number
}

async function timed(count: number, run: () => Promise<unknown>): Promise<Timed> {
  const started = performance.now()
  await run()
  const seconds = (performance.now() - started) / 1000
  return { seconds, perSecond: count / seconds }
}

async function fullAggregation(deps: StatisticsDependencies, count: number): Promise<Backfill> {
  const started = performance.now()
  let communitiesDone = started
  const onProgress = ({ done, total }: { done: number; total: number }): void => {
    if (done === total) communitiesDone = performance.now()
  }
  const run = await timed(count, () => backfillStatistics(deps, { concurrency, onProgress }))
  return { ...run, communitySeconds: (communitiesDone - started) / 1000 }
}

async function seedTo(deps: StatisticsDependencies, total: number, seeded: number): Promise<void> {
  const options: SeedOptions = { communities: total - seeded, ...community, concurrency }
  process.stderr.write(`  seeding ${total - seeded} communities (${total} in all)\n`)
  await seedNetwork({ db: deps.db, placements: deps.placements, logger: deps.logger }, options)
}

// The first `count` communities computed again from their first day, without the network: the same work as
// at the small size, done with the large network around it.
async function firstCommunitiesAgain(deps: StatisticsDependencies, count: number): Promise<Timed> {
  const first = await deps.db.selectFrom('hub.communities').select('id').where('status', '=', 'live').orderBy('id').limit(count).execute()
  return timed(count, () => inLanes(first, concurrency, (item) => aggregateCommunity(deps, item.id, { from: null, queueNetwork: false })))
}

// What the hourly job does for every community, the network roll-up after them.
async function incrementalRun(deps: StatisticsDependencies): Promise<void> {
  const communities = await deps.db.selectFrom('hub.communities').select('id').where('status', '=', 'live').execute()
  const written: string[] = []
  await inLanes(communities, concurrency, async (item) => {
    const run = await aggregateCommunity(deps, item.id, { queueNetwork: false })
    if (run?.from != null) written.push(run.from)
  })
  const earliest = written.sort()[0]
  if (earliest !== undefined) await aggregateNetwork(deps, earliest)
}

// The hub on the statistics database, and a staff member's token for it.
async function staffHub(
  environment: BenchEnvironment,
  database: Database,
  url: string,
): Promise<{ authorization: string; hubUrl: string }> {
  const { tokens, hubUrl } = await startHubOn(environment, database, url)
  const staffId = await staffAccount(database.db, 'stats-bench@example.org')
  return { authorization: `Bearer ${await tokens.sign({ subject: staffId, audience: hubAudience })}`, hubUrl }
}

async function seriesRequests(database: Database, authorization: string): Promise<RotatedRequest[]> {
  const slugs = await database.db.selectFrom('hub.communities').select('slug').where('status', '=', 'live').orderBy('id').execute()
  const to = new Date().toISOString().slice(0, 10)
  const from = new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10)
  return slugs.map(({ slug }) => ({
    method: 'GET',
    path: `/v1/admin/stats/communities/${slug}?from=${from}&to=${to}`,
    headers: { authorization },
  }))
}

export async function statistics(environment: BenchEnvironment, options: RunOptions): Promise<void> {
  const { database, url } = await openBenchDatabase(environment, 'kindred-bench-stats', concurrency + 2)
  const config = loadConfig({ DATABASE_URL: url, PLACEMENT_POOL_MAX: String(concurrency) })
  const placements = createPlacements({ hubUrl: url, config, applicationName: 'kindred-bench-stats', logger: environment.logger })
  environment.onEnd(() => placements.close())
  const deps: StatisticsDependencies = { db: database.db, placements, logger: environment.logger }

  await seedTo(deps, sizes.small, 0)
  const small = await fullAggregation(deps, sizes.small)
  await seedTo(deps, sizes.large, sizes.small)
  const large = await fullAggregation(deps, sizes.large)
  const smallAgain = await firstCommunitiesAgain(deps, sizes.small)
  const largeAgain = await fullAggregation(deps, sizes.large)
  const incremental = await timed(sizes.large, () => incrementalRun(deps))

  const { authorization, hubUrl } = await staffHub(environment, database, url)
  const requests = await seriesRequests(database, authorization)
  const series = await compareHttp({ series: { url: hubUrl, requests } }, { ...options, connections: staffConnections })
  const busy = await compareHttp({ series: { url: hubUrl, requests } }, options)
  await report(options, { small, large, smallAgain, largeAgain, incremental, series: series.series, busy: busy.series })
}

interface StatisticsFigures {
  small: Backfill
  large: Backfill
  smallAgain: Timed
  largeAgain: Backfill
  incremental: Timed
  series: HttpMeasurement
  busy: HttpMeasurement
}

async function report(options: RunOptions, figures: StatisticsFigures): Promise<void> {
  const { small, large, smallAgain, largeAgain, incremental, series, busy } = figures
  const growth = large.seconds / small.seconds
  const communityGrowth = large.communitySeconds / small.communitySeconds
  const network = (run: Backfill): string => (run.seconds - run.communitySeconds).toFixed(1)
  printMeasurements({ [`series (${staffConnections} connections)`]: series, [`series (${options.connections} connections)`]: busy })
  const verdicts = [
    `- **Full aggregation: ${small.perSecond.toFixed(1)} communities/s at ${sizes.small}, ${large.perSecond.toFixed(1)} at ${sizes.large}**: ${small.seconds.toFixed(1)} s and ${large.seconds.toFixed(1)} s, ×${growth.toFixed(1)} for ×${sizes.large / sizes.small} the communities (linear: ×${sizes.large / sizes.small}).`,
    `- Of which the communities: ${small.communitySeconds.toFixed(1)} s and ${large.communitySeconds.toFixed(1)} s (×${communityGrowth.toFixed(1)}); the network and incubator roll-up of every day: ${network(small)} s and ${network(large)} s.`,
    `- The first ${sizes.small} communities computed again once all ${sizes.large} are there: ${smallAgain.seconds.toFixed(1)} s (${smallAgain.perSecond.toFixed(1)} communities/s; ${small.communitySeconds.toFixed(1)} s when they were alone). All ${sizes.large} computed a second time: ${largeAgain.seconds.toFixed(1)} s (${largeAgain.perSecond.toFixed(1)} communities/s), ×${(largeAgain.seconds / small.seconds).toFixed(1)} the time at ${sizes.small}. The first pass over freshly written tenants also pays PostgreSQL's first reads of new rows (setting their hint bits), which the ${sizes.small} had paid in the run at ${sizes.small}.`,
    `- **Incremental run over ${sizes.large} communities: ${incremental.seconds.toFixed(1)} s** — target under ${targets.incrementalSeconds} s.`,
    `- **Staff time series, a year of one community: p99 ${series.latencyP99Ms} ms with ${staffConnections} connections** — target under ${targets.seriesP99Ms} ms; p99 ${busy.latencyP99Ms} ms with ${options.connections}.`,
  ].join('\n')
  process.stdout.write(`${verdicts}\n`)
  await writeReportSection(
    'statistics',
    `## Statistics: aggregation from 100 to 1,000 communities, the hourly run, staff time series

Communities seeded by \`npm run kindred -- seed\`'s code (${community.members} members, ${community.threads} threads with ${community.replies} replies
each: ${community.threads * (1 + community.replies)} posts, over ${community.days} days), ${concurrency} communities aggregated at once. The full
aggregation is \`stats:backfill\`'s code (every day of every community, then the network's); the incremental
run is what the hourly job does (each community from the day after its last complete one, then the
network's days). The time series is \`GET /v1/admin/stats/communities/:slug\` for a year of all metrics,
the ${sizes.large} communities in turn, with a staff token, on the hub's real app.

${loadDescription(options)}

${measurementTable({ [`Staff time series (${staffConnections} connections)`]: series, [`Staff time series (${options.connections} connections)`]: busy })}

${verdicts}

${measuredOn()}
`,
  )
}

// The staff console over 1,000 communities with a year of figures (issue 17): the dashboard as it opens and
// sorted by a computed column, a community's chart page and the network's, at 10 concurrent staff; each
// against the hub's GET /healthz at the same load in the same run, the cost of any request to the hub.
import { compareHttp, type HttpMeasurement, type RotatedRequest } from '../http.ts'
import { writeReportSection } from '../report.ts'
import type { BenchEnvironment } from '../environment.ts'
import { loadDescription, measuredOn, measurementTable, printMeasurements, type RunOptions } from '../table.ts'
import { browserHeaders, signedInCookie } from './browser-session.ts'
import { openBenchDatabase, staffAccount, startHubOn } from './hub-setup.ts'
import { seedFigures } from './staff-setup.ts'

const size = { communities: 1_000, days: 365 }
const staffConnections = 10
const seedLanes = 4
const targetP99Ms = { dashboard: 150, chart: 100 }
const sortedBy = 'sort=oldestReportSeconds&direction=desc'

type Page = 'dashboard' | 'dashboardSorted' | 'communityChart' | 'networkChart'

const pageNames: Record<Page, string> = {
  dashboard: '`GET /staff`, as it opens',
  dashboardSorted: '`GET /staff`, sorted by oldest open report',
  communityChart: 'A community’s chart page',
  networkChart: 'The network’s chart page',
}

// Each staff member's browser with its own web session, asking for `paths` in turn: as many requests as
// there are paths or staff, whichever is more, so that every session is used.
function asStaff(cookies: readonly string[], paths: readonly string[]): RotatedRequest[] {
  return Array.from({ length: Math.max(paths.length, cookies.length) }, (_, index) => ({
    method: 'GET',
    path: paths[index % paths.length] ?? '/',
    headers: { ...browserHeaders, cookie: cookies[index % cookies.length] ?? '' },
  }))
}

export async function staff(environment: BenchEnvironment, options: RunOptions): Promise<void> {
  const { database, url } = await openBenchDatabase(environment, 'kindred-bench-staff', environment.config.database.poolMax)
  process.stderr.write(`  seeding ${size.communities} communities with ${size.days} days of figures each\n`)
  const { slugs, from, to } = await seedFigures(database, { ...size, lanes: seedLanes })
  const { hubUrl } = await startHubOn(environment, database, url)
  const cookies = await Promise.all(
    Array.from({ length: staffConnections }, async (_, index) =>
      signedInCookie(database.db, hubUrl, await staffAccount(database.db, `staff-bench-${index}@example.org`)),
    ),
  )
  const year = `from=${from}&to=${to}&group=week&view=exact`
  const metrics = 'metric=membersTotal&metric=activeMembers30d&metric=threads'
  const rotation = (paths: readonly string[]) => ({ url: hubUrl, requests: asStaff(cookies, paths) })
  const load = { ...options, connections: staffConnections }
  const results = await compareHttp(
    {
      healthz: `${hubUrl}/healthz`,
      dashboard: rotation(['/staff']),
      dashboardSorted: rotation([`/staff?${sortedBy}`]),
      communityChart: rotation(slugs.map((slug) => `/staff/charts?community=${slug}&${metrics}&${year}`)),
      networkChart: rotation([`/staff/charts?${metrics}&${year}`]),
    },
    load,
  )
  await report(load, results, slugs.length)
}

function figureRows(results: Record<Page | 'healthz', HttpMeasurement>): string[] {
  const { healthz } = results
  return (Object.keys(pageNames) as Page[]).map((page) => {
    const measured = results[page]
    const target = page.startsWith('dashboard') ? targetP99Ms.dashboard : targetP99Ms.chart
    const p99 = measured.latencyP99Ms / Math.max(1, healthz.latencyP99Ms)
    const throughput = measured.requestsPerSecond / healthz.requestsPerSecond
    return `| ${pageNames[page]} | ${measured.latencyP99Ms} ms | < ${target} ms | ${p99.toFixed(1)}× | ${throughput.toFixed(3)} |`
  })
}

async function report(options: RunOptions, results: Record<Page | 'healthz', HttpMeasurement>, live: number): Promise<void> {
  const rows = {
    'GET /healthz (baseline)': results.healthz,
    Dashboard: results.dashboard,
    'Dashboard, sorted': results.dashboardSorted,
    'Community chart': results.communityChart,
    'Network chart': results.networkChart,
  }
  printMeasurements(rows)
  const figures = [
    '| Page | p99 latency | Target (issue 17) | p99 / `/healthz` p99 | Requests/s / `/healthz` requests/s |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...figureRows(results),
  ].join('\n')
  process.stdout.write(`${figures}\n`)
  await writeReportSection(
    'staff',
    `## Staff console: the dashboard and a chart page with 1,000 communities and a year of figures

${size.communities} communities on the hub (${live} live, the others failed to provision), each live one with ${size.days} days of
roll-ups ending today (today's provisional) as the statistics job writes them, the network's days rolled up
from them by the job's own code; figures vary so that communities raise every alert (reports and join
requests waiting, idle moderators, no owner). ${staffConnections} staff members, each signed in with their own web session and
CSRF cookie as a browser is, asking for brotli, on the hub's real app: the dashboard (\`GET /staff\`, its
first page of 50 as it opens, and sorted by the oldest open report: \`?${sortedBy}\`), a community's chart page
(\`/staff/charts?community=…\` with members, active members and threads over the year by week, the
${live} communities in turn) and the network's (the same metrics, no community). The baseline is the same
hub's \`GET /healthz\` at the same load, in the same run.

${loadDescription(options)}

${measurementTable(rows)}

${figures}

${measuredOn()}
`,
  )
}

import t from 'tap'
import { aggregateNetwork } from '@kindred/statistics'
import {
  buildTestHub,
  csrfOf,
  insertBareCommunity,
  insertDayFigures,
  locationOf,
  provisionTestCommunity,
  runJobsAndDelayed,
  siteStaff,
  type TestHub,
} from '@kindred/testkit'

const addDays = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
const first = '2025-03-01'
const count = 45

// Each day's figures differ, so a sum and a last value give different answers.
const figuresOf = (index: number, offset: number) => ({
  members: 30 + offset + index * 2,
  threads: (index + offset) % 4,
  joined: index % 3,
})

async function seed(hub: TestHub): Promise<void> {
  for (const [slug, offset] of [
    ['alpha', 0],
    ['beta', 7],
  ] as const) {
    const id = await insertBareCommunity(hub, slug)
    for (let index = 0; index < count; index++) await insertDayFigures(hub, id, addDays(first, index), figuresOf(index, offset))
  }
  await aggregateNetwork({ db: hub.database.db }, first)
}

function csvRows(body: string): string[][] {
  return body
    .trim()
    .split('\r\n')
    .map((line) => line.split(','))
}

t.test('the charts page: charts with their tables, counts added up and levels taken at the period’s end', async (t) => {
  const hub = await buildTestHub(t, { secondPlacement: false })
  await seed(hub)
  const staff = await siteStaff(hub, 'staffer')
  const to = addDays(first, count - 1)

  const page = await staff.get(`/staff/charts?from=${first}&to=${to}&group=week&metric=membersTotal&metric=threads`)
  t.equal(page.statusCode, 200, page.body.slice(0, 300))
  t.match(
    page.body,
    /<svg[^>]*role="img"[^>]*aria-labelledby="chart-membersTotal-title"[^>]*aria-describedby="chart-membersTotal-desc"/,
    'a chart is an image with a name',
  )
  t.match(page.body, '<title id="chart-threads-title">', 'each metric its chart')
  t.match(page.body, /<details>\s*<summary>/, 'the figures as a table')
  t.match(page.body, 'href="/staff/charts/series.csv?', 'a CSV of the same')
  t.match(page.body, 'Incubator funnel', 'the network has the funnel')
  t.match(page.body, 'Latest complete day', 'freshness shown')
  t.match(page.body, 'action="/staff/charts/refresh"', 'refresh offered')

  const csv = await staff.get(
    `/staff/charts/series.csv?community=alpha&metric=membersTotal&metric=threads&from=${first}&to=${to}&group=month&view=exact`,
  )
  t.equal(csv.statusCode, 200)
  t.match(csv.headers['content-type'], /^text\/csv/)
  t.match(csv.headers['content-disposition'], /^attachment; filename="kindred-alpha-month-/)
  const rows = csvRows(csv.body)
  t.same(rows[0], ['periodStart', 'periodEnd', 'membersTotal', 'threads'])
  const days = Array.from({ length: count }, (_, index) => ({ day: addDays(first, index), ...figuresOf(index, 0) }))
  const months = [...new Set(days.map((day) => day.day.slice(0, 7)))]
  t.same(
    rows.slice(1),
    months.map((month) => {
      const of = days.filter((day) => day.day.startsWith(month))
      return [of[0]?.day, of.at(-1)?.day, String(of.at(-1)?.members), String(of.reduce((sum, day) => sum + day.threads, 0))]
    }),
    'a month: the sum of its threads, its last day’s members',
  )

  const network = csvRows(
    (await staff.get(`/staff/charts/series.csv?metric=communities&metric=membersTotal&from=${to}&to=${to}&group=day`)).body,
  )
  t.same(network[1], [to, to, '2', String(figuresOf(count - 1, 0).members + figuresOf(count - 1, 7).members)], 'the network adds them up')

  const funnel = await staff.get(`/staff/charts/funnel.csv?from=${first}&to=${to}`)
  t.equal(funnel.statusCode, 200)
  t.same(
    csvRows(funnel.body).map((row) => row[0]),
    ['stage', 'proposed', 'ready', 'approved', 'live'],
  )
})

t.test('as the public would see it: small counts suppressed, in the page and the CSV', async (t) => {
  const hub = await buildTestHub(t, { secondPlacement: false })
  await seed(hub)
  const staff = await siteStaff(hub, 'staffer')
  const day = addDays(first, 5)
  const url = (view: string) =>
    `/staff/charts/series.csv?community=alpha&metric=threads&metric=membersTotal&from=${day}&to=${day}&group=day&view=${view}`
  const figures = figuresOf(5, 0)
  t.ok(figures.threads >= 1 && figures.threads <= hub.config.statistics.suppressionThreshold, 'a small count to hide')
  t.ok(figures.members > hub.config.statistics.suppressionThreshold, 'and one to show')
  t.same(
    csvRows((await staff.get(url('exact'))).body)[1],
    [day, day, String(figures.members), String(figures.threads)],
    'exact for staff (metrics in their canonical order)',
  )
  t.same(csvRows((await staff.get(url('public'))).body)[1], [day, day, String(figures.members), 'suppressed'], 'suppressed as in public')
  const page = await staff.get(`/staff/charts?community=alpha&metric=threads&from=${day}&to=${day}&group=day&view=public`)
  t.match(page.body, 'As the public would see it: small counts are suppressed')
  t.match(page.body, /<td class="number">suppressed<\/td>/)
  t.notMatch(page.body, `<td class="number">${figures.threads}</td>`)
})

t.test('a choice that cannot be shown says why', async (t) => {
  const hub = await buildTestHub(t, { secondPlacement: false })
  const staff = await siteStaff(hub, 'staffer')
  const backwards = await staff.get('/staff/charts?from=2025-03-10&to=2025-03-01')
  t.equal(backwards.statusCode, 400)
  t.match(backwards.body, 'role="alert"')
  t.equal((await staff.get('/staff/charts?from=2023-01-01&to=2025-01-01')).statusCode, 400, 'more than a year')
  t.equal((await staff.get('/staff/charts?from=2025-02-30')).statusCode, 400, 'not a day')
  const unknown = await staff.get('/staff/charts?community=nobody-here')
  t.equal(unknown.statusCode, 404)
  t.match(unknown.body, 'No community has this address')
  t.equal((await staff.get('/staff/charts/series.csv?community=nobody-here')).statusCode, 404)
  t.equal((await staff.get('/staff/charts?view=secret')).statusCode, 400, 'a view that does not exist')
  const empty = await staff.get('/staff/charts?community=&from=&to=')
  t.equal(empty.statusCode, 200, 'blank fields mean the defaults')
  t.match(empty.body, 'No figures in this range yet')
})

t.test('refresh now: queued, then its page follows the communities and the network until done', async (t) => {
  const hub = await buildTestHub(t, { secondPlacement: false })
  await provisionTestCommunity(hub, 'fop')
  await provisionTestCommunity(hub, 'als')
  const staff = await siteStaff(hub, 'staffer')
  const charts = await staff.get('/staff/charts')
  t.equal((await staff.post('/staff/charts/refresh', {})).statusCode, 403, 'not without the CSRF token')
  const queued = await staff.post('/staff/charts/refresh', { _csrf: csrfOf(charts) })
  t.equal(queued.statusCode, 303)
  const runPage = locationOf(queued)
  t.match(runPage, /^\/staff\/charts\/runs\/\d+$/)

  const waiting = await staff.get(runPage)
  t.equal(waiting.statusCode, 200)
  t.match(waiting.body, '0 of 2 communities done')
  t.equal(waiting.headers.refresh, '3', 'reloads itself while running')
  t.match(waiting.body, `every few seconds. <a href="${runPage}">Reload now</a> · <a href="${runPage}?reload=off">Stop reloading</a>`)
  const stopped = await staff.get(`${runPage}?reload=off`)
  t.equal(stopped.headers.refresh, undefined, 'unless asked not to')
  t.match(stopped.body, `<p><a href="${runPage}">Reload now</a></p>`, 'and offers to reload by hand')

  await runJobsAndDelayed(hub)
  const done = await staff.get(runPage)
  t.match(done.body, 'Done: every community and the network are up to date.')
  t.equal(done.headers.refresh, undefined, 'stops reloading once done')
  t.equal((await staff.get('/staff/charts/runs/999999')).statusCode, 404)
})

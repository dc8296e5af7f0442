import t from 'tap'
import { healthDashboard, type HealthAlertSettings, type HealthQuery } from '@kindred/statistics'
import {
  completeThrough,
  createTestDatabase,
  insertBareCommunity,
  insertDayFigures,
  insertDaysFigures,
  type DayFigures,
} from '@kindred/testkit'

const now = new Date('2026-06-15T12:00:00Z')
const settings: HealthAlertSettings = { moderatorIdleDays: 14, reportWaitHours: 48, joinWaitHours: 72 }
const hoursBefore = (hours: number): string => new Date(now.getTime() - hours * 3_600_000).toISOString()
const dayBefore = (days: number): string => new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10)
const calm: DayFigures = { members: 40, hasOwner: true, lastModeratorActionAt: hoursBefore(24) }

const test = await createTestDatabase(t)
const { db } = test.database
const healthTable = async (query: HealthQuery, alertSettings = settings) => (await healthDashboard(db, query, alertSettings, now)).table

type Status = 'live' | 'archived' | 'provisioning_failed'

// A community whose latest row is today's (provisional), after `history`, and whose aggregation is complete
// through yesterday: marking it writes its dashboard line, as a run does.
async function community(slug: string, today: DayFigures, status: Status = 'live', history: Parameters<typeof insertDaysFigures>[2] = []) {
  const id = await insertBareCommunity(test, slug, status)
  if (status === 'provisioning_failed') return
  if (history.length > 0) await insertDaysFigures(test, id, history)
  await insertDayFigures(test, id, dayBefore(0), today)
  await completeThrough(test, id, dayBefore(1))
}

// 30 complete days of two threads, one answered within 24 hours, first replies after 100 and 300 seconds;
// the day before them is outside the window and must not count.
await community('quiet', { ...calm, members: 52, active7d: 9, active30d: 21 }, 'live', [
  { date: dayBefore(31), figures: { threads: 100, replies: 100, answered24h: 100, firstReplySeconds: [9_000] } },
  ...Array.from({ length: 30 }, (_, index) => ({
    date: dayBefore(index + 1),
    figures: { threads: 2, replies: 3, answered24h: 1, firstReplySeconds: [100, 300] },
  })),
])
await community('waiting', {
  ...calm,
  openReports: 1,
  oldestOpenReportAt: hoursBefore(49),
  pendingJoins: 2,
  oldestPendingJoinAt: hoursBefore(71),
})
await community('ownerless', { ...calm, hasOwner: false, lastModeratorActionAt: null })
await community('idle', { ...calm, lastModeratorActionAt: hoursBefore(15 * 24) })
await community(
  'closed',
  { ...calm, openReports: 1, oldestOpenReportAt: hoursBefore(100), lastModeratorActionAt: hoursBefore(90 * 24) },
  'archived',
)
await community('broken', {}, 'provisioning_failed')

t.test('one line per community: the latest state, and activity over the 30 complete days', async (t) => {
  const { table: page, freshness } = await healthDashboard(db, {}, settings, now)
  t.equal(freshness.completeThrough, dayBefore(1), 'the earliest mark of the live communities')
  t.same(
    page.rows.map((row) => row.slug),
    ['broken', 'closed', 'idle', 'ownerless', 'quiet', 'waiting'],
    'by name by default',
  )
  t.equal(page.total, 6)
  t.same(page.placements, ['default'])
  const line = page.rows.find((row) => row.slug === 'quiet')
  t.match(line, {
    figuresDay: dayBefore(0),
    members: 52,
    activeMembers7d: 9,
    activeMembers30d: 21,
    threads: 60,
    replies: 90,
    answeredShare: 0.5,
    medianFirstReplySeconds: 200,
    openReports: 0,
    oldestReportSeconds: null,
    lastModeratorActionSeconds: 24 * 3600,
    hasOwner: true,
    alerts: [],
  })
  t.match(
    page.rows.find((row) => row.slug === 'broken'),
    { figuresDay: null, members: null, threads: null, hasOwner: null },
  )
})

t.test('alerts: a wait past its threshold, no owner, idle moderators, a failed set-up; never for an archived community', async (t) => {
  const page = await healthTable({})
  const alerts = Object.fromEntries(page.rows.map((row) => [row.slug, row.alerts]))
  t.same(
    alerts,
    {
      broken: ['provisioning_failed'],
      closed: [],
      idle: ['moderators_idle'],
      ownerless: ['no_owner'],
      quiet: [],
      waiting: ['report_waiting'],
    },
    'the join request of 71 hours is within its 72; a community never moderated is measured from its creation',
  )
  const listed = (await healthDashboard(db, {}, settings, now)).alerts
  t.equal(listed.total, 4)
  t.same(
    listed.communities.map((community) => community.slug),
    ['broken', 'idle', 'ownerless', 'waiting'],
  )
  t.equal(listed.communities.find((community) => community.slug === 'waiting')?.oldestReportSeconds, 49 * 3600)
  const stricter = await healthTable({ onlyAlerts: true }, { ...settings, joinWaitHours: 70, reportWaitHours: 50 })
  t.same(stricter.rows.find((row) => row.slug === 'waiting')?.alerts, ['join_waiting'], 'the thresholds are the settings')
})

t.test('sorted by any column with empty figures last, filtered, and cut in pages', async (t) => {
  const byReport = await healthTable({ sort: 'oldestReportSeconds', direction: 'desc' })
  t.same(byReport.rows.map((row) => row.slug).slice(0, 2), ['closed', 'waiting'])
  t.same(
    byReport.rows.map((row) => row.slug).slice(2),
    ['broken', 'idle', 'ownerless', 'quiet'],
    'no figure sorts last, the slug breaking ties',
  )
  const ascending = await healthTable({ sort: 'oldestReportSeconds', direction: 'asc' })
  t.same(ascending.rows.map((row) => row.slug).slice(0, 2), ['waiting', 'closed'])
  t.same(
    (await healthTable({ text: 'QUI' })).rows.map((row) => row.slug),
    ['quiet'],
    'any case',
  )
  t.same((await healthTable({ text: '%' })).rows, [], 'a wildcard is a character')
  t.same(
    (await healthTable({ status: 'archived' })).rows.map((row) => row.slug),
    ['closed'],
  )
  t.equal((await healthTable({ placement: 'elsewhere' })).total, 0)
  const second = await healthTable({ page: 2, pageSize: 4 })
  t.same(
    second.rows.map((row) => row.slug),
    ['quiet', 'waiting'],
  )
  t.match(second, { total: 6, page: 2, pageSize: 4 })
})

t.test('sorted by the activity; a page past the last still counts the lines', async (t) => {
  const byThreads = await healthTable({ sort: 'threads', direction: 'desc' })
  t.same(
    byThreads.rows.map((row) => row.slug),
    ['quiet', 'broken', 'closed', 'idle', 'ownerless', 'waiting'],
  )
  t.match(byThreads.rows[0], { threads: 60, replies: 90, answeredShare: 0.5, medianFirstReplySeconds: 200 })
  t.match(await healthTable({ page: 3, pageSize: 4 }), { rows: [], total: 6, page: 3 })
})

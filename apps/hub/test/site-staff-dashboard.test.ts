import t from 'tap'
import {
  buildTestHub,
  completeThrough,
  insertBareCommunity,
  insertDayFigures,
  insertProposal,
  signUp,
  siteMember,
  siteStaff,
  type DayFigures,
} from '@kindred/testkit'

const hub = await buildTestHub(t, { secondPlacement: false })
const hoursAgo = (hours: number): string => new Date(Date.now() - hours * 3_600_000).toISOString()
const today = new Date().toISOString().slice(0, 10)
const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)

async function community(slug: string, figures: DayFigures, status: 'live' | 'provisioning_failed' = 'live'): Promise<void> {
  const id = await insertBareCommunity(hub, slug, status)
  if (status !== 'live') return
  await insertDayFigures(hub, id, today, { members: 30, lastModeratorActionAt: hoursAgo(2), ...figures })
  await completeThrough(hub, id, yesterday)
}

await community('steady', { members: 812 })
await community('stuck', { openReports: 3, oldestOpenReportAt: hoursAgo(80) })
await community('orphaned', { hasOwner: false })
await community('failed', {}, 'provisioning_failed')
const expiring = await insertProposal(hub.database.db, { slug: 'closing-soon', status: 'open' })
const staff = await siteStaff(hub, 'steward')

t.test('the first page staff see: alerts on top, with what is wrong, and the proposals about to expire', async (t) => {
  const reply = await staff.get('/staff')
  t.equal(reply.statusCode, 200)
  const alerts = reply.body.slice(reply.body.indexOf('id="alerts-title"'), reply.body.indexOf('id="freshness-title"'))
  t.match(alerts, /3 communities need attention/)
  t.match(alerts, /<a href="\/staff\/communities\/stuck">Community stuck<\/a>:\s*a report has waited 3 days/)
  t.match(alerts, /<a href="\/staff\/communities\/orphaned">Community orphaned<\/a>:\s*it has no owner/)
  t.match(alerts, /<a href="\/staff\/communities\/failed">Community failed<\/a>:\s*its set-up failed/)
  t.notMatch(alerts, /steady/)
  t.match(alerts, new RegExp(`<a href="/staff/proposals/${expiring.proposalId}">[^<]+</a>:\\s*support closes`))
  t.match(reply.body, /Latest complete day/, 'the figures’ freshness')
  t.match(
    reply.body,
    /<th scope="col" aria-sort="ascending">\s*<a href="\/staff\?sort=name&amp;direction=desc">Community<\/a>/,
    'sorted by name',
  )
  t.match(reply.body, /<th scope="row"><a href="\/staff\/communities\/steady">Community steady<\/a><\/th>\s*<td>812<\/td>/)
})

t.test('the table sorts by any column, filters, and says when nothing matches', async (t) => {
  const sorted = await staff.get('/staff?sort=oldestReportSeconds&direction=desc')
  t.equal(sorted.statusCode, 200)
  t.match(
    sorted.body,
    /<th scope="col" aria-sort="descending">\s*<a href="\/staff\?sort=oldestReportSeconds&amp;direction=asc">Oldest report<\/a>/,
  )
  const order = [...sorted.body.matchAll(/<th scope="row"><a href="\/staff\/communities\/([a-z-]+)"/g)].map((match) => match[1])
  t.same(order, ['stuck', 'failed', 'orphaned', 'steady'], 'the waiting report first, no figure last')
  const onlyAlerts = await staff.get('/staff?alerts=only&status=live&q=')
  const listed = [...onlyAlerts.body.matchAll(/<th scope="row"><a href="\/staff\/communities\/([a-z-]+)"/g)].map((match) => match[1])
  t.same(listed, ['orphaned', 'stuck'])
  t.match(onlyAlerts.body, /<input type="checkbox" id="alerts" name="alerts" value="only" checked/, 'the form keeps the choice')
  t.match((await staff.get('/staff?q=nothing-like-it')).body, /No community matches these filters/)
})

t.test('more communities than a page: pages, each with its place', async (t) => {
  for (let index = 0; index < 50; index++) await insertBareCommunity(hub, `bulk-${String(index).padStart(2, '0')}`)
  const first = await staff.get('/staff')
  t.match(first.body, /Page 1 of 2 \(54 communities\)/)
  t.match(first.body, /<a href="\/staff\?page=2" rel="next">Next page<\/a>/)
  const second = await staff.get('/staff?page=2')
  t.match(second.body, /Page 2 of 2/)
  t.match(second.body, /<a href="\/staff" rel="prev">Previous page<\/a>/)
  t.equal([...second.body.matchAll(/<th scope="row">/g)].length, 4)
})

t.test('a query the page cannot take is 400; a member is refused', async (t) => {
  for (const query of ['sort=password', 'direction=up', 'page=0', 'alerts=yes', 'status=gone']) {
    t.equal((await staff.get(`/staff?${query}`)).statusCode, 400, query)
  }
  const member = await siteMember(hub, 'ada', [])
  t.equal((await member.get('/staff')).statusCode, 403)
})

t.test('GET /v1/admin/health answers what the page shows', async (t) => {
  const apiStaff = await signUp(hub, 'apisteward', { staff: true })
  const reply = await hub.app.inject({
    method: 'GET',
    url: '/v1/admin/health?alerts=only&sort=oldestReportSeconds&direction=desc',
    headers: { authorization: `Bearer ${apiStaff.accessToken}` },
  })
  t.equal(reply.statusCode, 200, reply.body)
  const body = reply.json<{
    table: { rows: Array<{ slug: string; alerts: string[]; openReports: number | null }>; total: number }
    alerts: { total: number; expiringProposals: Array<{ slug: string }> }
    settings: { reportWaitHours: number }
    freshness: { completeThrough: string | null }
  }>()
  t.same(
    body.table.rows.map((row) => [row.slug, row.alerts]),
    [
      ['stuck', ['report_waiting']],
      ['failed', ['provisioning_failed']],
      ['orphaned', ['no_owner']],
    ],
  )
  t.equal(body.table.total, 3)
  t.equal(body.alerts.total, 3)
  t.same(
    body.alerts.expiringProposals.map((proposal) => proposal.slug),
    ['closing-soon'],
  )
  t.equal(body.settings.reportWaitHours, 48)
  const member = await signUp(hub, 'apimember')
  const refused = await hub.app.inject({
    method: 'GET',
    url: '/v1/admin/health',
    headers: { authorization: `Bearer ${member.accessToken}` },
  })
  t.equal(refused.statusCode, 403)
})

// The staff console's first page in a real Chromium, at a desktop's width and a phone's: it passes axe's WCAG
// 2.2 AA rules, its wide table scrolls inside its own region rather than the page, a column heading sorts by
// it (announced through aria-sort), the filter form narrows the table, and nothing is asked of another origin.
import t from 'tap'
import {
  assertNoProblemsButRefusals,
  buildTestHub,
  checkPage,
  completeThrough,
  insertBareCommunity,
  insertDayFigures,
  launchBrowser,
  openPage,
  siteStaff,
} from '@kindred/testkit'

const hub = await buildTestHub(t, { secondPlacement: false })
const hoursAgo = (hours: number): string => new Date(Date.now() - hours * 3_600_000).toISOString()
const today = new Date().toISOString().slice(0, 10)
for (const [slug, waited] of [
  ['calm', null],
  ['waiting', 60],
  ['late', 120],
] as const) {
  const id = await insertBareCommunity(hub, slug)
  await insertDayFigures(hub, id, today, {
    members: 25,
    openReports: waited === null ? 0 : 1,
    oldestOpenReportAt: waited === null ? null : hoursAgo(waited),
    lastModeratorActionAt: hoursAgo(5),
  })
  await completeThrough(hub, id, today)
}
const staffSession = (await siteStaff(hub, 'steward')).jar.get('kindred_session') ?? ''
const baseUrl = await hub.app.listen({ host: '127.0.0.1', port: 0 })
const browser = await launchBrowser(t)

for (const phone of [false, true]) {
  t.test(`staff read the network's health, sort and filter it (${phone ? 'phone' : 'desktop'})`, async (t) => {
    const { page, context, recorded } = await openPage(browser, t, { baseUrl, phone })
    await context.addCookies([{ name: 'kindred_session', value: staffSession, url: baseUrl }])

    await page.goto('/staff')
    t.match(await page.locator('#alerts-title + p').textContent(), /2 communities need attention/)
    await checkPage(t, page, 'the dashboard')

    await page.getByRole('link', { name: 'Oldest report', exact: true }).click()
    await page.waitForURL('**/staff?sort=oldestReportSeconds&direction=asc')
    t.equal(await page.getByRole('columnheader', { name: 'Oldest report' }).getAttribute('aria-sort'), 'ascending')
    await page.getByRole('link', { name: 'Oldest report', exact: true }).click()
    await page.waitForURL('**/staff?sort=oldestReportSeconds&direction=desc')
    const firstRow = page.getByRole('table').getByRole('rowheader').first()
    t.equal(await firstRow.textContent(), 'Community late', 'the longest wait first')
    await checkPage(t, page, 'the dashboard sorted')

    await page.getByLabel('Name or address').fill('CALM')
    await page.getByRole('button', { name: 'Filter' }).click()
    await page.waitForURL('**/staff?q=CALM*')
    t.equal(await page.getByRole('table').getByRole('rowheader').count(), 1)
    t.equal(await page.getByRole('columnheader', { name: 'Oldest report' }).getAttribute('aria-sort'), 'descending', 'the sort kept')
    await checkPage(t, page, 'the dashboard filtered')

    assertNoProblemsButRefusals(t, recorded, { console: 'no console error', others: 'no uncaught error, no request to another origin' })
  })
}

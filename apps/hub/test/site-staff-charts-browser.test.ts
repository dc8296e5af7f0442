// The staff console's charts in a real Chromium, at a desktop's width and a phone's: the network's and a
// community's charts pass axe's WCAG 2.2 AA rules (SVG images named and described, their tables, the public
// switch), fit their width, and nothing is asked of another origin. "Refresh now" leads to its run's page,
// which staff can stop from reloading.
import t from 'tap'
import { aggregateNetwork } from '@kindred/statistics'
import {
  assertNoProblemsButRefusals,
  buildTestHub,
  checkPage,
  insertBareCommunity,
  insertDayFigures,
  launchBrowser,
  openPage,
  siteStaff,
} from '@kindred/testkit'

const hub = await buildTestHub(t, { secondPlacement: false })
const today = new Date()
const dayBefore = (days: number): string => new Date(today.getTime() - days * 86_400_000).toISOString().slice(0, 10)
const alpha = await insertBareCommunity(hub, 'alpha')
for (let days = 120; days >= 1; days--) {
  await insertDayFigures(hub, alpha, dayBefore(days), {
    members: 200 - days,
    threads: days % 6,
    joined: days % 4,
    active30d: 50 + (days % 9),
  })
}
await aggregateNetwork({ db: hub.database.db }, dayBefore(120))
const staffSession = (await siteStaff(hub, 'staffer')).jar.get('kindred_session') ?? ''
const baseUrl = await hub.app.listen({ host: '127.0.0.1', port: 0 })
const browser = await launchBrowser(t)

for (const phone of [false, true]) {
  t.test(
    `staff read the charts, switch to the public view and ask for a refresh; every page is accessible (${phone ? 'phone' : 'desktop'})`,
    async (t) => {
      const { page, context, recorded } = await openPage(browser, t, { baseUrl, phone })
      await context.addCookies([{ name: 'kindred_session', value: staffSession, url: baseUrl }])

      await page.goto('/staff/charts')
      t.equal(
        await page.getByRole('img', { name: 'Members', exact: true }).count(),
        1,
        'the members chart is an image named for its figure',
      )
      await checkPage(t, page, 'the network’s charts')
      await page.getByText('The figures as a table').click()
      t.ok(await page.getByRole('table', { name: /Figures By week/ }).isVisible(), 'its table opens')
      await checkPage(t, page, 'the network’s charts, the table open')

      await page.getByLabel('Community address').fill('alpha')
      await page.getByLabel('By month').check()
      await page.getByLabel('As the public would see it').check()
      await page.getByRole('button', { name: 'Show' }).click()
      await page.waitForURL('**/staff/charts?community=alpha*')
      t.match(await page.locator('h1').textContent(), /alpha/)
      t.match(await page.locator('main').textContent(), /small counts are suppressed/)
      await checkPage(t, page, 'a community as the public would see it')

      await page.getByRole('button', { name: 'Refresh now' }).click()
      await page.waitForURL('**/staff/charts/runs/*')
      await page.getByRole('link', { name: 'Stop reloading' }).click()
      await page.waitForURL('**/staff/charts/runs/*?reload=off')
      t.match(await page.locator('main').textContent(), /0 of 1 communities done/)
      await checkPage(t, page, 'a run’s progress')

      assertNoProblemsButRefusals(t, recorded, {
        console: 'no console error',
        others: 'no uncaught error, no request to another origin',
      })
    },
  )
}

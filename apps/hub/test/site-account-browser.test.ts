// The account pages and the statistics page in a real Chromium: each passes axe's WCAG 2.2 AA rules and
// logs no error, signing up, changing the password and declaring a relationship by their forms.
import t from 'tap'
import { publishStatistics } from '@kindred/statistics'
import {
  assertAccessible,
  assertNoProblems,
  buildTestHub,
  communityWithFigures,
  launchBrowser,
  markEmailVerified,
  openPage,
  signInInBrowser,
} from '@kindred/testkit'

const hub = await buildTestHub(t)
const baseUrl = await hub.app.listen({ host: '127.0.0.1', port: 0 })
const browser = await launchBrowser(t)

// Two communities of the published day, one with a count small enough to be hidden.
for (const [slug, members] of [
  ['alpha', 120],
  ['beta', 3],
] as const) {
  await communityWithFigures(hub, slug, '2025-03-01', { members, joined: members })
}
await publishStatistics(hub.database.db)

for (const phone of [false, true]) {
  const width = phone ? 'phone' : 'desktop'

  t.test(`a member's account pages and the statistics pass axe, with nothing from elsewhere (${width})`, async (t) => {
    const { page, recorded } = await openPage(browser, t, { baseUrl, phone })
    await page.goto('/sign-up')
    await page.getByLabel('Your name').fill(`Gus ${width}`)
    await page.getByLabel('Email address').fill(`gus-${width}@example.org`)
    await page.getByLabel('Create a password').fill('a long enough password')
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.waitForURL('**/sign-up/check-inbox')
    await markEmailVerified(hub.database.db, `gus-${width}@example.org`)
    await signInInBrowser(page, `gus-${width}@example.org`)

    await page.getByRole('link', { name: `Gus ${width}` }).click()
    await page.waitForURL('**/account')
    for (const name of [
      'Change your password',
      'Change your email address',
      'Your industry relationships',
      'Download your data',
      'Erase your account',
    ]) {
      await page.goto('/account')
      await page.getByRole('link', { name }).click()
      await page.waitForLoadState()
      await assertAccessible(t, page, `${name} (${width})`)
    }
    for (const path of ['/account', '/statistics', '/account/erased']) {
      await page.goto(path)
      await assertAccessible(t, page, `${path} (${width})`)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      t.equal(overflow, 0, `${path}: no sideways scrolling`)
      if (path === '/statistics') t.ok((await page.locator('td.suppressed').count()) > 0, 'the statistics show a hidden count')
    }
    assertNoProblems(t, recorded, width)
  })
}

t.test('changing the password and declaring a relationship through their forms', async (t) => {
  const { page, recorded } = await openPage(browser, t, { baseUrl })
  await page.goto('/sign-up')
  await page.getByLabel('Your name').fill('Hal')
  await page.getByLabel('Email address').fill('hal@example.org')
  await page.getByLabel('Create a password').fill('a long enough password')
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.waitForURL('**/sign-up/check-inbox')
  await markEmailVerified(hub.database.db, 'hal@example.org')
  await signInInBrowser(page, 'hal@example.org')

  await page.goto('/account/password')
  await page.getByLabel('Current password').fill('a long enough password')
  await page.getByLabel('New password').fill('another long enough password')
  await page.getByRole('button', { name: 'Change password' }).click()
  await page.waitForURL('**/account?done=password')
  t.match(await page.getByRole('status').textContent(), /Your password has been changed/)
  t.equal(await page.locator('.signed-in-as').textContent(), 'Hal', 'still signed in')
  await assertAccessible(t, page, 'the overview, confirming the change')

  await page.goto('/account/disclosures')
  await page.getByLabel('Organisation').fill('Acme Pharma')
  await page.getByLabel('Kind of relationship').selectOption('consulting')
  await page.getByLabel('Since (optional)').fill('2024-03-01')
  await page.getByRole('button', { name: 'Add relationship' }).click()
  await page.waitForURL('**/account/disclosures?done=added')
  t.equal(await page.getByRole('row', { name: /Acme Pharma/ }).count(), 1)
  await assertAccessible(t, page, 'disclosures, with one declared')

  await page.goto('/account/data')
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data' }).click()])
  t.equal(download.suggestedFilename(), 'kindred-export.json')

  await page.goto('/account/disclosures')
  await page.getByRole('button', { name: 'Remove Acme Pharma' }).click()
  await page.waitForURL('**/account/disclosures?done=removed')
  t.equal(await page.getByRole('row', { name: /Acme Pharma/ }).count(), 0, 'removed without any script')
  assertNoProblems(t, recorded, 'forms')
})

// The site in a real Chromium: every page type passes axe's WCAG 2.2 AA rules with 0 violations, logs no
// error, and asks nothing of another origin; at desktop and phone width; and one flow by keyboard alone.
import t from 'tap'
import {
  assertAccessible,
  assertNoProblems,
  assertNoProblemsButRefusals,
  buildTestHub,
  launchBrowser,
  openPage,
  provisionTestCommunity,
} from '@kindred/testkit'

const hub = await buildTestHub(t)
await provisionTestCommunity(hub, 'fop')
const baseUrl = await hub.app.listen({ host: '127.0.0.1', port: 0 })
const browser = await launchBrowser(t)

for (const phone of [false, true]) {
  const width = phone ? 'phone' : 'desktop'

  t.test(`the home, community, sign-in, sign-up and not-found pages pass axe with nothing from elsewhere (${width})`, async (t) => {
    const { page, recorded } = await openPage(browser, t, { baseUrl, phone })
    for (const path of ['/', '/?q=fop', '/c/fop', '/sign-in', '/sign-up']) {
      await page.goto(path)
      await assertAccessible(t, page, `${path} (${width})`)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      t.equal(overflow, 0, `${path}: no sideways scrolling`)
    }
    assertNoProblems(t, recorded, width)
    // Chromium reports a page answered 404 as a console error of its own: that one, and no other.
    const notFound = await openPage(browser, t, { baseUrl, phone })
    await notFound.page.goto('/no-such-page')
    await assertAccessible(t, notFound.page, `404 (${width})`)
    t.strictSame(
      notFound.recorded.consoleErrors.filter((message) => !message.includes('404 (Not Found)')),
      [],
      'no console error but the 404 itself',
    )
    t.strictSame(notFound.recorded.foreignRequests, [])
  })
}

t.test('a refused form shows its error summary, which passes axe too, and links to each field', async (t) => {
  const { page, recorded } = await openPage(browser, t, { baseUrl })
  await page.goto('/sign-up')
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.waitForURL('**/sign-up')
  t.equal(await page.getByRole('alert').getByRole('link').count(), 3, 'name, email and password')
  await assertAccessible(t, page, 'sign-up with errors')
  await page.getByRole('alert').getByRole('link').first().click()
  t.equal(await page.evaluate(() => document.activeElement?.id), 'displayName', 'the first error link goes to its field')
  // The refusal is a 400, which Chromium reports as a console error of its own: that one, and no other.
  assertNoProblemsButRefusals(t, recorded, { console: 'no console error but the 400 itself' })
})

t.test('by keyboard alone: skip to the content, create an account, sign in, sign out', async (t) => {
  const { page, recorded } = await openPage(browser, t, { baseUrl, locale: 'fr-FR' })
  await page.goto('/sign-up')
  t.equal(await page.getAttribute('html', 'lang'), 'fr')
  await page.keyboard.press('Tab')
  t.equal(await page.evaluate(() => document.activeElement?.getAttribute('href')), '#main', 'the skip link comes first')
  await page.keyboard.press('Enter')
  const fields = [
    ['displayName', 'Clara'],
    ['email', 'clara@example.org'],
    ['password', 'a long enough password'],
  ] as const
  for (const [id, value] of fields) {
    while ((await page.evaluate(() => document.activeElement?.id)) !== id) await page.keyboard.press('Tab')
    await page.keyboard.type(value)
  }
  await page.keyboard.press('Enter')
  await page.waitForURL('**/sign-up/check-inbox')
  await assertAccessible(t, page, 'check your inbox')
  const focused = () =>
    page.evaluate(() => `${document.activeElement?.className ?? ''} ${document.activeElement?.getAttribute('href') ?? ''}`)
  while ((await focused()) !== 'button /sign-in') await page.keyboard.press('Tab')
  await page.keyboard.press('Enter')
  await page.waitForURL('**/sign-in')
  for (const [id, value] of [fields[1], fields[2]]) {
    while ((await page.evaluate(() => document.activeElement?.id)) !== id) await page.keyboard.press('Tab')
    await page.keyboard.type(value)
  }
  await page.keyboard.press('Enter')
  await page.waitForURL(`${baseUrl}/`)
  t.equal(await page.locator('.signed-in-as').textContent(), 'Clara')
  t.match(
    await page.locator('main').textContent(),
    /Confirmez votre adresse pour rejoindre des communautés/,
    'asked to confirm the address',
  )
  await assertAccessible(t, page, 'home, signed in, the address not confirmed yet')
  while ((await page.evaluate(() => document.activeElement?.textContent)) !== 'Se déconnecter') await page.keyboard.press('Tab')
  await Promise.all([page.waitForResponse((response) => response.url().endsWith('/sign-out')), page.keyboard.press('Enter')])
  await page.waitForLoadState()
  t.equal(await page.locator('.signed-in-as').count(), 0, 'signed out')
  assertNoProblems(t, recorded, 'keyboard flow')
})

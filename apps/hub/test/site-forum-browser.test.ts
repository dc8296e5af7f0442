// A member's flow through a community in a real Chromium: joining, the forum, a thread, a preview, a
// reply, "me too", switching community; every page type passes axe's WCAG 2.2 AA rules at desktop and
// phone width, fits the phone's width, and asks nothing of another origin. Joining is done by keyboard alone.
import t from 'tap'
import {
  assertNoProblems,
  buildTestHub,
  checkPage,
  focusedId,
  launchBrowser,
  openPage,
  provisionTestCommunity,
  signUpInBrowser,
  tabTo,
} from '@kindred/testkit'

const hub = await buildTestHub(t)
await provisionTestCommunity(hub, 'fop')
await provisionTestCommunity(hub, 'alstrom')
const baseUrl = await hub.app.listen({ host: '127.0.0.1', port: 0 })
const browser = await launchBrowser(t)

for (const phone of [false, true]) {
  const width = phone ? 'phone' : 'desktop'
  t.test(
    `a member joins by keyboard, starts a thread with a preview, replies, says "me too" and switches community (${width})`,
    async (t) => {
      const { page, recorded } = await openPage(browser, t, { baseUrl, phone })
      const name = phone ? 'Pia' : 'Dora'
      await signUpInBrowser(hub, page, name)

      await page.goto('/c/fop')
      await checkPage(t, page, `community page, not a member (${width})`)
      await page.getByRole('link', { name: 'Join this community' }).click()
      await page.waitForURL('**/c/fop/join')
      await checkPage(t, page, `join (${width})`)
      await tabTo(page, 'pseudonym')
      await page.keyboard.type(`${name} here`)
      await tabTo(page, 'accept')
      await page.keyboard.press('Space')
      await page.keyboard.press('Enter')
      await page.waitForURL('**/c/fop')
      t.match(await page.locator('main').textContent(), new RegExp(`You take part here as ${name} here`))
      await checkPage(t, page, `forum (${width})`)

      await page.getByRole('link', { name: 'Start a new thread' }).click()
      await page.waitForURL('**/c/fop/new')
      await checkPage(t, page, `new thread (${width})`)
      await page.getByLabel('Title').fill(`Sleep, from ${name}`)
      await page.getByLabel('Message').fill('Does anyone sleep **well**?')
      await page.getByRole('button', { name: 'Preview' }).click()
      await page.waitForLoadState()
      t.equal(await page.locator('.preview strong').textContent(), 'well', 'the preview shows the Markdown rendered')
      t.equal(await page.getByLabel('Message').inputValue(), 'Does anyone sleep **well**?', 'and keeps the text to edit')
      await checkPage(t, page, `new thread with a preview (${width})`)
      await page.getByRole('button', { name: 'Start thread' }).click()
      await page.waitForURL('**/c/fop/t/*')
      await checkPage(t, page, `thread (${width})`)

      // With its script, "me too" swaps the post alone: the page is not loaded again, the button keeps focus.
      await page.evaluate(() => Object.assign(window, { sameDocument: true }))
      await page
        .getByRole('button', { name: /Me too/ })
        .first()
        .focus()
      await page.keyboard.press('Enter')
      await page.locator('button[aria-pressed="true"]', { hasText: 'Me too' }).waitFor()
      t.ok(await page.evaluate(() => 'sameDocument' in window), 'the page was not loaded again')
      t.match(await focusedId(page), /^me-too-\d+$/, 'the button keeps the focus')
      t.match(await page.locator('article.post').first().textContent(), /\(1 person\)/, 'the count follows')
      await page.getByLabel('Message').fill('Answering myself, for the record.')
      await page.getByRole('button', { name: 'Post reply' }).click()
      await page.waitForURL('**/c/fop/t/*')
      t.equal(await page.locator('article.post').count(), 2, 'the reply is on the thread')
      t.match(await page.locator('main').textContent(), /1 reply/)

      await page.goto('/c/alstrom/join')
      await page.getByLabel('The name members will know you by').fill(`${name} again`)
      await page.getByLabel('I have read the charter and I accept it').check()
      await page.getByRole('button', { name: 'Join' }).click()
      await page.waitForURL('**/c/alstrom')
      await page.locator('.switcher summary').click()
      await page.locator('.switcher').getByRole('link', { name: /fop/i }).click()
      await page.waitForURL('**/c/fop')
      t.match(
        await page.locator('main').textContent(),
        new RegExp(`You take part here as ${name} here`),
        'each community knows its own pseudonym',
      )
      await checkPage(t, page, `forum after switching (${width})`)
      assertNoProblems(t, recorded, `member flow (${width})`)
    },
  )
}

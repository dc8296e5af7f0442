// Read state in a real Chromium: the thread list's unread marks and excerpts, the switcher's counts, and a
// thread's "New since your last visit" with the link that jumps to it. Each marked page passes axe's
// WCAG 2.2 AA rules at desktop and phone width, fits the phone's width, and asks nothing of another origin.
import t from 'tap'
import {
  assertNoProblems,
  buildTestHub,
  checkPage,
  launchBrowser,
  openPage,
  provisionTestCommunity,
  signUpAndJoinInBrowser,
} from '@kindred/testkit'

const hub = await buildTestHub(t)
await provisionTestCommunity(hub, 'fop')
const baseUrl = await hub.app.listen({ host: '127.0.0.1', port: 0 })
const browser = await launchBrowser(t)

for (const phone of [false, true]) {
  const width = phone ? 'phone' : 'desktop'
  t.test(`unread marks, the switcher's counts and "new since your last visit" are accessible (${width})`, async (t) => {
    const writer = await openPage(browser, t, { baseUrl, phone })
    const reader = await openPage(browser, t, { baseUrl, phone })
    const [writerName, readerName] = phone ? ['Wen', 'Rui'] : ['Wanda', 'Rosa']
    await signUpAndJoinInBrowser(hub, writer.page, writerName)
    await writer.page.goto('/c/fop/new')
    await writer.page.getByLabel('Title').fill(`Mornings, from ${writerName}`)
    await writer.page.getByLabel('Message').fill('My joints are **stiff** every morning. Does anyone have a routine that helps?')
    await writer.page.getByRole('button', { name: 'Start thread' }).click()
    await writer.page.waitForURL('**/c/fop/t/*')
    const threadPath = new URL(writer.page.url()).pathname

    await signUpAndJoinInBrowser(hub, reader.page, readerName)
    const item = reader.page.locator('li.thread', { hasText: `Mornings, from ${writerName}` })
    t.equal(await item.locator('.badge.unread').textContent(), '1 new1 unread post', 'a short mark to see, a sentence to hear')
    t.match(await item.locator('.excerpt').textContent(), /^My joints are stiff every morning/)
    await reader.page.locator('.switcher summary').click()
    t.match(await reader.page.locator('.switcher').textContent(), /thread(s)? with new posts/)
    await checkPage(t, reader.page, `forum with unread marks and the switcher open (${width})`)

    await reader.page.goto(threadPath)
    await writer.page.getByLabel('Message').fill('Warm showers help me.')
    await writer.page.getByRole('button', { name: 'Post reply' }).click()
    await writer.page.waitForURL('**/c/fop/t/*')

    await reader.page.goto(threadPath)
    await checkPage(t, reader.page, `thread with new posts (${width})`)
    await reader.page.getByRole('link', { name: 'Go to the first new post' }).click()
    t.match(reader.page.url(), /#first-unread$/, 'the link jumps to the divider')
    t.equal(await reader.page.getByRole('heading', { name: 'New since your last visit' }).count(), 1)
    const next = reader.page.locator('#first-unread + article.post')
    t.match(await next.textContent(), /Warm showers help me\./, 'the first new post follows the divider')

    assertNoProblems(t, writer.recorded, `writer (${width})`)
    assertNoProblems(t, reader.recorded, `reader (${width})`)
  })
}

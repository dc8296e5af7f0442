// Notifications in a real Chromium: a reply tells the thread's author, who finds it from the header, follows
// it to the post, mutes the thread, and changes a setting (a refused one first). Every page passes axe's
// WCAG 2.2 AA rules at desktop and phone width, fits the phone's width, and asks nothing of another origin.
import t from 'tap'
import {
  assertNoProblems,
  assertNoProblemsButRefusals,
  buildTestHub,
  checkPage,
  hubTasks,
  launchBrowser,
  openPage,
  provisionTestCommunity,
  runDueJobs,
  signUpAndJoinInBrowser,
  takeRefusal,
} from '@kindred/testkit'

const hub = await buildTestHub(t)
await provisionTestCommunity(hub, 'fop')
const baseUrl = await hub.app.listen({ host: '127.0.0.1', port: 0 })
const browser = await launchBrowser(t)

for (const phone of [false, true]) {
  const width = phone ? 'phone' : 'desktop'
  t.test(`a reply is told, followed to the post, muted, and its settings changed (${width})`, async (t) => {
    const author = await openPage(browser, t, { baseUrl, phone })
    const writer = await openPage(browser, t, { baseUrl, phone })
    const [authorName, writerName] = phone ? ['Rui', 'Wen'] : ['Rosa', 'Wanda']
    const title = `Mornings, from ${authorName}`
    await signUpAndJoinInBrowser(hub, author.page, authorName)
    await author.page.goto('/c/fop/new')
    await author.page.getByLabel('Title').fill(title)
    await author.page.getByLabel('Message').fill('My joints are stiff every morning. Does anyone have a routine that helps?')
    await author.page.getByRole('button', { name: 'Start thread' }).click()
    await author.page.waitForURL('**/c/fop/t/*')
    const threadPath = new URL(author.page.url()).pathname
    t.match(await author.page.locator('#following').textContent(), /You get notified because you posted here/)

    await signUpAndJoinInBrowser(hub, writer.page, writerName)
    await writer.page.goto(threadPath)
    await writer.page.getByLabel('Message').fill('Warm showers help me.')
    await writer.page.getByRole('button', { name: 'Post reply' }).click()
    await writer.page.waitForURL('**/c/fop/t/*')
    await runDueJobs(hub.database.pool, hubTasks(hub))

    const { page } = author
    await page.getByRole('link', { name: /^Notifications/ }).click()
    await page.waitForURL('**/notifications')
    const entry = page.locator('li.notification', { hasText: `${writerName} here replied in “${title}”` })
    t.equal(await entry.locator('.badge.unread').textContent(), 'NewUnread', 'marked unread in words')
    t.match(await page.locator('.site-header').textContent(), /Notifications 1 new1 unread notification/)
    await checkPage(t, page, `notifications, one unread (${width})`)

    await entry.getByRole('link').click()
    await page.waitForURL((url) => url.pathname === threadPath && /^#post-\d+$/.test(url.hash))
    t.match(await page.locator(decodeURIComponent(new URL(page.url()).hash)).textContent(), /Warm showers help me\./, 'at the post')
    await page.getByRole('button', { name: 'Mute this thread' }).click()
    await page.waitForURL('**#following')
    t.match(await page.locator('#following').textContent(), /You have muted this thread/)
    await checkPage(t, page, `thread, muted (${width})`)

    await page.goto('/notifications')
    t.equal(await entry.locator('.badge.unread').count(), 0, 'read once the thread was read')
    await page.getByRole('link', { name: 'Notification settings for Disease fop' }).click()
    await page.waitForURL('**/c/fop/notifications/settings')
    await checkPage(t, page, `notification settings (${width})`)

    // A value no radio offers (as a hand-made form would send) is refused with the error summary.
    await page.locator('#reply').evaluate((radio) => radio.setAttribute('value', 'hourly'))
    await page.locator('#reply').check()
    await page.getByRole('button', { name: 'Save my settings' }).click()
    await page.getByRole('alert').waitFor()
    t.match(await page.getByRole('alert').textContent(), /Choose how to hear about replies/)
    takeRefusal(t, author.recorded, `the refused form answered 400 (${width})`)
    await checkPage(t, page, `notification settings, refused (${width})`)

    await page.getByRole('group', { name: 'Replies' }).getByLabel('In a daily summary email').check()
    await page.getByLabel('Include the text of posts in emails').check()
    await page.getByRole('button', { name: 'Save my settings' }).click()
    await page.waitForURL('**/c/fop/notifications/settings?saved=1')
    t.equal(await page.getByRole('status').textContent(), 'Your notification settings are saved.')
    t.ok(await page.getByRole('group', { name: 'Replies' }).getByLabel('In a daily summary email').isChecked(), 'the choice is kept')
    t.ok(await page.getByLabel('Include the text of posts in emails').isChecked())
    await checkPage(t, page, `notification settings, saved (${width})`)

    await page.goto('/c/fop')
    await page.getByRole('navigation', { name: 'Categories' }).getByRole('link').nth(1).click()
    await page.getByRole('button', { name: 'Watch this category' }).click()
    await page.waitForURL('**#following')
    t.match(await page.locator('#following').textContent(), /You are watching this category/)
    await checkPage(t, page, `category, watched (${width})`)

    assertNoProblemsButRefusals(t, author.recorded, { console: `author: no other console error (${width})` })
    assertNoProblems(t, writer.recorded, `writer (${width})`)
  })
}

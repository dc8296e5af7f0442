// Direct messages and privacy choices in a real Chromium: a message written and read by keyboard alone,
// an answer, a refused empty message, the privacy page changed by keyboard; every page type passes axe's
// WCAG 2.2 AA rules at desktop and phone width, fits the phone's width, and asks nothing of another origin.
import t from 'tap'
import type { Page } from 'playwright-core'
import {
  assertNoProblems,
  buildTestHub,
  checkPage,
  launchBrowser,
  openPage,
  provisionTestCommunity,
  signUpAndJoinInBrowser,
  tabTo,
  tabUntil,
  takeRefusal,
  tenantOf,
} from '@kindred/testkit'

const hub = await buildTestHub(t)
await provisionTestCommunity(hub, 'fop')
const baseUrl = await hub.app.listen({ host: '127.0.0.1', port: 0 })
const browser = await launchBrowser(t)

async function memberIdOf(pseudonym: string): Promise<string> {
  const tenant = await tenantOf(hub, 'fop')
  return (await tenant.query.selectFrom('members').select('member_id').where('pseudonym', '=', pseudonym).executeTakeFirstOrThrow())
    .member_id
}

// Tabs to the element whose text starts with `text`, as a keyboard user does.
const tabToText = (page: Page, text: string) =>
  tabUntil(page, text, () => page.evaluate((wanted) => (document.activeElement?.textContent ?? '').trim().startsWith(wanted), text))

for (const phone of [false, true]) {
  const width = phone ? 'phone' : 'desktop'
  t.test(`a member writes by keyboard, the other reads and answers by keyboard, and changes who may write (${width})`, async (t) => {
    const writer = await openPage(browser, t, { baseUrl, phone })
    const reader = await openPage(browser, t, { baseUrl, phone })
    const [from, to] = phone ? ['Pia', 'Quin'] : ['Dora', 'Eli']
    await signUpAndJoinInBrowser(hub, writer.page, from)
    await signUpAndJoinInBrowser(hub, reader.page, to)
    const readerId = await memberIdOf(`${to} here`)

    const page = writer.page
    await page.goto('/c/fop')
    await tabToText(page, 'Messages')
    await page.keyboard.press('Enter')
    await page.waitForURL('**/c/fop/messages')
    await checkPage(t, page, `messages, none yet (${width})`)

    await page.goto(`/c/fop/messages/new?to=${readerId}`)
    await checkPage(t, page, `write a first message (${width})`)
    await tabToText(page, 'Send message')
    await page.keyboard.press('Enter')
    await page.waitForURL(`**/c/fop/messages/${readerId}`)
    t.equal(await page.locator('.error-summary a').textContent(), 'Write your message', 'an empty message is refused')
    await checkPage(t, page, `write, refused (${width})`)
    await tabTo(page, 'body')
    await page.keyboard.type(`Hello ${to}, how do you **manage** the stairs?`)
    await tabToText(page, 'Send message')
    await page.keyboard.press('Enter')
    await page.waitForURL(`**/c/fop/messages/${readerId}?sent=1*`)
    t.match(await page.locator('[role="status"]').textContent(), /Your message was sent/)
    t.equal(await page.locator('article.post strong').textContent(), 'manage')
    await checkPage(t, page, `conversation, sent (${width})`)

    const other = reader.page
    await other.goto('/c/fop')
    await tabToText(other, 'Messages')
    await other.keyboard.press('Enter')
    await other.waitForURL('**/c/fop/messages')
    t.match(await other.locator('main').textContent(), /1 unread message/)
    await checkPage(t, other, `messages, one unread (${width})`)
    await tabToText(other, `${from} here`)
    await other.keyboard.press('Enter')
    await other.waitForURL('**/c/fop/messages/*')
    t.match(await other.locator('article.post').textContent(), /how do you manage the stairs\?/)
    t.equal(await other.getByRole('link', { name: 'Report this message' }).count(), 1)
    await checkPage(t, other, `conversation, received (${width})`)
    await tabTo(other, 'body')
    await other.keyboard.type('With a rail on both sides.')
    await tabToText(other, 'Send message')
    await other.keyboard.press('Enter')
    await other.waitForURL('**/c/fop/messages/*?sent=1*')
    t.equal(await other.locator('article.post').count(), 2, 'the answer follows the message')
    await other.getByRole('link', { name: /^Delete your message of / }).click()
    await other.waitForURL('**/delete')
    await checkPage(t, other, `delete a message (${width})`)
    await other.getByRole('button', { name: 'Yes, delete my message' }).click()
    await other.waitForURL('**/c/fop/messages/*?deleted=1*')
    t.match(await other.locator('main').textContent(), /This message was deleted by the person who sent it/)
    await checkPage(t, other, `conversation, a message deleted (${width})`)

    await other.goto('/c/fop')
    await tabToText(other, 'Your privacy here')
    await other.keyboard.press('Enter')
    await other.waitForURL('**/c/fop/privacy')
    await checkPage(t, other, `privacy (${width})`)
    await tabTo(other, 'contactIndustry')
    await other.keyboard.press('Space')
    await tabToText(other, 'Save my choices')
    await other.keyboard.press('Enter')
    await other.waitForURL('**/c/fop/privacy?saved=1')
    t.equal(await other.getByLabel(/People who work for industry/).isChecked(), true, 'the choice is saved')
    await checkPage(t, other, `privacy, saved (${width})`)

    // The refused empty message is a 400, which Chromium reports as a console error of its own: that one, and no other.
    takeRefusal(t, writer.recorded, 'the refused message was a 400')
    assertNoProblems(t, writer.recorded, `writer (${width})`)
    assertNoProblems(t, reader.recorded, `reader (${width})`)
  })
}

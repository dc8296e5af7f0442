// The moderation pages in a real Chromium: every page type passes axe's WCAG 2.2 AA rules at desktop and
// phone width, fits the phone's width, and asks nothing of another origin; a moderator approves a request
// to join by keyboard alone.
import t, { type Test } from 'tap'
import type { BrowserContext, Page } from 'playwright-core'
import { sessionLifetimeSeconds, startWebSession } from '@kindred/identity'
import {
  assertAccessible,
  buildTestHub,
  launchBrowser,
  openPage,
  provisionTestCommunity,
  siteSignUp,
  siteVisitor,
  tenantOf,
  type PageRecord,
} from '@kindred/testkit'

const hub = await buildTestHub(t)
const proposal = await provisionTestCommunity(hub, 'fop', { joinApproval: true })
const baseUrl = await hub.app.listen({ host: '127.0.0.1', port: 0 })
const browser = await launchBrowser(t)
const tenant = await tenantOf(hub, 'fop')

// A founding account's browser session, once they have taken their place in the community.
async function foundingSession(accountId: string, pseudonym: string): Promise<string> {
  const session = await startWebSession(hub.database.db, accountId, sessionLifetimeSeconds)
  if (session === undefined) throw new Error('no session')
  const visitor = siteVisitor(hub)
  visitor.jar.set('kindred_session', session.token)
  const reply = await visitor.submit('/c/fop/join', { pseudonym, accept: 'yes', charterVersion: '1' })
  if (reply.statusCode !== 303) throw new Error(`${pseudonym} joining answered ${reply.statusCode}`)
  return session.token
}

const ownerSession = await foundingSession(proposal.founderId, 'Founder Fran')
const moderatorSession = await foundingSession(proposal.moderatorIds[0] ?? '', 'Kind Keeper')

async function asks(name: string): Promise<string> {
  const visitor = await siteSignUp(hub, name)
  await visitor.submit('/c/fop/join', { pseudonym: `${name} here`, accept: 'yes', charterVersion: '1' })
  return (await tenant.query.selectFrom('members').select('member_id').where('pseudonym', '=', `${name} here`).executeTakeFirstOrThrow())
    .member_id
}

const signIn = (context: BrowserContext, token: string) => context.addCookies([{ name: 'kindred_session', value: token, url: baseUrl }])

async function tabToButton(page: Page, name: string): Promise<void> {
  for (let presses = 0; (await page.evaluate(() => document.activeElement?.textContent.trim())) !== name; presses += 1) {
    if (presses > 80) throw new Error(`no "${name}" to tab to`)
    await page.keyboard.press('Tab')
  }
}

// A refused form is a 400, which Chromium reports as a console error of its own: those, and no other.
function noProblemsButRefusals(t: Test, recorded: PageRecord, label: string): void {
  t.strictSame(
    recorded.consoleErrors.filter((message) => !message.includes('400 (Bad Request)')),
    [],
    `${label}: no console error but the refusals themselves`,
  )
  t.strictSame([...recorded.pageErrors, ...recorded.foreignRequests], [], `${label}: no uncaught error, nothing from another origin`)
}

async function checkPage(t: Test, page: Page, label: string): Promise<void> {
  await assertAccessible(t, page, label)
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  t.equal(overflow, 0, `${label}: no sideways scrolling`)
}

for (const phone of [false, true]) {
  const width = phone ? 'phone' : 'desktop'
  t.test(`a moderator approves a request to join by keyboard; every moderation page is accessible (${width})`, async (t) => {
    const applicant = phone ? 'pia' : 'dora'
    const applicantId = await asks(applicant)
    const declinedId = await asks(`${applicant}2`)

    const { page, context, recorded } = await openPage(browser, t, { baseUrl, phone })
    await signIn(context, moderatorSession)
    await page.goto('/c/fop')
    await page.getByRole('link', { name: 'Moderate' }).click()
    await page.waitForURL('**/c/fop/moderate')
    t.match(await page.locator('main').textContent(), /\d+ requests to join/)
    await checkPage(t, page, `moderation home (${width})`)

    await page.getByRole('link', { name: /requests to join/ }).click()
    await page.waitForURL('**/c/fop/moderate/join-requests')
    await checkPage(t, page, `join requests (${width})`)
    await tabToButton(page, `Approve ${applicant} here`)
    await page.keyboard.press('Enter')
    await page.waitForURL('**/c/fop/moderate/join-requests?done=approved')
    t.match(await page.getByRole('status').textContent(), /The request was approved/)
    const approval = await tenant.query
      .selectFrom('members')
      .select('approval')
      .where('member_id', '=', applicantId)
      .executeTakeFirstOrThrow()
    t.equal(approval.approval, 'approved', 'approved by keyboard alone')
    await checkPage(t, page, `join requests after approving (${width})`)

    await page.goto(`/c/fop/moderate/join-requests/${declinedId}/decline`)
    await page.getByRole('button', { name: 'Decline the request' }).click()
    await page.waitForLoadState()
    t.match(await page.locator('.error-summary').textContent(), /Enter why you decline this request/)
    await checkPage(t, page, `decline with an error (${width})`)

    await page.goto('/c/fop/moderate/members')
    await checkPage(t, page, `members (${width})`)
    await page.getByRole('link', { name: `Ban ${applicant} here` }).click()
    await page.waitForURL(`**/members/${applicantId}/ban`)
    await checkPage(t, page, `ban confirmation (${width})`)
    await page.getByLabel('Reason').fill('Selling cures')
    await page.getByRole('button', { name: 'Ban this member' }).click()
    await page.waitForURL('**/c/fop/moderate/members?done=banned')
    await checkPage(t, page, `members after a ban (${width})`)

    await page.goto('/c/fop/moderate/log')
    t.match(await page.locator('main').textContent(), new RegExp(`Kind Keeper banned ${applicant} here`))
    await checkPage(t, page, `moderation log (${width})`)
    await page.goto('/c/fop/moderate/settings')
    await checkPage(t, page, `settings (${width})`)
    await page.getByLabel('Reason (optional)').fill('x'.repeat(2001))
    await page.getByRole('button', { name: 'Save settings' }).click()
    await page.waitForLoadState()
    t.match(await page.locator('.error-summary').textContent(), /The reason must be 2,000 characters or fewer/)
    await checkPage(t, page, `settings with an error (${width})`)
    noProblemsButRefusals(t, recorded, `moderator's pages (${width})`)
  })

  t.test(`the owner's moderators page is accessible (${width})`, async (t) => {
    const { page, context, recorded } = await openPage(browser, t, { baseUrl, phone })
    await signIn(context, ownerSession)
    await page.goto('/c/fop/moderate/moderators')
    await checkPage(t, page, `moderators (${width})`)
    await page.getByRole('button', { name: 'Appoint as moderator' }).click()
    await page.waitForLoadState()
    t.match(await page.locator('.error-summary').textContent(), /Enter the name of the member/)
    await checkPage(t, page, `moderators with an error (${width})`)
    noProblemsButRefusals(t, recorded, `owner's pages (${width})`)
  })
}

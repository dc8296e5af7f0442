// The moderation pages in a real Chromium: every page type passes axe's WCAG 2.2 AA rules at desktop and
// phone width, fits the phone's width, and asks nothing of another origin; a moderator approves a request
// to join by keyboard alone.
import t from 'tap'
import type { BrowserContext } from 'playwright-core'
import {
  assertNoProblemsButRefusals,
  buildTestHub,
  checkPage,
  foundingVisitor,
  launchBrowser,
  openPage,
  provisionTestCommunity,
  siteMember,
  tabToText,
  tenantOf,
} from '@kindred/testkit'

const hub = await buildTestHub(t)
const proposal = await provisionTestCommunity(hub, 'fop', { joinApproval: true })
const baseUrl = await hub.app.listen({ host: '127.0.0.1', port: 0 })
const browser = await launchBrowser(t)
const tenant = await tenantOf(hub, 'fop')

// The founding accounts' browser sessions, once they have taken their place in the community.
const ownerSession = (await foundingVisitor(hub, proposal.founderId, 'Founder Fran')).jar.get('kindred_session') ?? ''
const moderatorSession = (await foundingVisitor(hub, proposal.moderatorIds[0] ?? '', 'Kind Keeper')).jar.get('kindred_session') ?? ''

async function asks(name: string): Promise<string> {
  await siteMember(hub, name)
  return (await tenant.query.selectFrom('members').select('member_id').where('pseudonym', '=', `${name} here`).executeTakeFirstOrThrow())
    .member_id
}

const signIn = (context: BrowserContext, token: string) => context.addCookies([{ name: 'kindred_session', value: token, url: baseUrl }])

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
    await tabToText(page, `Approve ${applicant} here`)
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
    await page.getByRole('link', { name: 'Categories' }).click()
    await page.getByLabel('Name').fill(`Meet-ups ${width}`)
    await page.getByRole('button', { name: 'Add the category' }).click()
    await page.getByText('The category is added.').waitFor()
    await checkPage(t, page, `categories (${width})`)
    await page.getByRole('link', { name: `Change the category Meet-ups ${width}` }).click()
    await checkPage(t, page, `a category to change (${width})`)
    // A refused form is a 400, which Chromium reports as a console error of its own: those, and no other.
    assertNoProblemsButRefusals(t, recorded, {
      console: `moderator's pages (${width}): no console error but the refusals themselves`,
      others: `moderator's pages (${width}): no uncaught error, nothing from another origin`,
    })
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
    // A refused form is a 400, which Chromium reports as a console error of its own: those, and no other.
    assertNoProblemsButRefusals(t, recorded, {
      console: `owner's pages (${width}): no console error but the refusals themselves`,
      others: `owner's pages (${width}): no uncaught error, nothing from another origin`,
    })
  })
}

// The staff console's communities, accounts and charter pages in a real Chromium, at a desktop's width and a
// phone's: each passes axe's WCAG 2.2 AA rules and fits its width, and none asks anything of another origin.
// Staff read a reported post (giving their reason) and preview a new charter with its diff, as they would by hand.
import t from 'tap'
import {
  assertNoProblemsButRefusals,
  buildTestHub,
  checkPage,
  launchBrowser,
  openPage,
  provisionTestCommunity,
  siteMember,
  siteStaff,
  startThreadOnSite,
  tenantOf,
} from '@kindred/testkit'

const hub = await buildTestHub(t, { secondPlacement: false })
await provisionTestCommunity(hub, 'fop')
const ada = await siteMember(hub, 'ada')
const threadId = await startThreadOnSite(ada, 'Which splint?', 'Opening words of the thread')
const tenant = await tenantOf(hub, 'fop')
const opening = await tenant.query
  .selectFrom('posts')
  .select(['id', 'author_id'])
  .where('thread_id', '=', threadId)
  .executeTakeFirstOrThrow()
const reporter = await tenant.query.selectFrom('members').select('member_id').where('role', '=', 'owner').executeTakeFirstOrThrow()
await tenant.query
  .insertInto('reports')
  .values({ reporter_id: reporter.member_id, post_id: opening.id, reason: 'Harmful advice' })
  .execute()
const staffSession = (await siteStaff(hub, 'staffer')).jar.get('kindred_session') ?? ''
const baseUrl = await hub.app.listen({ host: '127.0.0.1', port: 0 })
const browser = await launchBrowser(t)

for (const phone of [false, true]) {
  t.test(`staff walk the communities, accounts and charter pages; every one is accessible (${phone ? 'phone' : 'desktop'})`, async (t) => {
    const { page, context, recorded } = await openPage(browser, t, { baseUrl, phone })
    await context.addCookies([{ name: 'kindred_session', value: staffSession, url: baseUrl }])

    await page.goto('/staff/communities')
    await checkPage(t, page, 'communities')
    await page
      .getByRole('link', { name: /Fibrodysplasia|fop/i })
      .first()
      .click()
    await page.waitForURL('**/staff/communities/fop')
    await checkPage(t, page, 'one community')

    await page.getByRole('link', { name: /Post \d+ in “Which splint\?”/ }).click()
    await page.waitForURL(`**/staff/communities/fop/posts/${opening.id}`)
    await page.getByRole('button', { name: 'Read the post' }).click()
    await page.waitForURL(`**/staff/communities/fop/posts/${opening.id}`)
    t.match(await page.locator('main').textContent(), /Give the reason/, 'the reason is asked for')
    await checkPage(t, page, 'reading refused without a reason')
    await page.getByLabel('Why do you read it?').fill('Report of harmful advice')
    await page.getByRole('button', { name: 'Read the post' }).click()
    t.match(await page.locator('main').textContent(), /Opening words of the thread/)
    await checkPage(t, page, 'a reported post, read')

    await page.goto('/staff/accounts')
    await checkPage(t, page, 'finding an account')
    await page.getByLabel('Email address').fill('ada@example.org')
    await page.getByRole('button', { name: 'Find', exact: true }).click()
    await page.waitForURL('**/staff/accounts/*')
    t.match(await page.locator('main').textContent(), /ada@example\.org/)
    await checkPage(t, page, 'an account')

    await page.goto('/staff/charter')
    await checkPage(t, page, 'the charter')
    const text = await page.getByLabel('Charter text').inputValue()
    await page.getByLabel('Charter text').fill(`${text}\n## Kindness\n\nBe patient with newcomers.\n`)
    await page.getByRole('button', { name: 'Preview' }).click()
    await page.waitForURL('**/staff/charter/preview')
    t.match(await page.locator('.charter-diff ins').first().textContent(), /Kindness/)
    await checkPage(t, page, 'a charter preview with its diff')

    assertNoProblemsButRefusals(t, recorded, {
      console: 'no console error but the refused form’s 400',
      others: 'no uncaught error, no request to another origin',
    })
  })
}

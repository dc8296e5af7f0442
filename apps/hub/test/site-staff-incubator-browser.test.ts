// The incubator review in a real Chromium: staff open the queue, read a proposal, are refused a decline
// without a reason, approve it, and watch the new community go live on the page (its progress asks again
// by itself while the worker provisions it), then follow the link to it. Every page passes axe's WCAG
// 2.2 AA rules and fits its width, a phone's too; nothing is asked of another origin.
import t from 'tap'
import {
  assertNoProblemsButRefusals,
  buildTestHub,
  checkPage,
  hubTasks,
  insertProposal,
  launchBrowser,
  openPage,
  runDueJobs,
  siteStaff,
} from '@kindred/testkit'

const hub = await buildTestHub(t, { secondPlacement: false })
const proposal = await insertProposal(hub.database.db, {
  slug: 'alkaptonuria',
  status: 'ready',
  orphaCode: 'ORPHA:56',
  diseaseName: 'Alkaptonuria',
  alsoKnownAs: ['Black urine disease'],
})
const other = await insertProposal(hub.database.db, { slug: 'alkaptonuria-two', status: 'open', diseaseName: 'Alkaptonuria type 2' })
const staffSession = (await siteStaff(hub, 'staffer')).jar.get('kindred_session') ?? ''
const baseUrl = await hub.app.listen({ host: '127.0.0.1', port: 0 })
const browser = await launchBrowser(t)

t.test('staff review a proposal, approve it and watch its community go live', async (t) => {
  const { page, context, recorded } = await openPage(browser, t, { baseUrl })
  await context.addCookies([{ name: 'kindred_session', value: staffSession, url: baseUrl }])

  await page.goto('/staff/proposals')
  await checkPage(t, page, 'the review queue')
  await page.getByRole('link', { name: 'Alkaptonuria', exact: true }).click()
  await page.waitForURL(`**/staff/proposals/${proposal.proposalId}`)
  t.match(await page.locator('main').textContent(), /Display alkaptonuria-moderator-0/, 'supporters by display name')
  t.match(await page.locator('main').textContent(), /Alkaptonuria type 2/, 'a similar name')
  await checkPage(t, page, 'a proposal')

  await page.getByRole('button', { name: 'Decline' }).click()
  await page.waitForURL(`**/staff/proposals/${proposal.proposalId}/decision`)
  t.match(await page.locator('.error-summary').textContent(), /Give a reason/, 'a decline needs a reason')
  await checkPage(t, page, 'a decision refused')

  await page.getByLabel('Reason').fill('Enough support, a clear statement')
  await page.getByRole('button', { name: 'Approve and create the community' }).click()
  await page.waitForURL(`**/staff/proposals/${proposal.proposalId}?done=approved`)
  t.match(await page.locator('#provisioning-progress').textContent(), /waiting for the worker/)
  await checkPage(t, page, 'approved, provisioning')

  // The worker's turn; the page asks again by itself and shows the community live.
  await runDueJobs(hub.database.pool, hubTasks(hub))
  await page.getByText('The community is live.').waitFor({ timeout: 15_000 })
  await checkPage(t, page, 'the community live')
  await page.getByRole('link', { name: 'Go to Alkaptonuria' }).click()
  await page.waitForURL('**/c/alkaptonuria')
  t.match(await page.locator('h1').textContent(), /Alkaptonuria/)

  assertNoProblemsButRefusals(t, recorded, {
    console: 'no console error but the refused decision’s 400',
    others: 'no uncaught error, no request to another origin',
  })
})

t.test('on a phone, the queue, a proposal and a refused decision fit the screen and are accessible', async (t) => {
  const { page, context, recorded } = await openPage(browser, t, { baseUrl, phone: true })
  await context.addCookies([{ name: 'kindred_session', value: staffSession, url: baseUrl }])

  await page.goto('/staff/proposals')
  await checkPage(t, page, 'the review queue')
  await page.goto(`/staff/proposals/${other.proposalId}`)
  t.match(await page.locator('h1').textContent(), /Alkaptonuria type 2/)
  await checkPage(t, page, 'a proposal')
  await page.getByRole('button', { name: 'Decline' }).click()
  await page.waitForURL(`**/staff/proposals/${other.proposalId}/decision`)
  t.match(await page.locator('.error-summary').textContent(), /Give a reason/, 'a decline needs a reason')
  await checkPage(t, page, 'a decision refused')

  assertNoProblemsButRefusals(t, recorded, {
    console: 'no console error but the refused decision’s 400',
    others: 'no uncaught error, no request to another origin',
  })
})

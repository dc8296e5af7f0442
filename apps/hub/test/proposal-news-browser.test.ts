// News of proposals on /notifications in a real Chromium, at a desktop's width and a phone's: a founder with
// no community yet sees it counted in the header, reads it (axe's WCAG 2.2 AA rules, no sideways scrolling),
// follows an entry to its proposal and marks the rest read; nothing is asked of another origin.
import t from 'tap'
import { sessionLifetimeSeconds, startWebSession } from '@kindred/identity'
import { communityProvisionJob } from '@kindred/tenancy'
import {
  assertNoProblemsButRefusals,
  buildTestHub,
  checkPage,
  hubTasks,
  insertProposal,
  launchBrowser,
  openPage,
  proposalFields,
  runDueJobs,
  signUp,
} from '@kindred/testkit'

const hub = await buildTestHub(t, { secondPlacement: false })
const { db, pool } = hub.database
const staff = await signUp(hub, 'steward', { staff: true })
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

// One founder per width, each with two pieces of news: changes asked for on their proposal, and a community
// they supported gone live.
async function founderWithNews(name: string, orphaCode: string): Promise<{ session: string; proposalId: string }> {
  const founder = await signUp(hub, name)
  const proposed = await hub.app.inject({
    method: 'POST',
    url: '/v1/proposals',
    headers: bearer(founder.accessToken),
    payload: proposalFields({ slug: `${name}-proposal`, diseaseName: `Alström syndrome ${name}`, orphaCode }),
  })
  if (proposed.statusCode !== 201) throw new Error(proposed.body)
  const proposalId = proposed.json<{ proposal: { id: string } }>().proposal.id
  await db.updateTable('hub.proposals').set({ status: 'ready' }).where('id', '=', proposalId).execute()
  const decided = await hub.app.inject({
    method: 'POST',
    url: `/v1/proposals/${proposalId}/decision`,
    headers: bearer(staff.accessToken),
    payload: { decision: 'request_changes', reason: 'Please add the Orphanet code' },
  })
  if (decided.statusCode >= 300) throw new Error(decided.body)
  const supported = await insertProposal(db, { slug: `${name}-supported`, moderators: 1, members: 1, diseaseName: `Wolfram ${name}` })
  await db
    .insertInto('hub.proposal_supports')
    .values({ proposal_id: supported.proposalId, account_id: founder.accountId, support_as: 'member' })
    .execute()
  await db.transaction().execute((trx) => communityProvisionJob.enqueue(trx, { proposalId: supported.proposalId }))
  await runDueJobs(pool, hubTasks(hub))
  const session = await startWebSession(db, founder.accountId, sessionLifetimeSeconds)
  if (session === undefined) throw new Error('no session')
  return { session: session.token, proposalId }
}

const baseUrl = await hub.app.listen({ host: '127.0.0.1', port: 0 })
const browser = await launchBrowser(t)

for (const phone of [false, true]) {
  t.test(`a founder reads the news of proposals, follows it and marks it read (${phone ? 'phone' : 'desktop'})`, async (t) => {
    const { session, proposalId } = await founderWithNews(phone ? 'phoebe' : 'dana', phone ? 'ORPHA:65' : 'ORPHA:64')
    const { page, context, recorded } = await openPage(browser, t, { baseUrl, phone })
    await context.addCookies([{ name: 'kindred_session', value: session, url: baseUrl }])

    await page.goto('/')
    const link = page.getByRole('link', { name: /^Notifications/ })
    t.match(await link.textContent(), /2 new/, 'the header counts the news though the account is in no community')
    await link.click()
    await page.waitForURL('**/notifications')
    const section = page.locator('section.proposal-notifications')
    t.equal(await section.getByRole('heading', { name: 'Proposals' }).count(), 1)
    await checkPage(t, page, 'the news of proposals')

    await section.getByRole('link', { name: /Changes were requested for your proposal/ }).click()
    await page.waitForURL(`**/proposals/${proposalId}`)
    t.match(await page.locator('h1').textContent(), /Alström syndrome/)

    await page.goto('/notifications')
    await page.getByRole('button', { name: 'Mark all news of proposals as read' }).click()
    await page.waitForURL('**/notifications?marked=proposals')
    t.equal(await page.getByRole('status').first().textContent(), 'All your news of proposals is marked as read.')
    t.equal(
      (await page.getByRole('link', { name: /^Notifications/ }).textContent())?.trim(),
      'Notifications',
      'still offered, with nothing to count',
    )
    await checkPage(t, page, 'the news of proposals, read')

    assertNoProblemsButRefusals(t, recorded, { console: 'no console error', others: 'no uncaught error, no request to another origin' })
  })
}

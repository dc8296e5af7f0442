// The whole journey in a real Chromium, as the people it serves go through it: people create their
// accounts and confirm their addresses by the link mailed to them; a founder proposes a community,
// supporters back it, staff approve it through the API, the worker provisions it; the founder
// and the volunteer moderator take their places; a member joins it and a second community, switches
// between them, posts, replies, searches, writes to the founder and reports a post; the moderator acts on
// the report. Every page passes axe's WCAG 2.2 AA rules, logs no error and asks nothing of another origin.
import t, { type Test } from 'tap'
import type { Page } from 'playwright-core'
import {
  assertNoProblems,
  buildTestHub,
  checkPage,
  freePort,
  launchBrowser,
  openPage,
  provisionTestCommunity,
  runDueJobs,
  signUp as signUpByApi,
  startTestMailbox,
  type TestHub,
  hubTasks,
} from '@kindred/testkit'

// The hub's public address is where it listens, so that the links it mails open in the browser as they are.
const port = await freePort()
const mailbox = await startTestMailbox(t)
const hub = await buildTestHub(t, { env: { SMTP_URL: mailbox.url, KINDRED_PUBLIC_URL: `http://127.0.0.1:${port}` } })
await provisionTestCommunity(hub, 'alstrom')
const baseUrl = await hub.app.listen({ host: '127.0.0.1', port })
const browser = await launchBrowser(t)

// Creates the account, then opens the verification mail, follows its link, confirms and signs in.
async function signUpAndConfirm(t: Test, page: Page, name: string): Promise<void> {
  const email = `${name.toLowerCase()}@example.org`
  await page.goto('/sign-up')
  await page.getByLabel('Your name').fill(name)
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password').fill('a long enough password')
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.waitForURL('**/sign-up/check-inbox')
  await runDueJobs(hub.database.pool, hubTasks(hub))
  const [mail] = mailbox.to(email)
  const link = /^http\S+\/verify-email\/\S+$/m.exec(mail?.text ?? '')?.[0]
  if (link === undefined) throw new Error(`no verification link was mailed to ${email}`)
  await page.goto(link)
  await page.getByRole('button', { name: 'Confirm my address' }).click()
  await page.waitForURL('**/email-confirmed')
  await checkPage(t, page, `${name}: the address is confirmed`)
  await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click()
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password').fill('a long enough password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(`${baseUrl}/`)
}

async function propose(t: Test, page: Page): Promise<string> {
  await page.goto('/proposals')
  await page.getByRole('link', { name: 'Propose a community' }).click()
  await page.getByLabel('Name of the disease').fill('Fibrodysplasia ossificans progressiva')
  await page.getByLabel('ORPHA code (optional)').fill('ORPHA:337')
  await page.getByLabel('How many people have it').selectOption('lt_1_per_1m')
  await page.getByLabel('Address of the community').fill('fop')
  await page.getByLabel('Summary').fill('A community for people living with FOP and their families.')
  await page.getByLabel('English', { exact: true }).check()
  await page.getByLabel('About you, and why you start this community').fill('I have lived with FOP for twenty years.')
  await page.getByRole('button', { name: 'Propose the community' }).click()
  await page.waitForURL(/\/proposals\/[0-9a-f-]{36}$/)
  await checkPage(t, page, "the founder's proposal")
  return page.url().split('/').at(-1) ?? ''
}

// Two more supporters and a member of staff, through the API, as other people would be.
async function approveThroughTheApi(hub: TestHub, proposalId: string): Promise<void> {
  const call = (token: string, url: string, payload: object) =>
    hub.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${token}` }, payload })
  for (const name of ['second', 'third']) {
    const supporter = await signUpByApi(hub, name)
    const supported = await call(supporter.accessToken, `/v1/proposals/${proposalId}/support`, { as: 'member' })
    if (supported.statusCode >= 300) throw new Error(`support answered ${supported.statusCode}: ${supported.body}`)
  }
  const staff = await signUpByApi(hub, 'staff', { staff: true })
  const approved = await call(staff.accessToken, `/v1/proposals/${proposalId}/decision`, { decision: 'approve' })
  if (approved.statusCode !== 202) throw new Error(`approval answered ${approved.statusCode}: ${approved.body}`)
  await runDueJobs(hub.database.pool, hubTasks(hub))
}

async function takePlace(t: Test, page: Page, pseudonym: string): Promise<void> {
  await page.goto('/c/fop')
  await page.getByRole('link', { name: 'Choose your name and accept the charter' }).click()
  await page.getByLabel('The name members will know you by').fill(pseudonym)
  await page.getByLabel('I have read the charter and I accept it').check()
  await page.getByRole('button', { name: 'Take part' }).click()
  await page.waitForURL('**/c/fop')
  t.match(await page.locator('main').textContent(), new RegExp(`You take part here as ${pseudonym}`))
}

async function join(page: Page, slug: string, pseudonym: string): Promise<void> {
  await page.goto(`/c/${slug}`)
  await page.getByRole('link', { name: 'Join this community' }).click()
  await page.getByLabel('The name members will know you by').fill(pseudonym)
  await page.getByLabel('I have read the charter and I accept it').check()
  await page.getByRole('button', { name: 'Join' }).click()
  await page.waitForURL(`**/c/${slug}`)
}

t.test('from a proposal to a living community: founder, supporters, staff, members, a moderator', async (t) => {
  const founder = await openPage(browser, t, { baseUrl })
  await signUpAndConfirm(t, founder.page, 'Founder')
  const proposalId = await propose(t, founder.page)

  const volunteer = await openPage(browser, t, { baseUrl, phone: true })
  await signUpAndConfirm(t, volunteer.page, 'Volunteer')
  await volunteer.page.goto(`/proposals/${proposalId}`)
  await volunteer.page.getByRole('button', { name: 'Support and volunteer to moderate' }).click()
  await volunteer.page.getByText('You support this proposal and volunteer to moderate it.').waitFor()

  await approveThroughTheApi(hub, proposalId)
  await founder.page.goto('/')
  t.ok(
    await founder.page.getByRole('link', { name: /Fibrodysplasia ossificans progressiva/ }).count(),
    'the community is live on the home page',
  )
  await takePlace(t, founder.page, 'Keeper')
  await checkPage(t, founder.page, "the founder's forum")
  await takePlace(t, volunteer.page, 'Watchful')

  const member = await openPage(browser, t, { baseUrl, phone: true })
  await signUpAndConfirm(t, member.page, 'Member')
  await join(member.page, 'fop', 'Bone Builder')
  t.match(await member.page.locator('main').textContent(), /waiting for a moderator/, 'a new community asks its moderators first')
  await join(member.page, 'alstrom', 'Quiet Listener')

  await volunteer.page.goto('/c/fop')
  await volunteer.page.getByRole('link', { name: 'Moderate' }).click()
  await volunteer.page.getByRole('link', { name: 'Requests to join' }).first().click()
  await checkPage(t, volunteer.page, 'requests to join (phone)')
  await volunteer.page.getByRole('button', { name: 'Approve Bone Builder' }).click()
  await volunteer.page.getByText('The request was approved.').waitFor()
  await member.page.locator('.switcher summary').click()
  await member.page
    .locator('.switcher')
    .getByRole('link', { name: /Fibrodysplasia/ })
    .click()
  await member.page.waitForURL('**/c/fop')
  t.match(await member.page.locator('main').textContent(), /You take part here as Bone Builder/, 'switched, with this community’s name')

  await member.page.getByRole('link', { name: 'Start a new thread' }).click()
  await member.page.getByLabel('Title').fill('Sleeping with flare-ups')
  await member.page.getByLabel('Message').fill('How do you sleep during a flare-up?')
  await member.page.getByRole('button', { name: 'Start thread' }).click()
  await member.page.waitForURL('**/c/fop/t/*')
  const threadUrl = member.page.url()

  await founder.page.goto(threadUrl)
  await founder.page.getByLabel('Message').fill('A wedge pillow helped me sleep through the worst nights.')
  await founder.page.getByRole('button', { name: 'Post reply' }).click()
  await founder.page.waitForURL('**/c/fop/t/*')
  await checkPage(t, founder.page, 'a thread with a reply')

  await member.page.goto(threadUrl)
  t.match(await member.page.locator('main').textContent(), /wedge pillow/, 'the member reads the reply')

  await member.page.goto('/c/fop')
  await member.page.getByRole('link', { name: 'Search', exact: true }).click()
  await member.page.getByLabel('Words to look for').fill('PILLOWS')
  await member.page.getByRole('button', { name: 'Search' }).click()
  await member.page.waitForURL('**/c/fop/search?*')
  t.equal(await member.page.locator('main mark').first().textContent(), 'pillow', 'the reply is found, the word marked')
  await checkPage(t, member.page, 'search results (phone)')

  await member.page.goto('/c/fop/members')
  await member.page.getByRole('link', { name: 'Keeper' }).click()
  await member.page.getByRole('link', { name: 'Send a message to Keeper' }).click()
  await member.page.getByLabel('Message').fill('Thank you! Which pillow do you use?')
  await member.page.getByRole('button', { name: 'Send message' }).click()
  await member.page.getByText('Your message was sent.').waitFor()
  await founder.page.goto('/c/fop/messages')
  await founder.page
    .getByRole('link', { name: /Bone Builder/ })
    .first()
    .click()
  t.match(await founder.page.locator('main').textContent(), /Which pillow do you use\?/, 'the founder reads the message')
  await checkPage(t, founder.page, 'a conversation')

  await member.page.goto(threadUrl)
  await member.page.getByRole('link', { name: 'Report the post by Keeper' }).click()
  await member.page.getByLabel('Advertising or selling something').check()
  await member.page.getByRole('button', { name: 'Send the report' }).click()
  await member.page.waitForURL('**/c/fop/t/*')

  await volunteer.page.goto('/c/fop/moderate')
  await volunteer.page.getByRole('link', { name: 'Reports' }).first().click()
  await checkPage(t, volunteer.page, 'the reports queue (phone)')
  await volunteer.page.getByLabel('Note for the moderation log').first().fill('Selling pillows to members')
  await volunteer.page.getByRole('button', { name: 'Hide the post' }).first().click()
  await volunteer.page.getByText('Hidden. Members no longer see it').waitFor()
  await member.page.goto(threadUrl)
  t.notMatch(await member.page.locator('main').textContent(), /wedge pillow/, 'members no longer read the hidden post')

  for (const person of [founder, volunteer, member]) assertNoProblems(t, person.recorded, 'the journey')
})

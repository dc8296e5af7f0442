// Confirming an address in a real Chromium, at a desktop's width and a phone's 360 px: signing up, the
// verification mail received by a real SMTP server, its link followed, the address confirmed; and a member
// who has not confirmed yet, asked to on every page and told why instead of joining. Every page passes
// axe's WCAG 2.2 AA rules, fits its width and asks nothing of another origin.
import t, { type Test } from 'tap'
import type { Page } from 'playwright-core'
import {
  assertNoProblemsButRefusals,
  buildTestHub,
  checkPage,
  freePort,
  hubTasks,
  launchBrowser,
  openPage,
  provisionTestCommunity,
  runDueJobs,
  signInInBrowser,
  startTestMailbox,
  takeRefusal,
} from '@kindred/testkit'

// The hub's public address is where it listens, so that the links it mails open in the browser as they are.
const port = await freePort()
const mailbox = await startTestMailbox(t)
const hub = await buildTestHub(t, {
  secondPlacement: false,
  env: { SMTP_URL: mailbox.url, KINDRED_PUBLIC_URL: `http://127.0.0.1:${port}` },
})
await provisionTestCommunity(hub, 'fop')
const baseUrl = await hub.app.listen({ host: '127.0.0.1', port })
const browser = await launchBrowser(t)

async function signUp(t: Test, page: Page, email: string, label: string): Promise<void> {
  await page.goto('/sign-up')
  await page.getByLabel('Your name').fill('Ada')
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password').fill('a long enough password')
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.waitForURL('**/sign-up/check-inbox')
  t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Check your inbox')
  await checkPage(t, page, `check your inbox (${label})`)
}

/** The newest verification link mailed to `email`, once the queued mail has gone. */
async function mailedLink(email: string): Promise<string> {
  await runDueJobs(hub.database.pool, hubTasks(hub))
  const link = /^http\S+\/verify-email\/\S+$/m.exec(mailbox.to(email).at(-1)?.text ?? '')?.[0]
  if (link === undefined) throw new Error(`no verification link was mailed to ${email}`)
  return link
}

async function confirm(t: Test, page: Page, link: string, label: string): Promise<void> {
  await page.goto(link)
  await checkPage(t, page, `the link's page (${label})`)
  await page.getByRole('button', { name: 'Confirm my address' }).click()
  await page.waitForURL('**/email-confirmed')
  t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Your address is confirmed')
  await checkPage(t, page, `confirmed (${label})`)
}

for (const phone of [false, true]) {
  const label = phone ? 'phone' : 'desktop'

  t.test(`sign up, open the mailed link, confirm, sign in (${label})`, async (t) => {
    const { page, recorded } = await openPage(browser, t, { baseUrl, phone })
    const email = `ada-${label}@example.org`
    await signUp(t, page, email, label)
    const link = await mailedLink(email)
    await confirm(t, page, link, label)
    await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click()
    await page.getByLabel('Email address').fill(email)
    await page.getByLabel('Password').fill('a long enough password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`${baseUrl}/`)
    t.equal(await page.getByText('Confirm your address to join communities').count(), 0, 'nothing left to confirm')

    await page.goto(link)
    t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'This link does not work any more', 'a link works once')
    await checkPage(t, page, `a used link (${label})`)
    takeRefusal(t, recorded, 'the used link answers 400')
    assertNoProblemsButRefusals(t, recorded, { console: 'no other console error' })
  })

  t.test(`an unconfirmed member is asked to confirm, told why instead of joining, and sends the link again (${label})`, async (t) => {
    const { page, recorded } = await openPage(browser, t, { baseUrl, phone })
    const email = `bo-${label}@example.org`
    await signUp(t, page, email, label)
    await signInInBrowser(page, email)
    t.equal(await page.getByText('Confirm your address to join communities').count(), 1, 'the banner')
    await checkPage(t, page, `home with the banner (${label})`)

    await page.goto('/c/fop')
    await page.getByRole('link', { name: 'Join this community' }).click()
    t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Confirm your email address first')
    await checkPage(t, page, `joining, explained (${label})`)
    t.equal(await page.getByRole('button', { name: 'Send the link again' }).count(), 1, 'one button: the banner steps aside')
    await page.getByRole('button', { name: 'Send the link again' }).click()
    await page.waitForURL('**/account/email?done=verificationSent')
    t.match(await page.getByRole('status').textContent(), /We have sent a new link/)
    await checkPage(t, page, `the address page (${label})`)

    await confirm(t, page, await mailedLink(email), label)
    await page.getByRole('link', { name: 'Continue' }).click()
    await page.goto('/c/fop/join')
    t.equal(await page.getByLabel('The name members will know you by').count(), 1, 'the join form, now')
    assertNoProblemsButRefusals(t, recorded, { console: 'no console error' })
  })
}

// Resetting a forgotten password in a real Chromium, from the sign-in page to signing in with the new
// password, the link followed from the message a real SMTP server received; every page passes axe's WCAG
// 2.2 AA rules at desktop and phone width, fits the phone's width, and asks nothing of another origin.
import t from 'tap'
import { registerAccount } from '@kindred/identity'
import {
  assertNoProblemsButRefusals,
  buildTestHub,
  checkPage,
  freePort,
  hubTasks,
  launchBrowser,
  openPage,
  runDueJobs,
  startTestMailbox,
  takeRefusal,
} from '@kindred/testkit'

// Links in mail start with the public address, so the site listens where the message says it is.
const port = await freePort()
const baseUrl = `http://127.0.0.1:${port}`
const mailbox = await startTestMailbox(t)
const hub = await buildTestHub(t, { secondPlacement: false, env: { SMTP_URL: mailbox.url, KINDRED_PUBLIC_URL: baseUrl } })
await hub.app.listen({ host: '127.0.0.1', port })
const browser = await launchBrowser(t)

for (const phone of [false, true]) {
  const width = phone ? 'phone' : 'desktop'
  t.test(`a member who forgot their password asks for a link, follows it from the mail and signs in again (${width})`, async (t) => {
    const email = `nell-${width}@example.org`
    await registerAccount(hub.database.db, { email, password: 'the password I forgot', displayName: `Nell ${width}` })
    const { page, recorded } = await openPage(browser, t, { baseUrl, phone })

    await page.goto('/sign-in')
    await page.getByRole('link', { name: 'Forgot your password?' }).click()
    await page.waitForURL('**/password-reset')
    await checkPage(t, page, `asking for a link (${width})`)
    await page.getByLabel('Email address').fill(email)
    await page.getByRole('button', { name: 'Send the link' }).click()
    await page.waitForURL('**/password-reset/sent')
    t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Check your inbox')
    await checkPage(t, page, `check your inbox (${width})`)

    const received = mailbox.received.length
    await runDueJobs(hub.database.pool, hubTasks(hub))
    const [mail] = (await mailbox.waitFor(received + 1)).slice(received)
    t.same(mail?.to, [email])
    const link = new RegExp(`${baseUrl}/password-reset/[A-Za-z0-9_-]+`).exec(mail?.text ?? '')?.[0]
    if (link === undefined) throw new Error('no link in the message')
    t.match(mail?.html, `href="${link}"`, 'the HTML part has the same link')

    await page.goto(link)
    await checkPage(t, page, `choosing a new password (${width})`)
    await page.getByLabel('New password').fill('too short')
    await page.getByRole('button', { name: 'Change password' }).click()
    await page.waitForLoadState()
    takeRefusal(t, recorded, `a short password is refused (${width})`)
    t.match(await page.locator('.error-summary').textContent(), 'Your new password must be at least 10 characters')
    t.equal(await page.getByLabel('New password').inputValue(), '', 'the password is not put back in the field')
    await checkPage(t, page, `the refusal, its summary linked to the field (${width})`)
    await page.locator('.error-summary a').click()
    t.equal(await page.evaluate(() => document.activeElement?.id), 'password', 'the summary leads to the field')

    await page.getByLabel('New password').fill('my brand new passphrase')
    await page.getByRole('button', { name: 'Change password' }).click()
    await page.waitForURL('**/password-reset/done')
    t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Your password has been changed')
    await checkPage(t, page, `password changed (${width})`)

    await page.getByRole('link', { name: 'Sign in', exact: true }).last().click()
    await page.waitForURL('**/sign-in')
    await page.getByLabel('Email address').fill(email)
    await page.getByLabel('Password').fill('my brand new passphrase')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`${baseUrl}/`)
    t.equal(await page.locator('.signed-in-as').textContent(), `Nell ${width}`, 'signed in with the new password')
    assertNoProblemsButRefusals(t, recorded, { console: `no console error but the refusal (${width})` })
  })
}

t.test('a used link opens a page that says so, with the way to ask again', async (t) => {
  const { page, recorded } = await openPage(browser, t, { baseUrl })
  await page.goto('/password-reset/a-link-that-was-never-sent')
  takeRefusal(t, recorded, 'the page answers 400')
  t.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'This link does not work any more')
  await checkPage(t, page, 'a link that does not work')
  await page.getByRole('link', { name: 'Ask for a new link' }).click()
  await page.waitForURL('**/password-reset')
  assertNoProblemsButRefusals(t, recorded, { console: 'no other console error' })
})

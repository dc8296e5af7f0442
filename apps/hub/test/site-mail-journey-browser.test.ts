// A newcomer's whole way through Kindred's mail, in a real Chromium with a real SMTP server: signing up and
// confirming the address from the mail, joining, hearing of a reply by mail and following it to the post,
// resetting a forgotten password from the mail, and stopping reply mail in one click from a phone, signed out.
import t from 'tap'
import type { Page } from 'playwright-core'
import {
  assertNoProblems,
  buildTestHub,
  callAs,
  checkPage,
  communityMember,
  freePort,
  launchBrowser,
  openPage,
  provisionTestCommunity,
  runJobsAndDelayed,
  startTestMailbox,
  type ReceivedMail,
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

const deliver = () => runJobsAndDelayed(hub)

/** The newest mail to `email` whose subject matches, and the link in its text that starts with `path`. */
async function mailedLink(email: string, subject: RegExp, path: string): Promise<{ mail: ReceivedMail; link: string }> {
  await deliver()
  const mail = mailbox.to(email).findLast((one) => subject.test(one.subject))
  const link = new RegExp(`${baseUrl}${path}[^\\s>]*`).exec(mail?.text ?? '')?.[0]
  if (mail === undefined || link === undefined) throw new Error(`no mail with a ${path} link came to ${email}`)
  return { mail, link }
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent()

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in')
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(`${baseUrl}/`)
}

t.test('a newcomer signs up, confirms, joins, hears of a reply, resets a forgotten password and stops the mail', async (t) => {
  const email = 'nora@example.org'
  const { page, recorded } = await openPage(browser, t, { baseUrl })
  await page.goto('/sign-up')
  await page.getByLabel('Your name').fill('Nora')
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password').fill('my first password')
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.waitForURL('**/sign-up/check-inbox')

  const verification = await mailedLink(email, /./, '/verify-email/')
  await page.goto(verification.link)
  await page.getByRole('button', { name: 'Confirm my address' }).click()
  await page.waitForURL('**/email-confirmed')
  await signIn(page, email, 'my first password')

  await page.goto('/c/fop/join')
  await page.getByLabel('The name members will know you by').fill('Nora here')
  await page.getByLabel('I have read the charter and I accept it').check()
  await page.getByRole('button', { name: 'Join' }).click()
  await page.waitForURL('**/c/fop')
  await page.goto('/c/fop/new')
  await page.getByLabel('Title').fill('Mornings')
  await page.getByLabel('Message').fill('My joints are stiff every morning.')
  await page.getByRole('button', { name: 'Start thread' }).click()
  await page.waitForURL('**/c/fop/t/*')
  const threadId = /\/t\/(\d+)/.exec(page.url())?.[1] ?? ''

  const bob = await communityMember(hub, 'fop', 'bob', { pseudonym: 'Night Owl' })
  const reply = async (body: string) => callAs(hub, bob, 'POST', `/v1/c/fop/threads/${threadId}/replies`, { body })
  t.equal((await reply('Warm showers help me.')).statusCode, 201)
  const told = await mailedLink(email, /^New post in “Mornings”/, '/c/fop/p/')
  t.notMatch(told.mail.text, /Warm showers|Night Owl/, 'the mail names the community and the thread only')
  await page.goto(told.link)
  await page.waitForURL((url) => /^#post-\d+$/.test(url.hash))
  t.match(await page.locator(decodeURIComponent(new URL(page.url()).hash)).textContent(), /Warm showers help me\./, 'at the reply')

  const { page: forgetful, recorded: forgetfulRecord } = await openPage(browser, t, { baseUrl })
  await forgetful.goto('/password-reset')
  await forgetful.getByLabel('Email address').fill(email)
  await forgetful.getByRole('button', { name: 'Send the link' }).click()
  await forgetful.waitForURL('**/password-reset/sent')
  const reset = await mailedLink(email, /./, '/password-reset/')
  await forgetful.goto(reset.link)
  await forgetful.getByLabel('New password').fill('my brand new passphrase')
  await forgetful.getByRole('button', { name: 'Change password' }).click()
  await forgetful.waitForURL('**/password-reset/done')
  await signIn(forgetful, email, 'my brand new passphrase')
  await page.goto('/notifications')
  await page.waitForURL('**/sign-in**')
  t.pass('the session opened before the reset has ended')

  const { page: phone, recorded: phoneRecord } = await openPage(browser, t, { baseUrl, phone: true })
  const unsubscribe = /http\S+\/unsubscribe\/[^\s>]+/.exec(told.mail.text)?.[0] ?? ''
  t.match(told.mail.header('list-unsubscribe'), `<${unsubscribe}>`, 'the link in the text is the one-click header')
  await phone.goto(unsubscribe)
  await checkPage(t, phone, 'stop these emails (phone)')
  await phone.getByRole('button', { name: 'Stop these emails' }).click()
  t.equal(await heading(phone), 'You will not get these emails any more')
  await checkPage(t, phone, 'stopped (phone)')
  const received = mailbox.to(email).length
  t.equal((await reply('And a warm scarf.')).statusCode, 201)
  await deliver()
  t.equal(mailbox.to(email).length, received, 'no more reply mail')
  await forgetful.goto('/notifications')
  t.equal(await forgetful.locator('li.notification').count(), 2, 'both replies are still listed on the site')

  assertNoProblems(t, recorded, 'the first browser')
  assertNoProblems(t, forgetfulRecord, 'the browser that reset the password')
  assertNoProblems(t, phoneRecord, 'the phone')
})

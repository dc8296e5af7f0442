import t, { type Test } from 'tap'
import { registerAccount } from '@kindred/identity'
import {
  buildTestHub,
  csrfOf,
  hubTasks,
  locationOf,
  runDueJobs,
  siteVisitor,
  startTestMailbox,
  type SiteVisitor,
  type TestHub,
  type TestMailbox,
} from '@kindred/testkit'

const oldPassword = 'a long enough password'
const newPassword = 'a brand new passphrase'

async function setUp(t: Test): Promise<{ hub: TestHub; mailbox: TestMailbox }> {
  const mailbox = await startTestMailbox(t)
  const hub = await buildTestHub(t, { secondPlacement: false, env: { SMTP_URL: mailbox.url, KINDRED_PUBLIC_URL: 'http://kindred.test' } })
  await registerAccount(hub.database.db, { email: 'ada@example.org', password: oldPassword, displayName: 'Ada' })
  return { hub, mailbox }
}

/** Asks for a reset on the site, runs the jobs, and returns the path of the link the message carries. */
async function mailedLink(hub: TestHub, mailbox: TestMailbox, visitor: SiteVisitor): Promise<string> {
  const received = mailbox.received.length
  const asked = await visitor.submit('/password-reset', { email: 'ada@example.org' })
  if (locationOf(asked) !== '/password-reset/sent') throw new Error(`asking answered ${asked.statusCode}`)
  await runDueJobs(hub.database.pool, hubTasks(hub))
  const [mail] = (await mailbox.waitFor(received + 1)).slice(received)
  const path = /http:\/\/kindred\.test(\/password-reset\/[A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1]
  if (path === undefined) throw new Error('no link mailed')
  return path
}

t.test('the sign-in page leads to asking for a reset, which answers alike for every address', async (t) => {
  const { hub, mailbox } = await setUp(t)
  const visitor = siteVisitor(hub)
  t.match((await visitor.get('/sign-in')).body, '<a href="/password-reset">Forgot your password?</a>')
  const form = await visitor.get('/password-reset')
  t.equal(form.statusCode, 200)
  t.match(form.body, '<h1>Reset your password</h1>')

  const known = await visitor.submit('/password-reset', { email: 'ADA@example.org' })
  const unknown = await visitor.submit('/password-reset', { email: 'nobody@example.org' })
  t.equal(known.statusCode, 303)
  t.equal(locationOf(known), '/password-reset/sent')
  t.equal(locationOf(unknown), '/password-reset/sent', 'the same answer for an address without an account')
  const sent = await visitor.get('/password-reset/sent')
  t.match(sent.body, '<h1>Check your inbox</h1>')
  t.match(sent.body, 'for 30 minutes')
  t.notMatch(sent.body, 'ada@example.org', 'the page does not repeat the address')

  await runDueJobs(hub.database.pool, hubTasks(hub))
  await mailbox.waitFor(1)
  await new Promise((resolve) => setTimeout(resolve, 200))
  t.same(
    mailbox.received.map((mail) => mail.to),
    [['ada@example.org']],
  )
  const french = await siteVisitor(hub, { 'accept-language': 'fr' }).get('/password-reset')
  t.match(french.body, 'Réinitialiser votre mot de passe', 'in the visitor’s language')
})

t.test('a missing or malformed address is refused with an error summary linked to the field', async (t) => {
  const { hub, mailbox } = await setUp(t)
  const visitor = siteVisitor(hub)
  const empty = await visitor.submit('/password-reset', { email: '' })
  t.equal(empty.statusCode, 400)
  t.match(empty.body, /class="error-summary"[\s\S]*<a href="#email">Enter your email address<\/a>/)
  const malformed = await visitor.submit('/password-reset', { email: 'ada at example' })
  t.equal(malformed.statusCode, 400)
  t.match(malformed.body, 'Enter an email address in the correct format')
  t.match(malformed.body, 'value="ada at example"', 'the value is kept to correct')
  const forged = await visitor.post('/password-reset', { _csrf: 'forged', email: 'ada@example.org' })
  t.equal(forged.statusCode, 403, 'a form without its CSRF token is refused')
  await runDueJobs(hub.database.pool, hubTasks(hub))
  t.same(mailbox.received, [], 'nothing was sent')
})

t.test('opening the link does not use it; the form sets the password once and ends every session, this browser’s too', async (t) => {
  const { hub, mailbox } = await setUp(t)
  const visitor = siteVisitor(hub)
  t.equal((await visitor.submit('/sign-in', { email: 'ada@example.org', password: oldPassword })).statusCode, 303)
  const elsewhere = siteVisitor(hub)
  await elsewhere.submit('/sign-in', { email: 'ada@example.org', password: oldPassword })
  const link = await mailedLink(hub, mailbox, visitor)

  // A mail scanner opens the link first.
  t.equal((await siteVisitor(hub).get(link)).statusCode, 200)
  const page = await visitor.get(link)
  t.equal(page.statusCode, 200, 'the link still works for its owner')
  t.match(page.body, '<h1>Choose a new password</h1>')
  t.match(page.body, `action="${link}"`)

  const short = await visitor.post(link, { _csrf: csrfOf(page), password: 'too short' })
  t.equal(short.statusCode, 400)
  t.match(short.body, /class="error-summary"[\s\S]*<a href="#password">Your new password must be at least 10 characters<\/a>/)
  t.notMatch(short.body, 'too short', 'the password is not sent back')
  t.match(short.body, 'aria-invalid="true"')

  const done = await visitor.post(link, { _csrf: csrfOf(short), password: newPassword })
  t.equal(done.statusCode, 303, 'the link still worked after a refused password')
  t.equal(locationOf(done), '/password-reset/done')
  t.notOk(visitor.jar.has('kindred_session'), 'this browser’s session cookie is cleared')
  const after = await visitor.get('/password-reset/done')
  t.match(after.body, '<h1>Your password has been changed</h1>')
  t.match(after.body, '<a href="/sign-in">Sign in</a>')
  t.notMatch((await elsewhere.get('/')).body, 'signed-in-as', 'the other browser’s session has ended')

  const used = await visitor.get(link)
  t.equal(used.statusCode, 400, 'a used link is refused')
  t.match(used.body, '<h1>This link does not work any more</h1>')
  t.match(used.body, '<a href="/password-reset">Ask for a new link</a>')
  t.equal((await visitor.post(link, { _csrf: csrfOf(used), password: 'yet another passphrase' })).statusCode, 400)

  const signedIn = await visitor.submit('/sign-in', { email: 'ada@example.org', password: newPassword })
  t.equal(signedIn.statusCode, 303, 'the new password signs in')
})

t.test('an unknown or expired link shows a page to ask again', async (t) => {
  const { hub, mailbox } = await setUp(t)
  const visitor = siteVisitor(hub)
  const unknown = await visitor.get('/password-reset/not-a-real-token')
  t.equal(unknown.statusCode, 400)
  t.match(unknown.body, 'Ask for a new link')
  const link = await mailedLink(hub, mailbox, visitor)
  await hub.database.db
    .updateTable('hub.account_links')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .execute()
  const expired = await visitor.get(link)
  t.equal(expired.statusCode, 400)
  t.match(expired.body, 'This link does not work any more')
})

t.test('no log line holds the address or the link, though the link is in the path', async (t) => {
  const { hub, mailbox } = await setUp(t)
  const visitor = siteVisitor(hub)
  const link = await mailedLink(hub, mailbox, visitor)
  const page = await visitor.get(link)
  await visitor.post(link, { _csrf: csrfOf(page), password: newPassword })
  await visitor.get(link)
  const token = link.split('/').at(-1) ?? ''
  const text = hub.logs.text()
  t.match(text, '"url":"/password-reset/:token"', 'the requests are logged by their route')
  t.notOk(text.includes(token), 'the token is not logged')
  t.notOk(text.includes('ada@example.org'), 'the address is not logged')
})

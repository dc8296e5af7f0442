import { sql } from 'kysely'
import t, { type Test } from 'tap'
import { registerAccount } from '@kindred/identity'
import { buildTestHub, hubTasks, runDueJobs, siteVisitor, startTestMailbox, type TestHub, type TestMailbox } from '@kindred/testkit'

const publicUrl = 'https://kindred.example.org'
const oldPassword = 'a long enough password'
const newPassword = 'a brand new passphrase'

async function setUp(t: Test, env: Record<string, string> = {}): Promise<{ hub: TestHub; mailbox: TestMailbox }> {
  const mailbox = await startTestMailbox(t)
  const hub = await buildTestHub(t, { secondPlacement: false, env: { SMTP_URL: mailbox.url, KINDRED_PUBLIC_URL: publicUrl, ...env } })
  return { hub, mailbox }
}

const register = (hub: TestHub, name: string) =>
  registerAccount(hub.database.db, { email: `${name}@example.org`, password: oldPassword, displayName: name })

const ask = (hub: TestHub, email: string, remoteAddress = '203.0.113.1') =>
  hub.app.inject({ method: 'POST', url: '/v1/auth/password-reset', payload: { email }, remoteAddress })

const confirm = (hub: TestHub, token: string, password: string, remoteAddress = '203.0.113.1') =>
  hub.app.inject({ method: 'POST', url: '/v1/auth/password-reset/confirm', payload: { token, password }, remoteAddress })

const signIn = (hub: TestHub, name: string, password: string) =>
  hub.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: `${name}@example.org`, password }, remoteAddress: '192.0.2.9' })

/** Asks for a reset for `name`, runs the queued jobs and returns the token of the link the message carries. */
async function mailedToken(hub: TestHub, mailbox: TestMailbox, name: string): Promise<string> {
  const received = mailbox.received.length
  if ((await ask(hub, `${name}@example.org`)).statusCode !== 202) throw new Error('asking was refused')
  await runDueJobs(hub.database.pool, hubTasks(hub))
  const [mail] = (await mailbox.waitFor(received + 1)).slice(received)
  const token = linkPattern.exec(mail?.text ?? '')?.[1]
  if (token === undefined || mail?.to[0] !== `${name}@example.org`) throw new Error('no link mailed')
  return token
}

const linkPattern = new RegExp(`${publicUrl}/password-reset/([A-Za-z0-9_-]+)`)

/** Makes every unused link `minutes` older than it is. */
const age = (hub: TestHub, minutes: number) =>
  sql`update hub.account_links set created_at = created_at - make_interval(mins => ${minutes}),
        expires_at = expires_at - make_interval(mins => ${minutes}) where used_at is null`.execute(hub.database.db)

t.test('asking answers 202 and the same body whether or not an account has the address; only an account gets mail', async (t) => {
  const { hub, mailbox } = await setUp(t)
  const ada = await register(hub, 'ada')
  await hub.database.db.updateTable('hub.accounts').set({ language: 'fr' }).where('id', '=', ada.id).execute()
  await register(hub, 'bo')

  const known = await ask(hub, 'Ada@Example.org')
  const unknown = await ask(hub, 'nobody@example.org')
  t.equal(known.statusCode, 202)
  t.equal(unknown.statusCode, 202)
  t.equal(known.body, unknown.body, 'the same body')
  t.same(known.json(), { status: 'accepted' })
  t.equal((await ask(hub, 'bo@example.org')).statusCode, 202)
  await runDueJobs(hub.database.pool, hubTasks(hub))
  await mailbox.waitFor(2)
  await new Promise((resolve) => setTimeout(resolve, 200))
  t.same(mailbox.received.map((mail) => mail.to).toSorted(), [['ada@example.org'], ['bo@example.org']], 'nothing for the unknown address')

  const [french] = mailbox.to('ada@example.org')
  t.equal(french?.subject, 'Choisissez un nouveau mot de passe Kindred', 'in the language of the account')
  t.match(french?.text, `${publicUrl}/password-reset/`)
  t.match(french?.text, 'pendant 30 minutes')
  t.match(french?.html, /<html lang="fr">/)
  t.match(french?.html, `href="${publicUrl}/password-reset/`)
  t.equal(french?.header('list-unsubscribe'), undefined, 'a security message: no unsubscribe')
  t.equal(french?.header('content-language'), 'fr')
  const [english] = mailbox.to('bo@example.org')
  t.equal(english?.subject, 'Choose a new Kindred password', 'English for an account that chose no language')
  t.match(english?.text, 'This link works once, for 30 minutes.')
})

t.test('a link sets the password once, and only within 30 minutes; it also proves the address', async (t) => {
  const { hub, mailbox } = await setUp(t)
  const ada = await register(hub, 'ada')

  const late = await mailedToken(hub, mailbox, 'ada')
  await age(hub, 31)
  const expired = await confirm(hub, late, newPassword)
  t.equal(expired.statusCode, 400)
  t.equal(expired.json<{ code: string }>().code, 'KINDRED_LINK_INVALID', 'a link 31 minutes old is refused')

  const token = await mailedToken(hub, mailbox, 'ada')
  await age(hub, 29)
  t.equal((await confirm(hub, token, newPassword)).statusCode, 204)
  t.equal((await signIn(hub, 'ada', newPassword)).statusCode, 200, 'the new password signs in')
  t.equal((await signIn(hub, 'ada', oldPassword)).statusCode, 401, 'the old one does not')
  const again = await confirm(hub, token, 'yet another passphrase')
  t.equal(again.statusCode, 400)
  t.equal(again.json<{ code: string }>().code, 'KINDRED_LINK_INVALID', 'the link worked once')
  const account = await hub.database.db
    .selectFrom('hub.accounts')
    .select('email_verified_at')
    .where('id', '=', ada.id)
    .executeTakeFirstOrThrow()
  t.ok(account.email_verified_at !== null, 'the address counts as verified')
})

t.test('a reset ends every session of the account: access and refresh tokens and browser sessions', async (t) => {
  const { hub, mailbox } = await setUp(t)
  await register(hub, 'ada')
  const tokens = (await signIn(hub, 'ada', oldPassword)).json<{ accessToken: string; refreshToken: string }>()
  const browser = siteVisitor(hub)
  t.equal((await browser.submit('/sign-in', { email: 'ada@example.org', password: oldPassword })).statusCode, 303)
  const me = () => hub.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${tokens.accessToken}` } })
  t.equal((await me()).statusCode, 200, 'signed in before')
  t.match((await browser.get('/')).body, 'signed-in-as', 'the browser too')

  const token = await mailedToken(hub, mailbox, 'ada')
  // Tokens carry whole seconds: the reset refuses those of its own second as well.
  t.equal((await confirm(hub, token, newPassword)).statusCode, 204)
  t.equal((await me()).statusCode, 401, 'the old access token is refused')
  const refreshed = await hub.app.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: tokens.refreshToken } })
  t.equal(refreshed.statusCode, 401, 'the old refresh token is refused')
  t.notMatch((await browser.get('/')).body, 'signed-in-as', 'the browser session has ended')
})

t.test('a password too short is refused with 400 and leaves the link usable', async (t) => {
  const { hub, mailbox } = await setUp(t)
  await register(hub, 'ada')
  const token = await mailedToken(hub, mailbox, 'ada')
  const short = await confirm(hub, token, 'too short')
  t.equal(short.statusCode, 400)
  t.equal(short.json<{ code: string }>().code, 'KINDRED_VALIDATION_FAILED')
  t.equal((await signIn(hub, 'ada', oldPassword)).statusCode, 200, 'the password is unchanged')
  t.equal((await confirm(hub, token, newPassword)).statusCode, 204, 'the link still works')
  const unknown = await confirm(hub, 'made-up-token', newPassword)
  t.equal(unknown.json<{ code: string }>().code, 'KINDRED_LINK_INVALID')
})

t.test('asking is limited per address and per email, known or not, with 429', async (t) => {
  const { hub } = await setUp(t, { KINDRED_LIMIT_PASSWORD_RESET_PER_ADDRESS: '3/1h', KINDRED_LIMIT_PASSWORD_RESET_PER_EMAIL: '2/1h' })
  await register(hub, 'ada')
  for (const email of ['ada@example.org', 'nobody@example.org']) {
    t.equal((await ask(hub, email, '198.51.100.1')).statusCode, 202)
    t.equal((await ask(hub, email.toUpperCase(), '198.51.100.2')).statusCode, 202)
    const third = await ask(hub, email, '198.51.100.3')
    t.equal(third.statusCode, 429, `a third request for ${email}, from a third address`)
    t.equal(third.json<{ code: string }>().code, 'KINDRED_RATE_LIMITED')
    t.ok(Number(third.headers['retry-after']) > 3000, 'until the hour ends')
  }
  for (const name of ['cy', 'di', 'ed']) t.equal((await ask(hub, `${name}@example.org`, '198.51.100.9')).statusCode, 202)
  t.equal((await ask(hub, 'fay@example.org', '198.51.100.9')).statusCode, 429, 'a fourth email from one address')
  t.equal((await confirm(hub, 'made-up-token', newPassword, '198.51.100.9')).statusCode, 429, 'setting a password spends the same budget')
})

t.test('no log line holds the address, the link or the new password', async (t) => {
  const { hub, mailbox } = await setUp(t)
  await register(hub, 'wilhelmina.quill')
  const token = await mailedToken(hub, mailbox, 'wilhelmina.quill')
  await confirm(hub, token, 'too short')
  t.equal((await confirm(hub, token, newPassword)).statusCode, 204)
  await confirm(hub, token, newPassword)
  const text = hub.logs.text()
  t.match(text, 'password_reset__mail', 'the job was logged')
  for (const secret of ['wilhelmina.quill', token, newPassword]) t.notOk(text.includes(secret), `${secret.slice(0, 12)}… is not logged`)
})

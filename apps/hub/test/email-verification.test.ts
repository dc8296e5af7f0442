import t from 'tap'
import { sql } from 'kysely'
import { issueAccountLink, setAccountLanguage } from '@kindred/identity'
import {
  buildTestHub,
  hubTasks,
  insertProposal,
  proposalFields,
  provisionTestCommunity,
  runDueJobs,
  signUp,
  startTestMailbox,
  type ReceivedMail,
  type TestHub,
} from '@kindred/testkit'

const ada = { email: 'ada@example.org', password: 'correct horse battery staple', displayName: 'Ada' }

async function setUp(t: Parameters<typeof buildTestHub>[0], env: Record<string, string> = {}) {
  const mailbox = await startTestMailbox(t)
  const hub = await buildTestHub(t, { secondPlacement: false, env: { SMTP_URL: mailbox.url, ...env } })
  const deliver = () => runDueJobs(hub.database.pool, hubTasks(hub))
  return { hub, mailbox, deliver }
}

const call = (hub: TestHub, method: 'GET' | 'POST' | 'PUT', url: string, token?: string, payload?: object) =>
  hub.app.inject({ method, url, payload, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } })

const register = (hub: TestHub, body: object, remoteAddress = '203.0.113.7') =>
  hub.app.inject({ method: 'POST', url: '/v1/auth/register', payload: body, remoteAddress })

/** The token of the verification link a mail carries in its text part. */
function tokenIn(mail: ReceivedMail | undefined): string {
  const token = /\/verify-email\/([A-Za-z0-9_-]+)$/m.exec(mail?.text ?? '')?.[1]
  if (token === undefined) throw new Error('no verification link in the mail')
  return token
}

async function signIn(hub: TestHub, email: string, password: string): Promise<string> {
  const reply = await hub.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { email, password } })
  return reply.json<{ accessToken: string }>().accessToken
}

// The parts every security message has: text and HTML in the recipient's language, nothing to unsubscribe from.
function assertSecurityMail(t: Parameters<typeof buildTestHub>[0], mail: ReceivedMail | undefined, language: string): void {
  t.ok(mail?.text !== '' && mail?.html !== '', 'a text and an HTML part')
  t.match(mail?.html, new RegExp(`<html lang="${language}">`))
  t.equal(mail?.header('content-language'), language)
  t.equal(mail?.header('list-unsubscribe'), undefined, 'a security message cannot be unsubscribed from')
}

t.test('a new and a taken address get the same answer, byte for byte; the mail tells each owner what happened', async (t) => {
  const { hub, mailbox, deliver } = await setUp(t)
  const created = await register(hub, ada)
  const taken = await register(hub, { ...ada, email: 'ADA@example.org', password: 'another password entirely', displayName: 'Eve' })
  t.equal(created.statusCode, 202)
  t.equal(taken.statusCode, created.statusCode)
  t.equal(taken.body, created.body)
  t.strictSame(created.json(), { status: 'checkYourMail' })
  t.equal(taken.headers['content-type'], created.headers['content-type'])
  t.equal(taken.headers['content-length'], created.headers['content-length'])

  await deliver()
  const [verification, notice] = await mailbox.waitFor(2)
  t.strictSame(
    mailbox.received.map((mail) => mail.to),
    [['ada@example.org'], ['ada@example.org']],
  )
  t.equal(verification?.subject, 'Confirm your email address')
  t.match(verification?.text, /^http:\/\/localhost:\d+\/verify-email\/[A-Za-z0-9_-]{43}$/m, 'the link, written out')
  t.match(verification?.text, /works once, for 24 hours/)
  assertSecurityMail(t, verification, 'en')
  t.equal(notice?.subject, 'Someone tried to create an account with your address')
  t.match(notice?.text, /^http:\/\/localhost:\d+\/sign-in$/m, 'a way to sign in, no link that does anything')
  t.notMatch(notice?.text, /verify-email/)
  assertSecurityMail(t, notice, 'en')

  const accounts = await hub.database.db.selectFrom('hub.accounts').select(['display_name', 'email_verified_at']).execute()
  t.same(accounts, [{ display_name: 'Ada', email_verified_at: null }], 'the second registration wrote nothing')
  t.equal(await signIn(hub, ada.email, 'another password entirely'), undefined, 'the attempt did not set a password')
})

t.test("the notice to a taken address is in its owner's language, at most once an hour", async (t) => {
  const { hub, mailbox, deliver } = await setUp(t)
  const { accountId } = await signUp(hub, 'ines')
  await setAccountLanguage(hub.database.db, accountId, 'es')
  for (const remoteAddress of ['203.0.113.8', '203.0.113.9']) await register(hub, { ...ada, email: 'ines@example.org' }, remoteAddress)
  await deliver()
  const notices = mailbox.to('ines@example.org').filter((mail) => mail.subject !== 'Confirm your email address')
  t.equal(notices.length, 1)
  t.equal(notices[0]?.subject, 'Alguien intentó crear una cuenta con su dirección')
  assertSecurityMail(t, notices[0], 'es')
})

t.test('a verification link works once, expires, is refused for another purpose, and GET /v1/me says so', async (t) => {
  const { hub, mailbox, deliver } = await setUp(t)
  await register(hub, ada)
  await deliver()
  const token = await signIn(hub, ada.email, ada.password)
  const me = async () => (await call(hub, 'GET', '/v1/me', token)).json<{ emailVerified: boolean }>().emailVerified
  t.equal(await me(), false)

  const verify = (linkToken: string) => call(hub, 'POST', '/v1/auth/verify-email', undefined, { token: linkToken })
  const linkToken = tokenIn(mailbox.to(ada.email)[0])
  t.equal((await verify(linkToken)).statusCode, 204)
  t.equal(await me(), true)
  const again = await verify(linkToken)
  t.equal(again.statusCode, 400)
  t.match(again.json(), { code: 'KINDRED_LINK_INVALID' })

  await hub.database.db.updateTable('hub.accounts').set({ email_verified_at: null }).execute()
  t.equal((await call(hub, 'POST', '/v1/me/verification', token)).statusCode, 202)
  await deliver()
  const fresh = tokenIn(mailbox.to(ada.email)[1])
  await sql`update hub.account_links set expires_at = now() - interval '1 second'`.execute(hub.database.db)
  t.match((await verify(fresh)).json(), { statusCode: 400, code: 'KINDRED_LINK_INVALID' }, 'an expired link')
  const { id } = await hub.database.db.selectFrom('hub.accounts').select('id').executeTakeFirstOrThrow()
  const reset = await issueAccountLink(hub.database.db, { accountId: id, purpose: 'reset_password' })
  t.match((await verify(reset?.token ?? '')).json(), { code: 'KINDRED_LINK_INVALID' }, 'a link for another purpose')
  t.equal(await me(), false)
})

t.test('asking for the link again is limited per account, and sends nothing once the address is confirmed', async (t) => {
  const { hub, mailbox, deliver } = await setUp(t, { KINDRED_LIMIT_VERIFICATION_MAIL_PER_ACCOUNT: '2/1h' })
  const una = await signUp(hub, 'una', { verified: false })
  const resend = () => call(hub, 'POST', '/v1/me/verification', una.accessToken)
  t.equal((await resend()).statusCode, 202)
  t.equal((await resend()).statusCode, 202)
  const limited = await resend()
  t.equal(limited.statusCode, 429)
  t.ok(limited.headers['retry-after'])
  await deliver()
  t.equal(mailbox.to('una@example.org').length, 3, 'the registration’s link and two more')
  // The kit confirms the address behind the API's back before the registration's mail goes: it is dropped.
  const bo = await signUp(hub, 'bo')
  t.equal((await call(hub, 'POST', '/v1/me/verification', bo.accessToken)).statusCode, 202)
  await deliver()
  t.equal(mailbox.to('bo@example.org').length, 0, 'no link to an address already confirmed')
})

t.test('joining, supporting and proposing are 403 KINDRED_EMAIL_UNVERIFIED until the address is confirmed, then work', async (t) => {
  const { hub, mailbox, deliver } = await setUp(t)
  await provisionTestCommunity(hub, 'fop')
  const { proposalId } = await insertProposal(hub.database.db, { slug: 'alstrom', status: 'open' })
  const una = await signUp(hub, 'una', { verified: false })
  const attempts = {
    join: () => call(hub, 'POST', '/v1/communities/fop/join', una.accessToken, { pseudonym: 'Una here', acceptCharterVersion: 1 }),
    support: () => call(hub, 'POST', `/v1/proposals/${proposalId}/support`, una.accessToken, { as: 'member' }),
    propose: () =>
      call(
        hub,
        'POST',
        '/v1/proposals',
        una.accessToken,
        proposalFields({ slug: 'wolfram', diseaseName: 'Wolfram syndrome', orphaCode: 'ORPHA:3463' }),
      ),
  }
  for (const [name, attempt] of Object.entries(attempts)) {
    const refused = await attempt()
    t.equal(refused.statusCode, 403, name)
    t.match(refused.json(), { code: 'KINDRED_EMAIL_UNVERIFIED' }, name)
  }
  t.equal((await call(hub, 'GET', `/v1/proposals/${proposalId}`, una.accessToken)).statusCode, 200, 'reading is open')

  await deliver()
  t.equal(
    (await call(hub, 'POST', '/v1/auth/verify-email', undefined, { token: tokenIn(mailbox.to('una@example.org')[0]) })).statusCode,
    204,
  )
  for (const [name, attempt] of Object.entries(attempts)) t.equal((await attempt()).statusCode, 201, `${name}, once confirmed`)
})

t.test('changing the address: the old one is told, the account switches only when the new link is used', async (t) => {
  const { hub, mailbox, deliver } = await setUp(t)
  const bo = await signUp(hub, 'bo')
  await setAccountLanguage(hub.database.db, bo.accountId, 'fr')
  const change = (email: string, password = 'a long enough password') =>
    call(hub, 'PUT', '/v1/me/email', bo.accessToken, { email, password })
  const wrong = await change('bo@example.net', 'not the password at all')
  t.equal(wrong.statusCode, 401)
  t.match(wrong.json(), { code: 'KINDRED_INVALID_CREDENTIALS' })

  const accepted = await change('Bo@Example.NET')
  t.equal(accepted.statusCode, 202)
  t.strictSame(accepted.json(), { status: 'checkYourMail' })
  await deliver()
  const [notice] = mailbox.to('bo@example.org')
  t.equal(notice?.subject, "L'adresse e-mail de votre compte va changer")
  t.match(notice?.text, /pour bo@example\.net\./)
  assertSecurityMail(t, notice, 'fr')
  const [link] = mailbox.to('bo@example.net')
  t.equal(link?.subject, 'Confirmez votre nouvelle adresse e-mail')
  assertSecurityMail(t, link, 'fr')
  const email = async () => (await call(hub, 'GET', '/v1/me', bo.accessToken)).json<{ account: { email: string } }>().account.email
  t.equal(await email(), 'bo@example.org', 'nothing changes before the link is used')

  t.equal((await call(hub, 'POST', '/v1/auth/verify-email', undefined, { token: tokenIn(link) })).statusCode, 204)
  t.equal(await email(), 'bo@example.net')
  t.ok(await signIn(hub, 'bo@example.net', 'a long enough password'), 'signing in with the new address')
  t.equal(await signIn(hub, 'bo@example.org', 'a long enough password'), undefined, 'and no longer with the old one')
})

t.test('a new address another account has gets the same answer and no mail; the old address is told all the same', async (t) => {
  const { hub, mailbox, deliver } = await setUp(t)
  const bo = await signUp(hub, 'bo')
  await signUp(hub, 'cy')
  await deliver()
  const before = mailbox.received.length
  const free = await call(hub, 'PUT', '/v1/me/email', bo.accessToken, { email: 'bo@example.net', password: 'a long enough password' })
  const taken = await call(hub, 'PUT', '/v1/me/email', bo.accessToken, { email: 'cy@example.org', password: 'a long enough password' })
  t.equal(taken.statusCode, free.statusCode)
  t.equal(taken.body, free.body)
  await deliver()
  const sent = mailbox.received.slice(before)
  t.same(sent.map((mail) => mail.to[0]).sort(), ['bo@example.net', 'bo@example.org', 'bo@example.org'])
  t.equal(mailbox.to('cy@example.org').length, 0, 'nothing went to the address cy has')
})

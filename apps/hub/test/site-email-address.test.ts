import t from 'tap'
import {
  buildTestHub,
  csrfOf,
  hubTasks,
  insertProposal,
  locationOf,
  provisionTestCommunity,
  runDueJobs,
  siteSignUp,
  siteVisitor,
  startTestMailbox,
  type ReceivedMail,
} from '@kindred/testkit'

async function setUp(t: Parameters<typeof buildTestHub>[0]) {
  const mailbox = await startTestMailbox(t)
  const hub = await buildTestHub(t, { secondPlacement: false, env: { SMTP_URL: mailbox.url } })
  const deliver = () => runDueJobs(hub.database.pool, hubTasks(hub))
  return { hub, mailbox, deliver }
}

/** The path of the verification link a mail carries in its text part. */
function linkIn(mail: ReceivedMail | undefined): string {
  const path = /^http:\/\/[^/\s]+(\/verify-email\/[A-Za-z0-9_-]+)$/m.exec(mail?.text ?? '')?.[1]
  if (path === undefined) throw new Error('no verification link in the mail')
  return path
}

const signUpForm = (email: string) => ({ displayName: 'Ada', email, password: 'a long enough password' })

t.test('signing up with a new and with a taken address answers alike, signs nobody in, and mails in the page’s language', async (t) => {
  const { hub, mailbox, deliver } = await setUp(t)
  const first = siteVisitor(hub, { 'accept-language': 'fr' })
  const created = await first.submit('/sign-up', signUpForm('ada@example.org'))
  const second = siteVisitor(hub, { 'accept-language': 'fr' })
  const taken = await second.submit('/sign-up', signUpForm('ADA@example.org'))
  for (const reply of [created, taken]) {
    t.equal(reply.statusCode, 303)
    t.equal(locationOf(reply), '/sign-up/check-inbox')
    t.equal(
      reply.cookies.find((cookie) => cookie.name === 'kindred_session'),
      undefined,
      'no session',
    )
  }
  t.equal(taken.body, created.body)
  const inbox = await first.get('/sign-up/check-inbox')
  t.equal(inbox.statusCode, 200)
  t.match(inbox.body, /<h1>Consultez votre boîte de réception<\/h1>/)
  t.notMatch(inbox.body, /ada@example\.org/, 'the page names no address')

  await deliver()
  const [verification, notice] = mailbox.to('ada@example.org')
  t.equal(verification?.subject, 'Confirmez votre adresse e-mail', 'in the language of the page the account was made on')
  t.equal(notice?.subject, "Quelqu'un a essayé de créer un compte avec votre adresse")
})

t.test('a verification link shows a button; opening it uses nothing; the button confirms once', async (t) => {
  const { hub, mailbox, deliver } = await setUp(t)
  const ada = siteVisitor(hub)
  await ada.submit('/sign-up', signUpForm('ada@example.org'))
  await deliver()
  const link = linkIn(mailbox.to('ada@example.org')[0])

  const scanned = await siteVisitor(hub).get(link)
  t.equal(scanned.statusCode, 200)
  const opened = await ada.get(link)
  t.equal(opened.statusCode, 200, 'a scanner’s earlier visit used nothing')
  t.match(opened.body, new RegExp(`<form method="post" action="${link}">`))
  t.match(opened.body, /<button type="submit">Confirm my address<\/button>/)

  const forged = await ada.post(link, { _csrf: 'forged' })
  t.equal(forged.statusCode, 403, 'the form needs its CSRF token')
  const confirmed = await ada.post(link, { _csrf: csrfOf(opened) })
  t.equal(confirmed.statusCode, 303)
  t.equal(locationOf(confirmed), '/email-confirmed')
  const done = await ada.get('/email-confirmed')
  t.match(done.body, /<h1>Your address is confirmed<\/h1>/)
  t.match(done.body, /<a class="button" href="\/sign-in">Sign in<\/a>/, 'not signed in here: the way on is to sign in')
  const account = await hub.database.db.selectFrom('hub.accounts').select('email_verified_at').executeTakeFirstOrThrow()
  t.not(account.email_verified_at, null)

  const reused = await ada.post(link, { _csrf: csrfOf(opened) })
  t.equal(reused.statusCode, 400)
  t.match(reused.body, /<h1>This link does not work any more<\/h1>/)
  const reopened = await ada.get(link)
  t.equal(reopened.statusCode, 400)
  t.match(reopened.body, /href="\/sign-in"/, 'with the way to a new link')
  t.equal((await ada.get('/verify-email/made-up')).statusCode, 400)
  t.match(hub.logs.text(), /\/verify-email\/:token/, 'the requests are logged by their route')
  t.notMatch(hub.logs.text(), new RegExp(link.split('/').at(-1) ?? 'no token'), 'no log line holds the token')
})

t.test(
  'an unconfirmed member reads, is asked to confirm on every page, and is told why instead of joining, supporting or proposing',
  async (t) => {
    const { hub, mailbox, deliver } = await setUp(t)
    await provisionTestCommunity(hub, 'fop')
    const { proposalId } = await insertProposal(hub.database.db, { slug: 'alstrom', status: 'open' })
    const una = await siteSignUp(hub, 'una', { verified: false })

    const home = await una.get('/')
    t.match(home.body, /Confirm your address to join communities/)
    t.match(home.body, /<form method="post" action="\/account\/verification" class="inline">/)
    t.equal((await una.get('/c/fop')).statusCode, 200, 'reading is open')

    for (const path of ['/c/fop/join', '/proposals/new']) {
      const page = await una.get(path)
      t.equal(page.statusCode, 200, path)
      t.match(page.body, /<h1>Confirm your email address first<\/h1>/, path)
    }
    const proposal = await una.get(`/proposals/${proposalId}`)
    t.notMatch(proposal.body, /action="\/proposals\/[^"]+\/support"/, 'no support button')
    t.match(proposal.body, /first need to confirm your email address/)

    const refusals = [
      await una.post('/c/fop/join', { _csrf: csrfOf(home), pseudonym: 'Una here', accept: 'yes', charterVersion: '1' }),
      await una.post(`/proposals/${proposalId}/support`, { _csrf: csrfOf(home), as: 'member' }),
    ]
    for (const refused of refusals) {
      t.equal(refused.statusCode, 403)
      t.match(refused.body, /<h1>Confirm your email address first<\/h1>/)
    }

    const resent = await una.post('/account/verification', { _csrf: csrfOf(home) })
    t.equal(locationOf(resent), '/account/email?done=verificationSent')
    t.match((await una.get('/account/email?done=verificationSent')).body, /We have sent a new link to your address/)
    await deliver()
    const links = mailbox.to('una@example.org')
    t.equal(links.length, 2, 'the registration’s link and the new one')

    const page = await una.get(linkIn(links[1]))
    await una.post(linkIn(links[1]), { _csrf: csrfOf(page) })
    const after = await una.get('/')
    t.notMatch(after.body, /Confirm your address to join communities/, 'the banner is gone')
    const joined = await una.submit('/c/fop/join', { pseudonym: 'Una here', accept: 'yes', charterVersion: '1' })
    t.equal(locationOf(joined), '/c/fop')
    t.match((await una.get('/c/fop/join')).statusCode, 303, 'a member has nothing left to join')
  },
)

t.test(
  'changing the address on the site: the password is checked, the form keeps what was typed, nothing changes until the link',
  async (t) => {
    const { hub, mailbox, deliver } = await setUp(t)
    const bo = await siteSignUp(hub, 'bo')
    const form = await bo.get('/account/email')
    t.match(form.body, /Your account uses bo@example\.org\./)
    t.match(form.body, /This address is confirmed\./)

    const missing = await bo.post('/account/email', { _csrf: csrfOf(form), email: 'bo@', password: '' })
    t.equal(missing.statusCode, 400)
    t.match(missing.body, /<a href="#email">Enter an email address in the correct format/)
    t.match(missing.body, /<a href="#password">Enter your password<\/a>/)
    t.match(missing.body, /value="bo@"/)
    const wrong = await bo.post('/account/email', { _csrf: csrfOf(missing), email: 'bo@example.net', password: 'not the password at all' })
    t.equal(wrong.statusCode, 401)
    t.match(wrong.body, /Your password is not right/)

    const asked = await bo.post('/account/email', { _csrf: csrfOf(wrong), email: 'bo@example.net', password: 'a long enough password' })
    t.equal(locationOf(asked), '/account/email?done=changeRequested')
    t.match((await bo.get('/account/email?done=changeRequested')).body, /Your account uses bo@example\.org\./, 'not yet changed')
    await deliver()
    t.equal(mailbox.to('bo@example.org').length, 1, 'the old address is told')
    const link = linkIn(mailbox.to('bo@example.net')[0])
    const opened = await bo.get(link)
    await bo.post(link, { _csrf: csrfOf(opened) })
    const done = await bo.get('/email-confirmed')
    t.match(done.body, /<a class="button" href="\/">Continue<\/a>/, 'signed in here: the way on is to continue')
    t.match((await bo.get('/account/email')).body, /Your account uses bo@example\.net\./)
  },
)

import t from 'tap'
import { createProposal, incubatorMailChoice, recordProposalTransition } from '@kindred/incubator'
import {
  buildTestHub,
  hubTasks,
  locationOf,
  proposalFields,
  runDueJobs,
  siteSignUp,
  siteVisitor,
  startTestMailbox,
  withoutLoadShedding,
} from '@kindred/testkit'

t.test('the incubator mail’s one-click link works without signing in, and the account page chooses again', async (t) => {
  const mailbox = await startTestMailbox(t)
  const hub = await buildTestHub(t, {
    env: { ...withoutLoadShedding, SMTP_URL: mailbox.url, KINDRED_PUBLIC_URL: 'https://kindred.example' },
  })
  const { db } = hub.database
  const founder = await siteSignUp(hub, 'founder')
  await siteSignUp(hub, 'staffer')
  const idOf = async (email: string) =>
    (await db.selectFrom('hub.accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id
  const founderId = await idOf('founder@example.org')
  const staffId = await idOf('staffer@example.org')
  const { proposal } = await createProposal(db, hub.config.incubator, founderId, proposalFields())
  await db.updateTable('hub.proposals').set({ status: 'ready' }).where('id', '=', proposal.id).execute()
  await recordProposalTransition(db, {
    proposalId: proposal.id,
    from: 'ready',
    to: 'approved',
    actor: 'staff',
    actorId: staffId,
    reason: null,
  })
  await runDueJobs(hub.database.pool, hubTasks(hub))

  const [mail] = mailbox.to('founder@example.org')
  t.match(mail?.subject, /is approved/)
  const link = /<https:\/\/kindred\.example(\/unsubscribe\/[^>]+)>/.exec(mail?.header('List-Unsubscribe') ?? '')?.[1] ?? ''
  t.match(mail?.text, `https://kindred.example${link}`, 'the link is in the message too')
  const stranger = siteVisitor(hub)
  const page = await stranger.get(link)
  t.equal(page.statusCode, 200, 'the link shows a page with one button')
  t.equal(await incubatorMailChoice(db, founderId), true, 'opening the link changes nothing')
  const forged = await stranger.post(`${link.slice(0, -3)}abc`, { 'List-Unsubscribe': 'One-Click' })
  t.equal(forged.statusCode, 400, 'a changed link is refused')
  const clicked = await hub.app.inject({
    method: 'POST',
    url: link,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'List-Unsubscribe=One-Click',
  })
  t.equal(clicked.statusCode, 200, "the mail client's one-click POST, with no cookie and no sign-in")
  t.match(clicked.body, /Emails from the incubator/)
  t.equal(await incubatorMailChoice(db, founderId), false)

  const account = await founder.get('/account')
  t.match(account.body, /<input type="checkbox" id="incubator-mail" name="incubatorMail" value="on"\s*\/>/, 'shown unticked')
  const ticked = await founder.submit('/account', { incubatorMail: 'on' }, '/account/incubator-mail')
  t.equal(ticked.statusCode, 303)
  t.equal(locationOf(ticked), '/account?done=incubatorMail')
  t.equal(await incubatorMailChoice(db, founderId), true, 'ticked again on the account page')
  t.match((await founder.get('/account')).body, /id="incubator-mail" name="incubatorMail" value="on" checked/)
  await founder.submit('/account', {}, '/account/incubator-mail')
  t.equal(await incubatorMailChoice(db, founderId), false, 'an unticked box turns it off')
  const signedOut = await siteVisitor(hub).post('/account/incubator-mail', { incubatorMail: 'on' })
  t.not(signedOut.statusCode, 200, 'nobody else chooses for the account')
  t.equal(await incubatorMailChoice(db, founderId), false)
})

import { randomBytes } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import t, { type Test } from 'tap'
import type { TaskList } from 'graphile-worker'
import { loadConfig } from '@kindred/config'
import type { HubDatabase } from '@kindred/db'
import {
  decideOnProposal,
  incubatorMailChoice,
  incubatorMailToken,
  proposalFounderMailJob,
  proposalLiveMailJob,
  proposalsExpireJob,
  readIncubatorMailToken,
  recordProposalTransition,
  remindExpiringProposals,
  reopenProposal,
  setIncubatorMailChoice,
  stopIncubatorMail,
  supportProposal,
  withdrawSupport,
} from '@kindred/incubator'
import { createMailer } from '@kindred/mail'
import { communityProvisionJob } from '@kindred/tenancy'
import { captureLogs, createTestDatabase, queuedJobs, runDueJobs, startTestMailbox, type TestMailbox } from '@kindred/testkit'
import { addSupporters, createAccounts, openProposal, settings } from './fixtures.ts'

const logs = captureLogs('warn')
const publicUrl = 'https://kindred.example'
const day = 86_400_000

interface Setup {
  db: Kysely<HubDatabase>
  pool: Parameters<typeof runDueJobs>[0]
  mailbox: TestMailbox
  key: Buffer
  /** Runs the due mail jobs (and the hourly expiry job, when queued), never the provisioning job. */
  run: () => Promise<void>
}

async function setUp(t: Test): Promise<Setup> {
  const test = await createTestDatabase(t)
  const mailbox = await startTestMailbox(t)
  const config = loadConfig({ DATABASE_URL: test.url, SMTP_URL: mailbox.url, KINDRED_PUBLIC_URL: publicUrl })
  const mailer = createMailer(config.mail)
  t.teardown(() => mailer.close())
  const key = randomBytes(32)
  const deps = { db: test.database.db, logger: logs.logger, config, mailer, unsubscribeKey: key }
  const tasks: TaskList = {
    [proposalFounderMailJob.name]: proposalFounderMailJob.task(deps),
    [proposalLiveMailJob.name]: proposalLiveMailJob.task(deps),
    [proposalsExpireJob.name]: proposalsExpireJob.task(deps),
  }
  return { db: test.database.db, pool: test.database.pool, mailbox, key, run: () => runDueJobs(test.database.pool, tasks) }
}

const emailOf = (accountId: string): string => `${accountId}@example.org`

const approve = (db: Kysely<HubDatabase>, proposalId: string, staffId: string) =>
  decideOnProposal(db, settings, { proposalId, staffId, decision: 'approve' }, { provisioning: communityProvisionJob })

const requestChanges = (db: Kysely<HubDatabase>, proposalId: string, staffId: string, reason: string) =>
  decideOnProposal(db, settings, { proposalId, staffId, decision: 'request_changes', reason }, { provisioning: communityProvisionJob })

t.test('the founder hears once that the proposal is ready, of changes requested with the reason, and of approval', async (t) => {
  const { db, mailbox, run } = await setUp(t)
  const { proposalId, founderId } = await openProposal(db, { diseaseName: 'Fibrodysplasia ossificans progressiva' })
  await db.updateTable('hub.accounts').set({ language: 'fr' }).where('id', '=', founderId).execute()
  const [staffId = ''] = await createAccounts(db, 1)
  const supporters = [...(await addSupporters(db, proposalId, 1, 'moderator')), ...(await addSupporters(db, proposalId, 2, 'member'))]
  // Support going back and forth over the threshold: ready, open, ready again.
  const flapping = supporters[2] ?? ''
  await withdrawSupport(db, settings, { proposalId, accountId: flapping })
  await supportProposal(db, settings, { proposalId, accountId: flapping, as: 'member' })
  await run()

  const founder = emailOf(founderId)
  t.equal(mailbox.to(founder).length, 1, 'one message for being ready, however often it became ready')
  const ready = mailbox.to(founder)[0]
  t.match(ready?.subject, /Fibrodysplasia ossificans progressiva.*prête pour l’examen/)
  t.equal(ready?.header('Content-Language'), 'fr')
  t.match(ready?.text, `${publicUrl}/proposals/${proposalId}`)
  t.match(ready?.header('List-Unsubscribe'), new RegExp(`^<${publicUrl}/unsubscribe/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+>$`))
  t.equal(ready?.header('List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click')

  const reason = 'Please add the Orphanet code of the disease'
  await requestChanges(db, proposalId, staffId, reason)
  await run()
  t.equal(mailbox.to(founder).length, 2)
  const changes = mailbox.to(founder)[1]
  t.match(changes?.subject, /Modifications demandées/)
  t.match(changes?.text, reason, 'the staff’s reason is in the message')

  await reopenProposal(db, settings, { proposalId, accountId: founderId })
  await approve(db, proposalId, staffId)
  await run()
  const subjects = mailbox.to(founder).map(({ subject }) => subject)
  t.equal(subjects.length, 4, 'ready again after the round of changes, then approved')
  t.match(subjects[2], /prête pour l’examen/)
  t.match(subjects[3], /approuvée/)

  await run()
  t.equal(mailbox.received.length, 4, 'running the jobs again sends nothing more')
  for (const supporter of supporters) t.same(mailbox.to(emailOf(supporter)), [], 'supporters hear nothing before it is live')
  const everything = mailbox.received.map((mail) => `${mail.text}${mail.html}`).join('')
  for (const supporter of supporters) {
    t.notOk(everything.includes(supporter), 'no supporter’s address or id in any message')
    t.notOk(everything.includes(`Person ${supporter.slice(0, 4)}`), 'no supporter’s name in any message')
  }
})

t.test('a move that is rolled back mails nothing', async (t) => {
  const { db, pool, mailbox, run } = await setUp(t)
  const { proposalId } = await openProposal(db)
  const [staffId = ''] = await createAccounts(db, 1)
  await db.updateTable('hub.proposals').set({ status: 'ready' }).where('id', '=', proposalId).execute()
  await t.rejects(
    db.transaction().execute(async (trx) => {
      await recordProposalTransition(trx, { proposalId, from: 'ready', to: 'approved', actor: 'staff', actorId: staffId, reason: null })
      throw new Error('the rest of the decision failed')
    }),
    /the rest of the decision failed/,
  )
  t.same(
    (await queuedJobs(pool)).filter(({ task }) => task === proposalFounderMailJob.name),
    [],
  )
  await run()
  t.equal(mailbox.received.length, 0)
  await approve(db, proposalId, staffId)
  await run()
  t.equal(mailbox.received.length, 1, 'the same move, committed, mails the founder')
})

t.test('no mail goes to a founder who turned it off, is banned or is being erased', async (t) => {
  const { db, mailbox, run } = await setUp(t)
  const [staffId = ''] = await createAccounts(db, 1)
  const founders: string[] = []
  for (const slug of ['opted-out', 'banned-one', 'erasing-one', 'wants-it']) {
    const { proposalId, founderId } = await openProposal(db, { slug, diseaseName: `Disease ${slug}`, orphaCode: null })
    await db.updateTable('hub.proposals').set({ status: 'ready' }).where('id', '=', proposalId).execute()
    await approve(db, proposalId, staffId)
    founders.push(founderId)
  }
  const [optedOut = '', banned = '', erasing = '', wantsIt = ''] = founders
  await setIncubatorMailChoice(db, optedOut, false)
  t.equal(await incubatorMailChoice(db, optedOut), false)
  await sql`update hub.accounts set banned_at = now() where id = ${banned}`.execute(db)
  await sql`update hub.accounts set erasure_requested_at = now() where id = ${erasing}`.execute(db)
  await run()
  t.same(
    mailbox.received.map(({ to }) => to),
    [[emailOf(wantsIt)]],
  )
  const dropped = await db.selectFrom('hub.mail_deliveries').select('account_id').where('state', '=', 'dropped').execute()
  t.same(dropped.map(({ account_id }) => account_id).sort(), [optedOut, banned, erasing].sort(), 'the others are dropped for good')
})

t.test('the unsubscribe link in a message turns the incubator mail off, and only for its own account', async (t) => {
  const { db, mailbox, key, run } = await setUp(t)
  const { proposalId, founderId } = await openProposal(db)
  const [staffId = '', other = ''] = await createAccounts(db, 2)
  await db.updateTable('hub.proposals').set({ status: 'ready' }).where('id', '=', proposalId).execute()
  await approve(db, proposalId, staffId)
  await run()
  const link = mailbox.to(emailOf(founderId))[0]?.header('List-Unsubscribe') ?? ''
  const token = link.slice(link.lastIndexOf('/') + 1, -1)
  t.notOk(token.includes(founderId), 'the link does not name the account')
  t.notOk(
    Buffer.from(token.split('.')[0] ?? '', 'base64url')
      .toString()
      .includes(founderId),
    'not even encoded',
  )

  const [encoded = '', signature = ''] = token.split('.')
  const tampered = `${Buffer.from(`incubator.${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`).toString('base64url')}.${signature}`
  t.throws(() => readIncubatorMailToken(key, tampered), { code: 'KINDRED_LINK_INVALID' })
  t.throws(() => readIncubatorMailToken(randomBytes(32), token), { code: 'KINDRED_LINK_INVALID' }, 'another key')
  t.throws(() => readIncubatorMailToken(key, `${encoded}.`), { code: 'KINDRED_LINK_INVALID' })

  t.equal(await stopIncubatorMail(db, readIncubatorMailToken(key, token)), true)
  t.equal(await stopIncubatorMail(db, readIncubatorMailToken(key, token)), true, 'twice changes nothing more')
  t.equal(await incubatorMailChoice(db, founderId), false)
  t.equal(await incubatorMailChoice(db, other), true, 'nobody else’s choice changed')
  const { mail_link_id: otherLink } = await db
    .selectFrom('hub.accounts')
    .select('mail_link_id')
    .where('id', '=', other)
    .executeTakeFirstOrThrow()
  t.equal(readIncubatorMailToken(key, incubatorMailToken(key, otherLink)), otherLink)
})

t.test('a founder is reminded once that the proposal is about to expire, and again for a new window', async (t) => {
  const { db, mailbox, run } = await setUp(t)
  const now = new Date()
  const proposals: Record<string, { proposalId: string; founderId: string }> = {}
  for (const [slug, status, days] of [
    ['closing-soon', 'open', 2],
    ['sent-back-closing', 'changes_requested', 1],
    ['not-yet', 'open', 5],
    ['ready-closing', 'ready', 2],
  ] as const) {
    proposals[slug] = await openProposal(db, { slug, diseaseName: `Disease ${slug}`, orphaCode: null })
    await db
      .updateTable('hub.proposals')
      .set({ status, expires_at: new Date(now.getTime() + days * day) })
      .where('id', '=', proposals[slug].proposalId)
      .execute()
  }
  const runs = await Promise.all([remindExpiringProposals(db, now), remindExpiringProposals(db, now)])
  t.equal(runs[0] + runs[1], 2, 'two runs at once remind each founder once')
  t.equal(await remindExpiringProposals(db, now), 0, 'an hour later, nothing new')
  await proposalsExpireJob.enqueue(db, {})
  await run()
  const reminded = mailbox.received.flatMap(({ to }) => to).sort()
  const founderOf = (slug: string) => emailOf(proposals[slug]?.founderId ?? '')
  t.same(reminded, [founderOf('closing-soon'), founderOf('sent-back-closing')].sort())
  t.match(mailbox.to(founderOf('closing-soon'))[0]?.subject, /Disease closing-soon.*closes on/)

  // A new window (changes requested again, say) closing soon earns a reminder of its own.
  const closing = proposals['closing-soon']?.proposalId ?? ''
  await db
    .updateTable('hub.proposals')
    .set({ expires_at: new Date(now.getTime() + 2.5 * day) })
    .where('id', '=', closing)
    .execute()
  t.equal(await remindExpiringProposals(db, now), 1)
  // A reminder whose proposal became ready before it went has nothing to say any more.
  await db.updateTable('hub.proposals').set({ status: 'ready' }).where('id', '=', closing).execute()
  await run()
  t.equal(mailbox.received.length, 2)
})

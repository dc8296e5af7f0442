import { sql } from 'kysely'
import t from 'tap'
import { createPlacements } from '@kindred/community'
import { loadConfig } from '@kindred/config'
import { liveMailBatchSize, proposalFounderMailJob, proposalLiveMailJob, setIncubatorMailChoice } from '@kindred/incubator'
import { kindredTasks } from '@kindred/jobs'
import { communityProvisionJob } from '@kindred/tenancy'
import {
  captureLogs,
  createTestDatabase,
  insertProposal,
  queuedJobs,
  runDueJobs,
  startTestMailbox,
  taskDependencies,
} from '@kindred/testkit'

const logs = captureLogs('warn')
const publicUrl = 'https://kindred.example'

t.test('a community going live mails its founder and every supporter once, a hundred a job, with the link to join', async (t) => {
  const test = await createTestDatabase(t)
  const { db, pool } = test.database
  const mailbox = await startTestMailbox(t)
  const config = loadConfig({ DATABASE_URL: test.url, SMTP_URL: mailbox.url, KINDRED_PUBLIC_URL: publicUrl })
  const placements = createPlacements({ hubUrl: test.url, config, applicationName: 'kindred-test', logger: logs.logger })
  t.teardown(() => placements.close())
  const deps = taskDependencies({ db, placements, logger: logs.logger, config })
  t.teardown(() => deps.mailer.close())
  const tasks = kindredTasks(deps)

  const members = liveMailBatchSize + 20
  const seeded = await insertProposal(db, { slug: 'fop-live', moderators: 2, members, languages: ['en', 'fr'] })
  const [optedOut = '', banned = '', ...others] = seeded.memberIds
  await setIncubatorMailChoice(db, optedOut, false)
  await sql`update hub.accounts set banned_at = now() where id = ${banned}`.execute(db)
  await db.updateTable('hub.accounts').set({ language: 'es' }).where('id', '=', seeded.founderId).execute()
  await db.transaction().execute((trx) => communityProvisionJob.enqueue(trx, { proposalId: seeded.proposalId }))

  const provision = tasks[communityProvisionJob.name]
  if (provision === undefined) throw new Error('no provisioning task')
  await runDueJobs(pool, { [communityProvisionJob.name]: provision })
  const queued = await queuedJobs(pool)
  const batches = queued.filter(({ task }) => task === proposalLiveMailJob.name)
  t.equal(batches.length, Math.ceil((members + 2) / liveMailBatchSize), 'the supporters in batches')
  const batched = batches.flatMap(({ payload }) => (payload as { recipients: string[] }).recipients)
  t.same(batched.sort(), [...seeded.moderatorIds, ...seeded.memberIds].sort(), 'every supporter, moderators too, once')
  t.ok(
    batches.every(({ payload }) => (payload as { recipients: string[] }).recipients.length <= liveMailBatchSize),
    'no batch over the limit',
  )
  t.equal(queued.filter(({ task }) => task === proposalFounderMailJob.name).length, 1, 'one message for the founder')

  await runDueJobs(pool, tasks)
  await runDueJobs(pool, tasks)
  const founderMail = mailbox.to(`fop-live-founder@example.org`)
  t.equal(founderMail.length, 1)
  t.match(founderMail[0]?.subject, /está abierta/)
  t.match(founderMail[0]?.text, `${publicUrl}/c/fop-live`)

  const supporters = [...seeded.moderatorIds, ...others]
  t.equal(mailbox.received.length, 1 + supporters.length, 'the founder and every supporter but the opted-out and the banned')
  const addressOf = new Map(
    (await db.selectFrom('hub.accounts').select(['id', 'email']).where('id', 'in', seeded.memberIds).execute()).map((row) => [
      row.id,
      row.email,
    ]),
  )
  t.same(mailbox.to(addressOf.get(optedOut) ?? ''), [], 'nothing for the supporter who turned the incubator mail off')
  t.same(mailbox.to(addressOf.get(banned) ?? ''), [], 'nothing for the banned supporter')
  const someone = mailbox.to(addressOf.get(others[0] ?? '') ?? '')
  t.equal(someone.length, 1)
  t.match(someone[0]?.subject, /is live: you can join/)
  t.match(someone[0]?.text, `${publicUrl}/c/fop-live`)
  t.match(someone[0]?.header('List-Unsubscribe'), `${publicUrl}/unsubscribe/`)
  const everything = mailbox.received.map((mail) => `${mail.subject}${mail.text}${mail.html}`).join('')
  t.same(
    seeded.personalData.filter((personal) => everything.includes(personal)),
    [],
    'no message names anyone: no address, no display name',
  )

  await runDueJobs(pool, tasks)
  t.equal(mailbox.received.length, 1 + supporters.length, 'running the jobs again sends nothing more')
})

// The daily digest: 10,000 members, each with something to be told, their digests planned, built and handed
// to a real SMTP server in a process of its own, from the planner's start to the last message's arrival.
import { randomUUID } from 'node:crypto'
import { loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import { dailyDigestPlanJob } from '@kindred/notifications'
import { writeReportSection } from '../report.ts'
import type { BenchEnvironment } from '../environment.ts'
import { measuredOn } from '../table.ts'
import { benchCommunity, benchMembers, fillForum, type BenchCommunity } from './forum-setup.ts'
import { settled, smtpSink, startMailWorker, waitFor } from './mail.ts'

const members = 10_000
// Of whom this many also take part in a second community, so that their digest names both.
const inBoth = 5000
const targetSeconds = 60

const now = (): number => performance.timeOrigin + performance.now()

// Every member takes replies and new threads daily; each is told of a few replies of the last day.
async function fillNews(community: BenchCommunity, author: string): Promise<void> {
  const { schema } = community.tenant
  await fillForum(community, author, 20, 5)
  await sql`
    insert into ${sql.table(`${schema}.notification_preferences`)} (member_id, reply, digest)
    select member_id, 'daily', 'daily' from ${sql.table(`${schema}.members`)} where member_id <> ${author}`.execute(community.placement)
  await sql`
    insert into ${sql.table(`${schema}.notifications`)} (member_id, kind, thread_id, post_id)
    select m.member_id, 'reply', p.thread_id, p.id
    from (select member_id, row_number() over (order by member_id) as n from ${sql.table(`${schema}.members`)} where member_id <> ${author}) m
    join (select id, thread_id, row_number() over (order by id) as k from ${sql.table(`${schema}.posts`)}) p on p.k % 25 = m.n % 25`.execute(
    community.placement,
  )
  await sql`analyze ${sql.table(`${schema}.notifications`)}`.execute(community.placement)
}

// The second community: `inBoth` of the first one's accounts join it too, under members of its own.
async function secondCommunity(environment: BenchEnvironment, first: BenchCommunity): Promise<BenchCommunity> {
  const { db } = environment.database
  const second = await benchCommunity(environment, environment.hub.placements, 'bench-digest-two')
  const [author] = await benchMembers(environment, second, 1)
  if (author === undefined) throw new Error('no author')
  const accounts = await db
    .selectFrom('hub.memberships')
    .select('account_id')
    .where('community_id', '=', first.id)
    .orderBy('account_id')
    .limit(inBoth)
    .execute()
  const { version } = await second.tenant.query
    .selectFrom('charter')
    .select((eb) => eb.fn.max('version').as('version'))
    .executeTakeFirstOrThrow()
  const rows = accounts.map(({ account_id }, index) => ({ account_id, member_id: randomUUID(), pseudonym: `Second member ${index}` }))
  await second.tenant.query
    .insertInto('members')
    .values(
      rows.map((row) => ({
        member_id: row.member_id,
        pseudonym: row.pseudonym,
        charter_version: version,
        charter_accepted_at: new Date(),
      })),
    )
    .execute()
  await db
    .insertInto('hub.memberships')
    .values(rows.map((row) => ({ account_id: row.account_id, community_id: second.id, member_id: row.member_id })))
    .execute()
  await fillNews(second, author.memberId)
  return second
}

export async function digest(environment: BenchEnvironment): Promise<void> {
  const sink = await smtpSink(environment)
  await startMailWorker(environment, sink.url)
  process.stderr.write(`  ${members} members, ${inBoth} of them in a second community\n`)
  const first = await benchCommunity(environment, environment.hub.placements, 'bench-digest-one')
  const [author] = await benchMembers(environment, first, members + 1)
  if (author === undefined) throw new Error('no author')
  await fillNews(first, author.memberId)
  await secondCommunity(environment, first)

  process.stderr.write('  the daily digest: planned, built and handed to SMTP\n')
  const before = await settled(sink)
  const startedAt = now()
  await dailyDigestPlanJob.enqueue(environment.database.db, {})
  const arrivals = (await waitFor(sink, before + members, 300_000)).slice(before, before + members)
  const last = arrivals.at(-1) ?? startedAt
  const first_ = arrivals[0] ?? startedAt
  const seconds = (last - startedAt) / 1000
  // The machine may be shared: the load it was under says how far the figure is to be trusted.
  const load = loadavg()[0]?.toFixed(1) ?? '?'
  const verdict = `- **The daily digest of ${members.toLocaleString('en')} members reached the SMTP server in ${seconds.toFixed(1)} s** from the planner's start to the last arrival (the first after ${((first_ - startedAt) / 1000).toFixed(1)} s; ${Math.round((members - 1) / ((last - first_) / 1000))} messages/s from first to last) — target < ${targetSeconds} s.`
  process.stdout.write(`${verdict}\n`)
  await writeReportSection(
    'digest',
    `## Digest: the daily digest of ${members.toLocaleString('en')} members

On the hub's database with a worker beside it (its own pools, concurrency ${environment.config.worker.concurrency}, as \`npm start\` runs it) handing mail
to a real SMTP server in a process of its own (smtp-server, keeping nothing). Two communities: ${members.toLocaleString('en')} members of the first, ${inBoth.toLocaleString('en')}
of whose accounts are also members of the second; every member takes replies and new threads daily and has a few unread replies of the last day,
and each community has new threads, so each account gets one digest (naming both communities for ${inBoth.toLocaleString('en')} of them). The planner
(\`digests__plan_daily\`) is queued by hand; measured from then until the SMTP server has received the last digest.

${verdict}

${measuredOn()} Load average (1 min) at the end of the run: ${load}.
`,
  )
}

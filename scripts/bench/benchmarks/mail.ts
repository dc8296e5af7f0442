// Notification mail: what a reply in a thread with 1,000 watchers adds to the reply request (the fan-out
// runs in the background), and how fast those 1,000 messages then reach a real SMTP server.
import { performance } from 'node:perf_hooks'
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { createPlacements } from '@kindred/community'
import { kindredTasks, startWorker } from '@kindred/jobs'
import { createMailer } from '@kindred/mail'
import { unsubscribeKeyPurpose } from '@kindred/notifications'
import { createDatabase } from '@kindred/db'
import { writeReportSection } from '../report.ts'
import type { BenchEnvironment } from '../environment.ts'
import { measuredOn } from '../table.ts'
import { benchCommunity, benchMembers, type BenchMember } from './forum-setup.ts'

const watchers = 1000
const pairs = 30
const targets = { addedMs: 5, messagesPerSecond: 200 }

export interface Sink {
  url: string
  /** When each message arrived (ms since the epoch, sub-millisecond). */
  arrivals: () => Promise<number[]>
}

// The SMTP server in a process of its own (smtp-sink.ts), as a mail server is on another machine.
export async function smtpSink(environment: BenchEnvironment): Promise<Sink> {
  const child = fork(fileURLToPath(new URL('../smtp-sink.ts', import.meta.url)), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
  environment.onEnd(async () => void child.send('stop'))
  const port = await new Promise<number>((resolve) => child.once('message', (message) => resolve((message as { port: number }).port)))
  const arrivals = () =>
    new Promise<number[]>((resolve) => {
      child.once('message', (message) => resolve((message as { arrivals: number[] }).arrivals))
      child.send('arrivals')
    })
  return { url: `smtp://127.0.0.1:${port}`, arrivals }
}

const now = (): number => performance.timeOrigin + performance.now()

// The worker a hub runs beside it, with its own pools, sending to the sink.
export async function startMailWorker(environment: BenchEnvironment, smtpUrl: string): Promise<void> {
  const { config, logger } = environment
  const url = config.database.url ?? ''
  const database = createDatabase({
    url,
    poolMax: config.worker.concurrency + 2,
    connectTimeoutMs: 5000,
    connectionMaxLifetimeSeconds: 0,
    applicationName: 'kindred-bench-worker',
    logger,
  })
  environment.onEnd(() => database.close())
  const placements = createPlacements({ hubUrl: url, config, applicationName: 'kindred-bench-worker', logger })
  environment.onEnd(() => placements.close())
  const mailer = createMailer({ ...config.mail, smtpUrl })
  environment.onEnd(async () => mailer.close())
  const tasks = kindredTasks({
    db: database.db,
    placements,
    logger,
    config,
    mailer,
    unsubscribeKey: environment.tokens.deriveKey(unsubscribeKeyPurpose),
  })
  const worker = await startWorker({ pool: database.pool, logger, concurrency: config.worker.concurrency, tasks })
  environment.onEnd(() => worker.stop())
}

async function reply(environment: BenchEnvironment, slug: string, threadId: string, member: BenchMember, body: string): Promise<number> {
  const started = performance.now()
  const response = await fetch(`${environment.hubUrl}/v1/c/${slug}/threads/${threadId}/replies`, {
    method: 'POST',
    headers: { authorization: member.authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ body }),
  })
  if (response.status !== 201) throw new Error(`a reply answered ${response.status}: ${await response.text()}`)
  return performance.now() - started
}

const quantile = (values: number[], q: number): number => {
  const sorted = values.toSorted((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN
}

/** The arrivals once `count` messages in all have reached the sink (or an error after `timeoutMs`). */
export async function waitFor(sink: Sink, count: number, timeoutMs: number): Promise<number[]> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const arrivals = await sink.arrivals()
    if (arrivals.length >= count) return arrivals
    if (performance.now() > deadline) throw new Error(`only ${arrivals.length} of ${count} messages arrived`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * How many messages the sink holds once no more has come for 2 s: provisioning a bench community mails its
 * founder and supporters, which a measurement must not count.
 */
export async function settled(sink: Sink): Promise<number> {
  let count = -1
  for (let seen = (await sink.arrivals()).length; seen !== count; seen = (await sink.arrivals()).length) {
    count = seen
    await new Promise((resolve) => setTimeout(resolve, 2000))
  }
  return count
}

export async function mail(environment: BenchEnvironment): Promise<void> {
  const sink = await smtpSink(environment)
  await startMailWorker(environment, sink.url)
  const community = await benchCommunity(environment, environment.hub.placements, 'bench-mail')
  const [author, ...others] = await benchMembers(environment, community, watchers + 1)
  if (author === undefined) throw new Error('no author')
  const { query } = community.tenant
  const { id: categoryId } = await query.selectFrom('categories').select('id').orderBy('id').executeTakeFirstOrThrow()
  const open = async (title: string) =>
    (
      await query
        .insertInto('threads')
        .values({ category_id: categoryId, author_id: author.memberId, title })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  const watched = await open('Watched by a thousand')
  const quiet = await open('Watched by no one')
  await query
    .insertInto('thread_follows')
    .values(others.map(({ memberId }) => ({ member_id: memberId, thread_id: watched, level: 'watching' as const })))
    .execute()

  // Signing a thousand tokens just now delayed the event loop: the hub sheds load until its measure settles.
  await new Promise((resolve) => setTimeout(resolve, 3000))
  const before = await settled(sink)
  // One reply, then every message it causes, from the reply's answer to the last arrival.
  process.stderr.write(`  one reply to a thread with ${watchers} watchers\n`)
  const sentAt = now()
  await reply(environment, community.slug, watched, author, 'A reply a thousand people are waiting for.')
  const batch = (await waitFor(sink, before + watchers, 120_000)).slice(before, before + watchers)
  const first = batch[0] ?? sentAt
  const last = batch.at(-1) ?? sentAt
  const rate = (watchers - 1) / ((last - first) / 1000)

  // Replies to the watched and the quiet thread in turn, one at a time, while the worker tells and mails.
  process.stderr.write(`  ${pairs} replies to each thread, in turn\n`)
  const watchedMs: number[] = []
  const quietMs: number[] = []
  for (let index = 0; index < pairs; index++) {
    watchedMs.push(await reply(environment, community.slug, watched, author, `Watched reply ${index}`))
    quietMs.push(await reply(environment, community.slug, quiet, author, `Quiet reply ${index}`))
  }
  const added = quantile(watchedMs, 0.5) - quantile(quietMs, 0.5)
  const verdicts = [
    `- **A reply to a thread with ${watchers} watchers adds ${added.toFixed(2)} ms** to the request at the median (p50 ${quantile(watchedMs, 0.5).toFixed(1)} ms against ${quantile(quietMs, 0.5).toFixed(1)} ms for a thread no one watches; p95 ${quantile(watchedMs, 0.95).toFixed(1)} ms against ${quantile(quietMs, 0.95).toFixed(1)} ms) — target < ${targets.addedMs} ms.`,
    `- **Its ${watchers} messages reached the SMTP server at ${Math.round(rate)} messages/s** (first to last arrival, ${((last - first) / 1000).toFixed(2)} s); the last arrived ${((last - sentAt) / 1000).toFixed(2)} s after the reply, which includes the fan-out and the mail jobs' 2 s wait for it to commit — target ≥ ${targets.messagesPerSecond} messages/s.`,
  ].join('\n')
  process.stdout.write(`${verdicts}\n`)
  await writeReportSection(
    'mail',
    `## Mail: a reply to a thread with ${watchers} watchers

On the hub's real app with a worker beside it (its own pools, concurrency ${environment.config.worker.concurrency}, as \`npm start\` runs it) handing mail to
a real SMTP server in a process of its own (smtp-server, keeping nothing) over nodemailer's pool. One community; one thread watched by
${watchers} members who take replies by mail at once, one thread watched by no one. First one reply to the watched thread
and every message it causes; then ${pairs} replies to each thread in turn, one at a time (\`POST …/replies\`, measured
by the client), while the worker tells and mails in the background.

${verdicts}

${measuredOn()}
`,
  )
}

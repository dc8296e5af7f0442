// The forum's hot read, the thread list, against a bare Fastify route that runs the very SQL query the list
// runs, through pg with as many connections as a placement's pool; then the same route spread over 5,000
// communities, replies and new threads against a bare route that inserts the same post with one statement,
// and search over 100,000 posts.
import { randomInt } from 'node:crypto'
import Fastify from 'fastify'
import { Kysely, PostgresDialect, type CompiledQuery } from 'kysely'
import pg from 'pg'
import { bindTenant, createPlacements, type TenantDatabase } from '@kindred/community'
import { listThreads, pageLimits } from '@kindred/forum'
import { compareHttp, type HttpMeasurement, type LoadTarget, type RotatedRequest } from '../http.ts'
import { writeReportSection } from '../report.ts'
import { discard, type BenchEnvironment } from '../environment.ts'
import { loadDescription, measuredOn, measurementTable, printMeasurements, type RunOptions } from '../table.ts'
import {
  benchCommunity,
  benchMembers,
  fillForum,
  searchQueries,
  vocabularySize,
  type BenchCommunity,
  type BenchMember,
} from './forum-setup.ts'

const targets = { throughput: 0.75, p99: 1.5, spread: 0.8, searchP99Ms: 50, writes: 0.4, writesP99: 2 }
const bigForum = { threads: 10_000, postsPerThread: 10 }
const writers = 500
// New threads have members of their own, so that replies and threads do not share a member's post budget.
const threadWriters = 1000

// The thread list's SQL exactly as @kindred/forum sends it for the reader (their unread counts and the
// excerpts included), captured through Kysely's query log.
async function threadListQuery(pool: pg.Pool, community: BenchCommunity, reader: BenchMember): Promise<CompiledQuery> {
  let captured: CompiledQuery | undefined
  const db = new Kysely<TenantDatabase>({ dialect: new PostgresDialect({ pool }), log: (event) => void (captured = event.query) })
  await listThreads({ tenant: bindTenant(db, community.tenant.schema), member: reader }, { limit: pageLimits.default })
  if (captured === undefined) throw new Error('the thread list sent no query')
  return captured
}

async function startBaseline(environment: BenchEnvironment, community: BenchCommunity, reader: BenchMember): Promise<string> {
  const pool = new pg.Pool({ connectionString: environment.config.database.url, max: environment.config.placements.poolMax })
  environment.onEnd(() => pool.end())
  const query = await threadListQuery(pool, community, reader)
  const baseline = Fastify({ logger: { level: 'info', stream: discard } })
  // Prepared, as the hub's placement connections run a query template's statement.
  baseline.get('/threads', async () => ({
    threads: (await pool.query({ name: 'thread-list', text: query.sql, values: [...query.parameters] })).rows,
  }))
  environment.onEnd(() => baseline.close())
  return `${await baseline.listen({ host: '127.0.0.1', port: 0 })}/threads`
}

// A reply as a bare Fastify + pg route would write it: one insert of the post with its search vector (as
// @kindred/forum computes it, in every search configuration of the community), prepared, with the same pool size; no
// token, member, charter, thread or rate-limit check, no rendering of the body and no thread bumped.
async function startWriteBaseline(environment: BenchEnvironment, community: BenchCommunity, authorId: string): Promise<string> {
  const pool = new pg.Pool({ connectionString: environment.config.database.url, max: environment.config.placements.poolMax })
  environment.onEnd(() => pool.end())
  const schema = community.tenant.schema
  const insert = `insert into "${schema}".posts (thread_id, author_id, body_markdown, body_html, search_vector)
    select $1::bigint, $2::uuid, $3::text, $3::text,
      (select "${schema}".tsvector_concat_agg(setweight(to_tsvector(c.name::regconfig, $3), 'B') order by c.ord)
        from "${schema}".settings s cross join unnest(s.search_configs) with ordinality as c(name, ord))
    returning id, thread_id, created_at`
  const baseline = Fastify({ logger: { level: 'info', stream: discard } })
  baseline.post<{ Params: { id: string }; Body: { body: string } }>('/v1/c/:slug/threads/:id/replies', async (request, reply) => {
    const { rows } = await pool.query<{ id: string; thread_id: string; created_at: Date }>({
      name: 'reply-insert',
      text: insert,
      values: [request.params.id, authorId, request.body.body],
    })
    return reply.code(201).send({ post: rows[0] })
  })
  environment.onEnd(() => baseline.close())
  return baseline.listen({ host: '127.0.0.1', port: 0 })
}

const rotation = (requests: RotatedRequest[]) => ({ requests })
const get = (path: string, member: BenchMember): RotatedRequest => ({
  method: 'GET',
  path,
  headers: { authorization: member.authorization },
})

async function spreadOver(environment: BenchEnvironment, count: number): Promise<RotatedRequest[]> {
  // A placement pool of the setup's own, so the hub's pool starts the measurement as it would in production.
  const placements = createPlacements({
    hubUrl: environment.config.database.url ?? '',
    config: environment.config,
    applicationName: 'kindred-bench-setup',
    logger: environment.logger,
  })
  environment.onEnd(() => placements.close())
  const requests: RotatedRequest[] = []
  for (let index = 0; index < count; index++) {
    const community = await benchCommunity(environment, placements, `spread-${index}`)
    const [member] = await benchMembers(environment, community, 1)
    if (member === undefined) throw new Error('no member')
    await fillForum(community, member.memberId, 20, 1)
    requests.push(get(`/v1/c/${community.slug}/threads`, member))
    if ((index + 1) % 500 === 0) process.stderr.write(`  ${index + 1}/${count} communities with threads\n`)
  }
  // Shuffled, so consecutive requests of a connection go to unrelated communities.
  for (let index = requests.length - 1; index > 0; index--) {
    const other = randomInt(index + 1)
    ;[requests[index], requests[other]] = [requests[other] as RotatedRequest, requests[index] as RotatedRequest]
  }
  return requests
}

interface ForumFigures {
  list: Record<'baseline' | 'threads', HttpMeasurement>
  writes: Record<'writeBaseline' | 'reply' | 'thread', HttpMeasurement>
  search: Record<'search' | 'busySearch', HttpMeasurement>
  spread: Record<'single' | 'spread', HttpMeasurement>
}

async function measure(environment: BenchEnvironment, options: RunOptions): Promise<ForumFigures> {
  const placements = environment.hub.placements
  const community = await benchCommunity(environment, placements, 'bench-forum')
  const everyone = await benchMembers(environment, community, writers + threadWriters)
  const members = everyone.slice(0, writers)
  const openers = everyone.slice(writers)
  const [reader = members[0] as BenchMember] = members
  process.stderr.write(`  writing ${bigForum.threads} threads with ${bigForum.threads * bigForum.postsPerThread} posts\n`)
  await fillForum(community, reader.memberId, bigForum.threads, bigForum.postsPerThread)
  const listPath = `/v1/c/${community.slug}/threads`
  const single: LoadTarget = { url: environment.hubUrl, ...rotation([get(listPath, reader)]) }

  const list = await compareHttp({ baseline: await startBaseline(environment, community, reader), threads: single }, options)
  const post = (member: BenchMember, path: string, body: object): RotatedRequest => ({
    method: 'POST',
    path,
    headers: { authorization: member.authorization, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const replies = members.map((member, index) =>
    post(member, `/v1/c/${community.slug}/threads/${1 + ((index * 7919) % bigForum.threads)}/replies`, {
      body: `A reply from bench member ${index}: the **same** here, months of waiting.`,
    }),
  )
  const { id: categoryId } = await community.tenant.query.selectFrom('categories').select('id').orderBy('id').executeTakeFirstOrThrow()
  // Words no search of this benchmark asks for, so the new threads leave the search figures as they were.
  const threads = openers.map((member, index) =>
    post(member, `/v1/c/${community.slug}/threads`, {
      categoryId,
      title: `Hello from bench member ${index}`,
      body: `A new thread: **hello** everyone, from ${index}.`,
    }),
  )
  const writes = await compareHttp(
    {
      writeBaseline: { url: await startWriteBaseline(environment, community, reader.memberId), ...rotation(replies) },
      reply: { url: environment.hubUrl, ...rotation(replies) },
      thread: { url: environment.hubUrl, ...rotation(threads) },
    },
    options,
  )
  const searches = searchQueries.map((q) => get(`/v1/c/${community.slug}/search?q=${encodeURIComponent(q)}`, reader))
  const searchTarget = { url: environment.hubUrl, ...rotation(searches) }
  const search = {
    ...(await compareHttp({ search: searchTarget }, { ...options, connections: 1 })),
    ...(await compareHttp({ busySearch: searchTarget }, options)),
  }

  process.stderr.write(`  provisioning ${options.spreadCommunities} communities for the spread run\n`)
  const spreadRequests = await spreadOver(environment, options.spreadCommunities)
  const spread = await compareHttp({ single, spread: { url: environment.hubUrl, ...rotation(spreadRequests) } }, options)
  return { list, writes, search, spread }
}

export async function forum(environment: BenchEnvironment, options: RunOptions): Promise<void> {
  const figures = await measure(environment, options)
  const { list, writes, search, spread } = figures
  const ratio = list.threads.requestsPerSecond / list.baseline.requestsPerSecond
  const p99Ratio = list.threads.latencyP99Ms / list.baseline.latencyP99Ms
  const spreadRatio = spread.spread.requestsPerSecond / spread.single.requestsPerSecond
  const writeVerdict = (name: string, write: HttpMeasurement): string => {
    const { writeBaseline } = writes
    const writeRatio = (write.requestsPerSecond / writeBaseline.requestsPerSecond).toFixed(3)
    const writeP99Ratio = (write.latencyP99Ms / writeBaseline.latencyP99Ms).toFixed(3)
    return (
      `- **${name} / baseline, writes/s: ${writeRatio}** (${Math.round(write.requestsPerSecond)} against ${Math.round(writeBaseline.requestsPerSecond)}) — target ≥ ${targets.writes}; ` +
      `**p99 / baseline p99: ${writeP99Ratio}** (${write.latencyP99Ms} ms against ${writeBaseline.latencyP99Ms} ms) — target ≤ ${targets.writesP99}.`
    )
  }
  printMeasurements({ ...list, ...writes, ...search, ...spread })
  const verdicts = [
    `- **Thread list / baseline, requests/s: ${ratio.toFixed(3)}** — target ≥ ${targets.throughput}.`,
    `- **Thread list p99 / baseline p99: ${p99Ratio.toFixed(3)}** (${list.threads.latencyP99Ms} ms against ${list.baseline.latencyP99Ms} ms) — target ≤ ${targets.p99}.`,
    `- **Spread over ${options.spreadCommunities} communities / one community, requests/s: ${spreadRatio.toFixed(3)}** — target ≥ ${targets.spread}.`,
    writeVerdict('Replies', writes.reply),
    writeVerdict('New threads', writes.thread),
    `- **Search over ${bigForum.threads * bigForum.postsPerThread} posts, one at a time: p99 ${search.search.latencyP99Ms} ms** (${Math.round(search.search.requestsPerSecond)} searches/s) — target under ${targets.searchP99Ms} ms; with ${options.connections} connections: ${Math.round(search.busySearch.requestsPerSecond)} searches/s, p99 ${search.busySearch.latencyP99Ms} ms.`,
  ].join('\n')
  process.stdout.write(`${verdicts}\n`)
  await writeReportSection(
    'forum',
    `## Forum: the thread list against its own SQL, spread over ${options.spreadCommunities} communities, writes against one insert, and search

One community with ${bigForum.threads} threads and ${bigForum.threads * bigForum.postsPerThread} posts. \`GET /v1/c/:slug/threads\` on the hub's real app (community
token verified through @fastify/jwt with the verifier's cache, the community from the community cache, the member
from the member cache, which forgets a member when their row changes, the first page of threads) against a bare Fastify route that runs the same SQL query,
captured from @kindred/forum and prepared (as a placement connection prepares a query template's statement), through pg
with a pool as large as a placement's (${environment.config.placements.poolMax} connections, never replaced, where a placement's are replaced after ${environment.config.placements.connectionMaxStatements} distinct statements or ${environment.config.placements.connectionMaxLifetimeSeconds} s), interleaved.
Then the same route with requests spread over ${options.spreadCommunities} communities (one member and 20 threads each, shuffled),
interleaved with the single community; replies (\`POST …/threads/:id/replies\`, ${writers} members in turn, each
to a different thread) and new threads (\`POST …/threads\`, ${threadWriters} other members in turn, each a thread with its
opening post) against a bare Fastify route that inserts the reply's post with one prepared statement (its search vector
included, no check and no rendering) through pg with a placement's pool size, interleaved; and search (\`GET /v1/c/:slug/search\`, ${searchQueries.length} queries in turn, one connection, then
${options.connections}). The posts are 20 to 40 words drawn from ${vocabularySize} medical words, so every word searched is in about a
third of the posts: the hardest case for ranking, which a real forum's vocabulary is kinder than.

${loadDescription(options)}

${measurementTable({
  'Baseline (the same SQL, bare Fastify + pg)': list.baseline,
  'GET /v1/c/:slug/threads': list.threads,
  'One community (interleaved with spread)': spread.single,
  [`Spread over ${options.spreadCommunities} communities`]: spread.spread,
  'Write baseline (one insert, bare Fastify + pg)': writes.writeBaseline,
  'POST replies': writes.reply,
  'POST threads': writes.thread,
  'GET search (1 connection)': search.search,
  [`GET search (${options.connections} connections)`]: search.busySearch,
})}

${verdicts}

${measuredOn()}
`,
  )
}

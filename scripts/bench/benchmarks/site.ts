// A thread as the site serves it (the page, rendered on the server, to a signed-in browser) against the same
// thread as the API's JSON, in the same run; and what a reader downloads for it, compressed as served.
import { get } from 'node:http'
import { compareHttp, type RotatedRequest } from '../http.ts'
import { writeReportSection } from '../report.ts'
import type { BenchEnvironment } from '../environment.ts'
import { loadDescription, measuredOn, measurementTable, printMeasurements, type RunOptions } from '../table.ts'
import { browserHeaders, signedInCookie } from './browser-session.ts'
import { benchCommunity, benchMembers, fillForum, type BenchMember } from './forum-setup.ts'

const targets = { throughput: 0.6, p99: 1.5, firstVisitKb: 60, laterVisitKb: 15 }
const readers = 50
const threads = 20
const postsPerThread = 20

interface Reader extends BenchMember {
  /** The cookies a browser signed in as this member sends: its session and its CSRF secret. */
  cookie: string
}

// Each reader signs in as a browser does: a web session, then the CSRF cookie of the first page it opens.
async function signInReaders(environment: BenchEnvironment, members: BenchMember[]): Promise<Reader[]> {
  const { db } = environment.database
  return Promise.all(
    members.map(async (member) => {
      const { account_id: accountId } = await db
        .selectFrom('hub.memberships')
        .select('account_id')
        .where('member_id', '=', member.memberId)
        .executeTakeFirstOrThrow()
      return { ...member, cookie: await signedInCookie(db, environment.hubUrl, accountId) }
    }),
  )
}

// The bytes an answer takes on the wire, before the browser decodes it, and its body decoded.
function served(url: string, headers: Record<string, string>): Promise<{ status: number; bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      let bytes = 0
      response.on('data', (chunk: Buffer) => (bytes += chunk.length))
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, bytes, encoding: response.headers['content-encoding'] ?? 'identity' }),
      )
      response.on('error', reject)
    }).on('error', reject)
  })
}

// What travels for one thread: the page and every asset it names (stylesheet, any script), as served to a
// browser asking for brotli; on a later visit the assets come from the cache (fingerprinted, immutable).
async function bytesOfAVisit(environment: BenchEnvironment, reader: Reader, path: string) {
  const html = await (await fetch(`${environment.hubUrl}${path}`, { headers: { ...browserHeaders, cookie: reader.cookie } })).text()
  const assets = [...html.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((match) => match[1] ?? '')
  const page = await served(`${environment.hubUrl}${path}`, { ...browserHeaders, cookie: reader.cookie })
  if (page.status !== 200 || page.encoding !== 'br') throw new Error(`${path} answered ${page.status}, ${page.encoding}`)
  const assetAnswers = await Promise.all(assets.map((asset) => served(`${environment.hubUrl}${asset}`, browserHeaders)))
  return { htmlBytes: page.bytes, assets, assetBytes: assetAnswers.reduce((sum, answer) => sum + answer.bytes, 0) }
}

export async function site(environment: BenchEnvironment, options: RunOptions): Promise<void> {
  const community = await benchCommunity(environment, environment.hub.placements, 'bench-site')
  const members = await benchMembers(environment, community, readers)
  const [author] = members
  if (author === undefined) throw new Error('no bench member')
  await fillForum(community, author.memberId, threads, postsPerThread)
  const readersSignedIn = await signInReaders(environment, members)
  const threadIds = (await community.tenant.query.selectFrom('threads').select('id').orderBy('id').execute()).map(({ id }) => id)
  const threadOf = (index: number) => threadIds[index % threadIds.length] ?? '1'
  const pages: RotatedRequest[] = readersSignedIn.map((reader, index) => ({
    method: 'GET',
    path: `/c/${community.slug}/t/${threadOf(index)}`,
    headers: { ...browserHeaders, cookie: reader.cookie },
  }))
  const json: RotatedRequest[] = readersSignedIn.map((reader, index) => ({
    method: 'GET',
    path: `/v1/c/${community.slug}/threads/${threadOf(index)}?limit=50`,
    headers: { authorization: reader.authorization, 'accept-encoding': 'br, gzip' },
  }))
  const results = await compareHttp(
    { json: { url: environment.hubUrl, requests: json }, page: { url: environment.hubUrl, requests: pages } },
    options,
  )
  const throughput = results.page.requestsPerSecond / results.json.requestsPerSecond
  const p99 = results.page.latencyP99Ms / Math.max(1, results.json.latencyP99Ms)
  const [reader = readersSignedIn[0] as Reader] = readersSignedIn
  const visit = await bytesOfAVisit(environment, reader, `/c/${community.slug}/t/${threadOf(0)}`)
  const kb = (bytes: number) => (bytes / 1024).toFixed(1)
  const firstVisit = visit.htmlBytes + visit.assetBytes
  printMeasurements(results)
  process.stdout.write(
    `page/json requests/s ${throughput.toFixed(2)}, p99 ${p99.toFixed(2)}×; first visit ${kb(firstVisit)} KB, later ${kb(visit.htmlBytes)} KB\n`,
  )
  await writeReportSection(
    'site',
    `## Site: a thread page against the API's JSON of the same thread

A signed-in browser reading a thread of ${postsPerThread} posts (${readers} readers, each on one of ${threads} threads, with
their session and CSRF cookies, asking for brotli as browsers do) against the same readers reading the same
threads as JSON (\`GET /v1/c/:slug/threads/:id?limit=50\` with a community token). The page runs the same
package functions, renders HTML on the server and compresses it; the JSON is serialised uncompressed.

${loadDescription(options)}

${measurementTable({ 'JSON of the thread': results.json, 'Thread page': results.page })}

| Figure | Measured | Target |
| --- | ---: | ---: |
| Page / JSON requests/s | ${throughput.toFixed(2)} | ≥ ${targets.throughput} |
| Page / JSON p99 latency | ${p99.toFixed(2)}× | ≤ ${targets.p99}× |
| First visit: HTML + CSS + JS, compressed | ${kb(firstVisit)} KB | ≤ ${targets.firstVisitKb} KB |
| Later visit (assets cached): HTML, compressed | ${kb(visit.htmlBytes)} KB | ≤ ${targets.laterVisitKb} KB |

Assets of the page: ${visit.assets.map((asset) => `\`${asset}\``).join(', ')}; bytes as they leave the hub for a
browser that accepts brotli, before decoding.

${measuredOn()}
`,
  )
}

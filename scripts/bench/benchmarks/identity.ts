// POST /v1/auth/switch and an authenticated GET /v1/me against a bare Fastify route that only verifies
// the same JWT with @fastify/jwt and the same verifier options: the ratios are what the membership and
// account lookups, the session check and (for switch) signing cost on top of token verification.
import Fastify, { type FastifyRequest } from 'fastify'
import fastifyJwt from '@fastify/jwt'
import { registerAccount } from '@kindred/identity'
import { joinCommunity } from '@kindred/membership'
import { provisionCommunity } from '@kindred/tenancy'
import { insertProposal } from '@kindred/testkit'
import { hubAudience } from '@kindred/tokens'
import { compareHttp } from '../http.ts'
import { writeReportSection } from '../report.ts'
import { discard, type BenchEnvironment } from '../environment.ts'
import { loadDescription, measuredOn, measurementTable, printMeasurements, type RunOptions } from '../table.ts'

const meTarget = 0.5
const switchTarget = 0.4
const p99TargetMs = 20

async function startBaseline(environment: BenchEnvironment, token: string): Promise<string> {
  const { verification } = environment.tokens
  const [encodedHeader = ''] = token.split('.')
  const header = JSON.parse(Buffer.from(encodedHeader, 'base64url').toString('utf8')) as Record<string, unknown>
  const baseline = Fastify({ logger: { level: 'info', stream: discard } })
  await baseline.register(fastifyJwt, { secret: { public: await verification.publicKeyFor(header) }, verify: verification.options })
  baseline.get('/verify', async (request: FastifyRequest) => {
    const claims = await request.jwtVerify<{ sub: string }>()
    return { sub: claims.sub }
  })
  environment.onEnd(() => baseline.close())
  return `${await baseline.listen({ host: '127.0.0.1', port: 0 })}/verify`
}

// A live community provisioned by the real job's code, and a member of it.
async function memberOfCommunity(environment: BenchEnvironment): Promise<{ accountId: string; slug: string }> {
  const { db } = environment.database
  const slug = `bench-${Date.now().toString(36)}`
  const proposal = await insertProposal(db, { slug, moderators: 0, members: 0 })
  await db.updateTable('hub.proposals').set({ status: 'approved' }).where('id', '=', proposal.proposalId).execute()
  await provisionCommunity({ db, placements: environment.hub.placements, logger: environment.logger }, proposal.proposalId)
  const account = await registerAccount(db, { email: `${slug}@example.org`, password: 'a long enough password', displayName: 'Bench' })
  // Joining waits for a confirmed address; the link is not what this measures.
  await db.updateTable('hub.accounts').set({ email_verified_at: new Date() }).where('id', '=', account.id).execute()
  await joinCommunity(
    { hub: db, placements: environment.hub.placements },
    { accountId: account.id, slug, pseudonym: 'Bench Member', acceptCharterVersion: 1 },
  )
  return { accountId: account.id, slug }
}

export async function identity(environment: BenchEnvironment, options: RunOptions): Promise<void> {
  const { accountId, slug } = await memberOfCommunity(environment)
  const token = await environment.tokens.sign({ subject: accountId, audience: hubAudience })
  const headers = { authorization: `Bearer ${token}` }
  const urls = {
    baseline: { url: await startBaseline(environment, token), headers },
    me: { url: `${environment.hubUrl}/v1/me`, headers },
    switch: {
      url: `${environment.hubUrl}/v1/auth/switch`,
      method: 'POST' as const,
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ community: slug }),
    },
  }

  const results = await compareHttp(urls, options)
  const ratio = results.me.requestsPerSecond / results.baseline.requestsPerSecond
  const switchRatio = results.switch.requestsPerSecond / results.baseline.requestsPerSecond
  printMeasurements(results)
  process.stdout.write(`Ratio (GET /v1/me / baseline requests/s): ${ratio.toFixed(2)} (target ≥ ${meTarget})\n`)
  process.stdout.write(`Ratio (POST /v1/auth/switch / baseline requests/s): ${switchRatio.toFixed(2)} (target ≥ ${switchTarget})\n`)
  await writeReportSection(
    'identity',
    `## Identity: switching community and GET /v1/me against JWT verification alone

On the hub's real app, \`GET /v1/me\` (token verification through @fastify/jwt, the per-request check of
the account's not-before time, then the account's profile: account, disclosures and
memberships) and \`POST /v1/auth/switch\` (the same, then the membership link from the hub and the member
from the community's tenant, and a community token signed on libuv's thread pool), against a bare Fastify
whose only route verifies the same token with @fastify/jwt and the same verifier options (static public
key, same cache). Same hub token for every request, as a signed-in client sends: the profile, the link and
the member come from the hub's caches, which triggers on the rows empty the moment they change
(migrations/hub/0014, tenant/0008); every switch signs a new token.

${loadDescription(options)}

${measurementTable({ 'Baseline (verify only)': results.baseline, 'GET /v1/me': results.me, 'POST /v1/auth/switch': results.switch })}

- **GET /v1/me / baseline: ${ratio.toFixed(2)}** — target ≥ ${meTarget}; p99 ${results.me.latencyP99Ms} ms, target under ${p99TargetMs} ms.
- **POST /v1/auth/switch / baseline: ${switchRatio.toFixed(2)}** — target ≥ ${switchTarget}; p99 ${results.switch.latencyP99Ms} ms, target under ${p99TargetMs} ms.

${measuredOn()}
`,
  )
}

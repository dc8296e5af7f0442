// An authenticated GET /v1/me against a bare Fastify route that only verifies the same JWT with
// @fastify/jwt and the same verifier options: the ratio is what the account lookup and the per-request
// session check cost on top of token verification.
import Fastify, { type FastifyRequest } from 'fastify'
import fastifyJwt from '@fastify/jwt'
import { registerAccount } from '@kindred/identity'
import { hubAudience } from '@kindred/tokens'
import { compareHttp } from '../http.ts'
import { writeReportSection } from '../report.ts'
import { discard, type BenchEnvironment } from '../environment.ts'
import { loadDescription, measuredOn, measurementTable, printMeasurements, type RunOptions } from '../table.ts'

const meTarget = 0.5
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

export async function identity(environment: BenchEnvironment, options: RunOptions): Promise<void> {
  const account = await registerAccount(environment.database.db, {
    email: `bench-${Date.now()}@example.org`,
    password: 'a long enough password',
    displayName: 'Bench',
  })
  const token = await environment.tokens.sign({ subject: account.id, audience: hubAudience })
  const headers = { authorization: `Bearer ${token}` }
  const urls = {
    baseline: { url: await startBaseline(environment, token), headers },
    me: { url: `${environment.hubUrl}/v1/me`, headers },
  }

  const results = await compareHttp(urls, options)
  const ratio = results.me.requestsPerSecond / results.baseline.requestsPerSecond
  printMeasurements(results)
  process.stdout.write(`Ratio (GET /v1/me / baseline requests/s): ${ratio.toFixed(2)} (target ≥ ${meTarget})\n`)
  await writeReportSection(
    'identity',
    `## Identity: authenticated GET /v1/me against JWT verification alone

\`GET /v1/me\` on the hub's real app (token verification through @fastify/jwt, the per-request check of the
account's not-before time with its 5 s cache, the account and its disclosures read from PostgreSQL) against
a bare Fastify whose only route verifies the same token with @fastify/jwt and the same verifier options
(static public key, same cache). Same token for every request, as a signed-in client sends.

${loadDescription(options)}

${measurementTable({ 'Baseline (verify only)': results.baseline, 'GET /v1/me': results.me })}

**Ratio (GET /v1/me / baseline requests/s): ${ratio.toFixed(2)}** — target ≥ ${meTarget}; p99 ${results.me.latencyP99Ms} ms, target under ${p99TargetMs} ms.

${measuredOn()}
`,
  )
}

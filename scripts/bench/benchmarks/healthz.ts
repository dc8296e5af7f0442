// The hub's GET /healthz, with all its plugins, against a bare Fastify serving the same route: the ratio is
// the cost of our plugins on every request.
import Fastify from 'fastify'
import { compareHttp } from '../http.ts'
import { writeReportSection } from '../report.ts'
import { discard, type BenchEnvironment } from '../environment.ts'
import { loadDescription, measuredOn, measurementTable, printMeasurements, type RunOptions } from '../table.ts'

export async function healthz(environment: BenchEnvironment, options: RunOptions): Promise<void> {
  const baseline = Fastify({ logger: { level: 'info', stream: discard } })
  baseline.get('/healthz', async () => ({ status: 'ok' }))
  environment.onEnd(() => baseline.close())
  const urls = { baseline: `${await baseline.listen({ host: '127.0.0.1', port: 0 })}/healthz`, hub: `${environment.hubUrl}/healthz` }

  const results = await compareHttp(urls, options)
  const ratio = results.hub.requestsPerSecond / results.baseline.requestsPerSecond
  printMeasurements(results)
  process.stdout.write(`Ratio (hub / baseline requests/s): ${ratio.toFixed(2)}\n`)
  await writeReportSection(
    'healthz',
    `## GET /healthz: the hub against a bare Fastify

The hub's real app (\`createHubServer\`: security headers, load shedding, error handler, OpenAPI, request
logging) against a bare \`fastify()\` with a single \`GET /healthz\` route returning \`{"status":"ok"}\`. Both
log every request at info level to a discarding destination.

${loadDescription(options)}

${measurementTable({ Baseline: results.baseline, Hub: results.hub })}

**Ratio (hub / baseline requests/s): ${ratio.toFixed(2)}**

${measuredOn()}
`,
  )
}

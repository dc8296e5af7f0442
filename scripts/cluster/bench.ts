// `npm run cluster:bench [-- --duration S --rounds N --connections C --warmup S]`: on a running topology
// (`npm run cluster:up`), the thread list of a community on cluster-b through haproxy, which spreads it over
// both hubs, against the same requests straight to one hub, interleaved; rewrites the `cluster` section of
// docs/benchmarks.md.
import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'
import { createLogger } from '@kindred/log'
import { compareHttp, type RotatedRequest } from '../bench/http.ts'
import { writeReportSection } from '../bench/report.ts'
import { comparisonFlags, comparisonOptions, loadDescription, measuredOn, measurementTable, printMeasurements } from '../bench/table.ts'
import { call, expectStatus, hub, join, registerAccount, switchTo, throughHaproxy } from './client.ts'
import { liveCommunity, openKindred, type KindredConnections } from './kindred.ts'
import { clusters, stateDir } from './topology.ts'

const readers = 5
const threadsPerReader = 5

const options = comparisonOptions(parseArgs({ options: comparisonFlags }).values)

/** A new community on cluster-b with readers who each opened a few threads: the thread list's requests, one per reader. */
async function threadListRequests(kindred: KindredConnections): Promise<RotatedRequest[]> {
  const slug = `bench-${Date.now().toString(36)}`
  await liveCommunity(kindred, slug, clusters[1].name)
  const requests: RotatedRequest[] = []
  for (let index = 0; index < readers; index += 1) {
    const direct = hub(0, `203.0.113.${index + 1}`)
    const account = await registerAccount(kindred.db, `${slug}-reader-${index}`, direct, direct)
    await join(account, slug, `Reader ${index}`)
    const token = await switchTo(account, slug, throughHaproxy)
    const { categories } = await expectStatus<{ categories: { id: string }[] }>(
      200,
      'listing categories',
      call(throughHaproxy, 'GET', `/v1/c/${slug}/categories`, { token }),
    )
    for (let thread = 0; thread < threadsPerReader; thread += 1) {
      const body = {
        categoryId: categories[0]?.id,
        title: `Thread ${thread} of reader ${index}`,
        body: 'Twenty words or so, as members write them.',
      }
      await expectStatus(201, 'opening a thread', call(throughHaproxy, 'POST', `/v1/c/${slug}/threads`, { token, body }))
    }
    requests.push({ path: `/v1/c/${slug}/threads`, headers: { authorization: `Bearer ${token}` } })
  }
  return requests
}

const logger = createLogger({ level: 'warn', format: 'json', destination: process.stderr })
const kindred = await openKindred(stateDir(process.env), logger)
try {
  const requests = await threadListRequests(kindred)
  const results = await compareHttp(
    { oneHub: { url: hub(0, '203.0.113.100').url, requests }, twoHubs: { url: throughHaproxy.url, requests } },
    options,
  )
  const ratio = results.twoHubs.requestsPerSecond / results.oneHub.requestsPerSecond
  printMeasurements(results)
  process.stdout.write(`Ratio (two hubs through haproxy / one hub, requests/s): ${ratio.toFixed(2)}\n`)
  await writeReportSection(
    'cluster',
    `## Two hubs behind haproxy against one hub (the local topology)

\`npm run cluster:bench\` on the topology \`npm run cluster:up\` starts (docs/operations.md): \`GET /v1/c/:slug/threads\`
of a community on \`cluster-b\` (${readers} members in turn, ${readers * threadsPerReader} threads), through haproxy, which spreads
the requests over both hubs (\`balance leastconn\`), against the same requests sent straight to the first hub.
The one-hub figure skips haproxy's hop, which the two-hub figure pays. Everything (etcd, four PostgreSQL
nodes under Patroni, haproxy, two hubs, the worker and the load generator) shares this machine's
${availableParallelism()} cores.

${loadDescription(options)}

${measurementTable({ 'One hub, directly': results.oneHub, 'Two hubs through haproxy': results.twoHubs })}

**Ratio (two hubs / one hub, requests/s): ${ratio.toFixed(2)}** — target ≥ 1.6 on a machine with the cores for it.

${measuredOn()}
`,
  )
} finally {
  await kindred.close()
}

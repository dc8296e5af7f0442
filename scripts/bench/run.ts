// `npm run bench`: the hub's GET /healthz, with all its plugins, against a bare Fastify serving the same
// route, both in this process and measured in the same run; the ratio is the cost of our plugins.
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import Fastify, { type FastifyInstance } from 'fastify'
import { loadConfig } from '@kindred/config'
import { createDatabase, hubMigrations, migrateHub, startEmbeddedPostgres } from '@kindred/db'
import { createHubServer } from '@kindred/hub'
import { migrateJobQueue } from '@kindred/jobs'
import { createLogger, type Logger } from '@kindred/log'
import { createTokenService } from '@kindred/tokens'
import { freePort } from '@kindred/testkit'
import { compareHttp, type HttpMeasurement } from './http.ts'
import { writeReportSection } from './report.ts'

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '2' },
  },
})

function positiveInteger(flag: keyof typeof flags): number {
  const value = Number(flags[flag])
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${flag} must be a positive integer`)
  return value
}

const options = {
  durationSeconds: positiveInteger('duration'),
  rounds: positiveInteger('rounds'),
  connections: positiveInteger('connections'),
  warmupSeconds: positiveInteger('warmup'),
}

// Both servers log every request at info level, as in production, to nowhere: the ratio then leaves out
// the cost of request logging, which both pay, but keeps that of our logger's redaction and serializers.
const discard = { write: (): void => undefined }
const toolLogger = createLogger({ level: 'warn', format: 'json', destination: process.stderr })

async function startDatabaseServer(logger: Logger): Promise<{ url: string; stop: () => Promise<void> }> {
  const externalUrl = loadConfig(process.env).database.url
  if (externalUrl !== undefined) return { url: externalUrl, stop: () => Promise.resolve() }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'kindred-bench-'))
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), logger })
  const stop = async (): Promise<void> => {
    await server.stop()
    await rm(dataDir, { recursive: true, force: true })
  }
  const database = createDatabase({
    url: server.url,
    poolMax: 2,
    connectTimeoutMs: 5000,
    connectionMaxLifetimeSeconds: 0,
    applicationName: 'kindred-bench-migrate',
    logger,
  })
  try {
    await migrateHub(database.db)
    await migrateJobQueue(database.pool)
  } catch (error) {
    await database.close()
    await stop()
    throw error
  }
  await database.close()
  return { url: server.url, stop }
}

function createBaselineServer(): FastifyInstance {
  const app = Fastify({ logger: { level: 'info', stream: discard } })
  app.get('/healthz', async () => ({ status: 'ok' }))
  return app
}

async function healthzUrl(app: FastifyInstance): Promise<string> {
  return `${await app.listen({ host: '127.0.0.1', port: 0 })}/healthz`
}

function formatRow(name: string, measurement: HttpMeasurement): string {
  const rps = Math.round(measurement.requestsPerSecond).toString().padStart(10)
  const p50 = `${measurement.latencyP50Ms} ms`.padStart(10)
  const p99 = `${measurement.latencyP99Ms} ms`.padStart(10)
  return `${name.padEnd(10)}${rps}${p50}${p99}\n`
}

function reportSection(results: Record<'baseline' | 'hub', HttpMeasurement>, ratio: number): string {
  const { baseline, hub } = results
  const row = (name: string, m: HttpMeasurement): string =>
    `| ${name} | ${Math.round(m.requestsPerSecond)} | ${m.latencyP50Ms} ms | ${m.latencyP99Ms} ms |`
  return `## GET /healthz: the hub against a bare Fastify

The hub's real app (\`createHubServer\`: helmet, load shedding, error handler, OpenAPI, request logging)
against a bare \`fastify()\` with a single \`GET /healthz\` route returning \`{"status":"ok"}\`. Both log
every request at info level to a discarding destination.

- Connections: ${options.connections}
- Duration: ${options.durationSeconds} s × ${options.rounds} rounds, interleaved, after a ${options.warmupSeconds} s warm-up of each server
- Figures: each server's median round; autocannon records latency in whole milliseconds, so 0 ms means under 1 ms

| Server | Requests/s | p50 latency | p99 latency |
| --- | ---: | ---: | ---: |
${row('Baseline', baseline)}
${row('Hub', hub)}

**Ratio (hub / baseline requests/s): ${ratio.toFixed(2)}**

Measured ${new Date().toISOString().slice(0, 10)} with Node ${process.version} on ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}).
`
}

// Undone in reverse order however far start-up got, so a failed run leaves no server or temp dir behind.
const cleanups: Array<() => Promise<void>> = []
try {
  const databaseServer = await startDatabaseServer(toolLogger)
  cleanups.unshift(() => databaseServer.stop())
  const config = loadConfig({ DATABASE_URL: databaseServer.url })
  const database = createDatabase({
    url: databaseServer.url,
    poolMax: config.database.poolMax,
    connectTimeoutMs: config.database.connectTimeoutMs,
    connectionMaxLifetimeSeconds: config.database.connectionMaxLifetimeSeconds,
    applicationName: 'kindred-bench',
    logger: toolLogger,
  })
  cleanups.unshift(() => database.close())
  const hubLogger = createLogger({ level: 'info', format: 'json', destination: discard })
  // A server of the bench's own gets a fresh key; an external one holds keys under KINDRED_MASTER_KEY.
  const environmentKey = loadConfig(process.env).masterKey
  const masterKey = environmentKey === undefined ? randomBytes(32) : Buffer.from(environmentKey, 'base64')
  const tokens = await createTokenService({ db: database.db, masterKey })
  const hub = await createHubServer({ config, logger: hubLogger, database, hubMigrations: await hubMigrations(), tokens })
  cleanups.unshift(() => hub.close())
  const baseline = createBaselineServer()
  cleanups.unshift(() => baseline.close())
  const urls = { baseline: await healthzUrl(baseline), hub: await healthzUrl(hub) }

  process.stderr.write(`GET /healthz: ${options.rounds} rounds of ${options.durationSeconds} s, ${options.connections} connections\n`)
  const results = await compareHttp(urls, {
    ...options,
    onRound: (target, round, m) => process.stderr.write(`  ${target} round ${round}: ${Math.round(m.requestsPerSecond)} requests/s\n`),
  })
  const ratio = results.hub.requestsPerSecond / results.baseline.requestsPerSecond
  process.stdout.write(`\n${'Server'.padEnd(10)}${'Req/s'.padStart(10)}${'p50'.padStart(10)}${'p99'.padStart(10)}\n`)
  process.stdout.write(formatRow('baseline', results.baseline) + formatRow('hub', results.hub))
  process.stdout.write(`\nRatio (hub / baseline requests/s): ${ratio.toFixed(2)}\n`)
  await writeReportSection('healthz', reportSection(results, ratio))
} finally {
  for (const cleanup of cleanups) await cleanup()
}

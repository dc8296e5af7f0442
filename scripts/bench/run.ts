// `npm run bench [-- <name>...] [--duration S] [--rounds N] [--connections C] [--warmup S] [--spread N]`: runs the named
// benchmarks (all of them by default) against one database server and one hub, and rewrites each one's
// section of docs/benchmarks.md.
import { parseArgs } from 'node:util'
import { createLogger } from '@kindred/log'
import { digest } from './benchmarks/digest.ts'
import { forum } from './benchmarks/forum.ts'
import { healthz } from './benchmarks/healthz.ts'
import { identity } from './benchmarks/identity.ts'
import { mail } from './benchmarks/mail.ts'
import { scale } from './benchmarks/scale.ts'
import { site } from './benchmarks/site.ts'
import { staff } from './benchmarks/staff.ts'
import { statistics } from './benchmarks/statistics.ts'
import { tenancy } from './benchmarks/tenancy.ts'
import { startBenchEnvironment, type BenchEnvironment } from './environment.ts'
import { comparisonFlags, comparisonOptions, positiveInteger, type RunOptions } from './table.ts'

const benchmarks: Record<string, (environment: BenchEnvironment, options: RunOptions) => Promise<void>> = {
  healthz,
  identity,
  tenancy,
  scale,
  forum,
  statistics,
  staff,
  site,
  mail,
  digest,
}

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: { ...comparisonFlags, spread: { type: 'string', default: '5000' } },
})
const options: RunOptions = { ...comparisonOptions(flags), spreadCommunities: positiveInteger(flags, 'spread') }
const selected = positionals.length === 0 ? Object.keys(benchmarks) : positionals
const unknown = selected.filter((name) => !(name in benchmarks))
if (unknown.length > 0) throw new Error(`Unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(benchmarks).join(', ')}`)

const logger = createLogger({ level: 'warn', format: 'json', destination: process.stderr })
// Undone in reverse order however far the run got, so a failure leaves no server or temp dir behind.
const cleanups: Array<() => Promise<void>> = []
try {
  const environment = await startBenchEnvironment(logger, (cleanup) => cleanups.unshift(cleanup))
  for (const name of selected) {
    process.stderr.write(`\n${name}: ${options.rounds} rounds of ${options.durationSeconds} s, ${options.connections} connections\n`)
    await benchmarks[name]?.(environment, options)
  }
} finally {
  for (const cleanup of cleanups) await cleanup()
}

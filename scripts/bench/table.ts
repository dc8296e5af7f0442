import { availableParallelism, cpus } from 'node:os'
import type { ComparisonOptions, HttpMeasurement } from './http.ts'

/** The command line's load settings, with a progress report after each round. */
export interface RunOptions extends ComparisonOptions {
  /** How many communities the forum's spread run provisions and spreads its requests over. */
  spreadCommunities: number
}

/** A Markdown table of measurements, one row per server or route. */
export function measurementTable(rows: Record<string, HttpMeasurement>): string {
  const lines = Object.entries(rows).map(
    ([name, m]) => `| ${name} | ${Math.round(m.requestsPerSecond)} | ${m.latencyP50Ms} ms | ${m.latencyP99Ms} ms |`,
  )
  return ['| Server | Requests/s | p50 latency | p99 latency |', '| --- | ---: | ---: | ---: |', ...lines].join('\n')
}

/** The lines every HTTP section states: load, rounds, and how to read the figures. */
export function loadDescription(options: ComparisonOptions): string {
  return `- Connections: ${options.connections}
- Duration: ${options.durationSeconds} s × ${options.rounds} rounds, interleaved, after a ${options.warmupSeconds} s warm-up of each server
- Figures: each server's median round; autocannon records latency in whole milliseconds, so 0 ms means under 1 ms`
}

/** Where and when: figures depend on the machine, so every section names it. */
export function measuredOn(): string {
  return `Measured ${new Date().toISOString().slice(0, 10)} with Node ${process.version} on ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}).`
}

/** Prints a run's figures to stdout as a plain table. */
export function printMeasurements(rows: Record<string, HttpMeasurement>): void {
  process.stdout.write(`\n${'Server'.padEnd(24)}${'Req/s'.padStart(10)}${'p50'.padStart(10)}${'p99'.padStart(10)}\n`)
  for (const [name, m] of Object.entries(rows)) {
    const rps = Math.round(m.requestsPerSecond).toString().padStart(10)
    process.stdout.write(`${name.padEnd(24)}${rps}${`${m.latencyP50Ms} ms`.padStart(10)}${`${m.latencyP99Ms} ms`.padStart(10)}\n`)
  }
}

/** The command-line flags of every load comparison, for `parseArgs`. */
export const comparisonFlags = {
  duration: { type: 'string', default: '5' },
  rounds: { type: 'string', default: '3' },
  connections: { type: 'string', default: '50' },
  warmup: { type: 'string', default: '2' },
} as const

/** @throws Error naming the flag when its value is not a positive integer */
export function positiveInteger(flags: Partial<Record<string, string | boolean>>, flag: string): number {
  const value = Number(flags[flag])
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${flag} must be a positive integer`)
  return value
}

/** The load settings `comparisonFlags` parsed into, with a progress line on stderr after each round. */
export function comparisonOptions(flags: Partial<Record<string, string | boolean>>): ComparisonOptions {
  return {
    durationSeconds: positiveInteger(flags, 'duration'),
    rounds: positiveInteger(flags, 'rounds'),
    connections: positiveInteger(flags, 'connections'),
    warmupSeconds: positiveInteger(flags, 'warmup'),
    onRound: (target, round, m) => process.stderr.write(`  ${target} round ${round}: ${Math.round(m.requestsPerSecond)} requests/s\n`),
  }
}

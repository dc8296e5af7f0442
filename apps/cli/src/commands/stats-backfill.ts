import { backfillStatistics, isDay, type BackfillResult, type Day } from '@kindred/statistics'
import type { Command } from '../command.ts'
import { openForCommunities } from '../connections.ts'
import { parseOptions } from '../options.ts'
import { progressReporter } from '../progress.ts'

const usage = 'stats:backfill [--from YYYY-MM-DD] [--concurrency N]'
const defaultConcurrency = 4

interface BackfillArguments {
  from?: Day
  concurrency: number
}

/** `--from` (a real calendar day) and `--concurrency`, each at most once; undefined when anything else is given. */
export function parseBackfillArguments(args: string[]): BackfillArguments | undefined {
  const options = parseOptions(args, { from: /^\d{4}-\d{2}-\d{2}$/, concurrency: /^[1-9][0-9]?$/ })
  if (options === undefined || (options.from !== undefined && !isDay(options.from))) return undefined
  return { ...(options.from === undefined ? {} : { from: options.from }), concurrency: Number(options.concurrency ?? defaultConcurrency) }
}

/** "Statistics: 4 communities computed again, 0 failed; network from 2025-02-11." */
export const describeBackfill = (result: BackfillResult): string =>
  `Statistics: ${result.aggregated} communities computed again, ${result.failures.length} failed; network from ${result.networkFrom ?? 'no day'}.`

function report(result: BackfillResult): number {
  process.stdout.write(`${describeBackfill(result)}\n`)
  if (result.failures.length === 0) return 0
  process.stderr.write('These communities failed:\n')
  for (const failure of result.failures) process.stderr.write(`  ${failure.slug}: ${failure.error}\n`)
  return 1
}

export const statsBackfill: Command = {
  summary: "Compute every live community's statistics again from a day (default: its first), then the network's",
  usage,
  async run(context, args) {
    const options = parseBackfillArguments(args)
    if (options === undefined) {
      process.stderr.write(`Usage: npm run kindred -- ${usage} (N from 1 to 99)\n`)
      return 2
    }
    const { database, placements } = await openForCommunities(context, options.concurrency)
    const progress = progressReporter(process.stderr, 'communities')
    const result = await backfillStatistics(
      { db: database.db, placements, logger: context.logger },
      { ...options, onProgress: (step) => progress.update(step) },
    )
    progress.finish()
    return report(result)
  },
}

import { openDatabase } from '@kindred/runtime'
import { backfillStatistics, isDay, type BackfillResult, type Day } from '@kindred/statistics'
import { createPlacements } from '@kindred/tenancy'
import type { Command } from '../command.ts'
import { progressReporter } from '../progress.ts'

const usage = 'stats:backfill [--from YYYY-MM-DD] [--concurrency N]'
const defaultConcurrency = 4

interface BackfillArguments {
  from?: Day
  concurrency: number
}

// `--flag value` or `--flag=value`, each flag at most once.
export function parseBackfillArguments(args: string[]): BackfillArguments | undefined {
  const words = args.flatMap((arg) => (/^--[a-z]+=/.test(arg) ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg]))
  const parsed: BackfillArguments = { concurrency: defaultConcurrency }
  const seen = new Set<string>()
  for (let index = 0; index < words.length; index += 2) {
    const [flag = '', value = ''] = words.slice(index, index + 2)
    if (seen.has(flag)) return undefined
    seen.add(flag)
    if (flag === '--from' && isDay(value)) parsed.from = value
    else if (flag === '--concurrency' && /^[1-9][0-9]?$/.test(value)) parsed.concurrency = Number(value)
    else return undefined
  }
  return parsed
}

function report(result: BackfillResult): number {
  process.stdout.write(`Statistics: ${result.aggregated} communities computed again, ${result.failures.length} failed; network from ${result.networkFrom ?? 'no day'}.\n`)
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
    const { database, url } = await openDatabase(context, { applicationName: 'kindred-cli', poolMax: options.concurrency + 1, migrate: true })
    // Enough connections per placement for the concurrency asked for.
    const config = { ...context.config, placements: { ...context.config.placements, poolMax: Math.max(context.config.placements.poolMax, options.concurrency) } }
    const placements = createPlacements({ hubUrl: url, config, applicationName: 'kindred-cli', logger: context.logger })
    context.onShutdown(() => placements.close())
    const progress = progressReporter(process.stderr, 'communities')
    const result = await backfillStatistics(
      { db: database.db, placements, logger: context.logger },
      { ...options, onProgress: (step) => progress.update(step) },
    )
    progress.finish()
    return report(result)
  },
}

import { proposeMoves, type RebalanceOptions, type RebalancePlan } from '@kindred/tenancy'
import type { Command } from '../command.ts'
import { openForCommunities } from '../connections.ts'
import { parseOptions } from '../options.ts'

const usage = 'communities:rebalance [--tolerance PERCENT] [--max-moves N]'
const defaultTolerancePercent = 10
const defaultMaxMoves = 20

/**
 * `--tolerance` (a percentage of the mean, 0 to 999: with n placements the spread can reach n times the
 * mean) and `--max-moves` (1 to 999); undefined when the arguments are wrong.
 *
 * @example parseRebalanceArguments(['--tolerance', '5']) // { tolerance: 0.05, maxMoves: 20 }
 */
export function parseRebalanceArguments(args: string[]): Required<RebalanceOptions> | undefined {
  const options = parseOptions(args, { tolerance: /^(0|[1-9][0-9]{0,2})$/, 'max-moves': /^[1-9][0-9]{0,2}$/ })
  if (options === undefined) return undefined
  return {
    tolerance: Number(options.tolerance ?? defaultTolerancePercent) / 100,
    maxMoves: Number(options['max-moves'] ?? defaultMaxMoves),
  }
}

const units = ['B', 'kB', 'MB', 'GB', 'TB']

/**
 * Bytes as an operator reads them, in units of 1024 named as PostgreSQL's `pg_size_pretty` names them.
 *
 * @example formatBytes(4_300_000) // '4.1 MB'
 */
export function formatBytes(bytes: number): string {
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit] ?? ''}`
}

function sizesTable(plan: RebalancePlan): string[] {
  const rows = [
    ['Placement', 'Now', 'After the moves'],
    ...plan.placements.map((placement) => [placement.name, formatBytes(placement.before), formatBytes(placement.after)]),
  ]
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? []
  // Names to the left, sizes to the right, so that the units line up.
  const cell = (text: string, column: number): string => (column === 0 ? text.padEnd(widths[0] ?? 0) : text.padStart(widths[column] ?? 0))
  return rows.map((row) => row.map(cell).join('   '))
}

// The commands alone can be copied to a shell: everything else on those lines is a comment.
function moveLines(plan: RebalancePlan): string[] {
  const lines = plan.moves.map((move) => ({
    command: `npm run kindred -- communities:move ${move.slug} ${move.to}`,
    note: `${formatBytes(move.bytes)} from ${move.from}`,
  }))
  const width = Math.max(...lines.map((line) => line.command.length))
  return [
    '# In this order: each move was chosen with the ones above it done.',
    ...lines.map((line) => `${line.command.padEnd(width)}   # ${line.note}`),
    ...(plan.balanced ? [] : ['# The placements are still uneven after these (the move limit, or communities larger than the gap).']),
  ]
}

function conclusion(plan: RebalancePlan): string[] {
  if (plan.moves.length > 0) return moveLines(plan)
  if (plan.balanced) return ['The placements are balanced; no move proposed.']
  return ['The placements are uneven, but moving any community of the fullest would only turn the imbalance round; no move proposed.']
}

/**
 * What `communities:rebalance` prints: the placements' sizes now and after the moves, then the moves as
 * commands to run, or why there is none.
 *
 * @example describePlan(await proposeMoves(deps)) // 'Placement …\n\n# In this order…\nnpm run kindred -- communities:move fop eu-2   # 4.1 MB from default\n'
 */
export function describePlan(plan: RebalancePlan): string {
  return `${[...sizesTable(plan), '', ...conclusion(plan)].join('\n')}\n`
}

export const communitiesRebalance: Command = {
  summary: 'Propose the community moves that would even out the placements by size (moves nothing)',
  usage,
  async run(context, args) {
    const options = parseRebalanceArguments(args)
    if (options === undefined) {
      process.stderr.write(
        `Usage: npm run kindred -- ${usage} (PERCENT of the mean from 0 to 999, default 10; N from 1 to 999, default 20)\n`,
      )
      return 2
    }
    const { database, placements } = await openForCommunities(context, 1)
    process.stdout.write(describePlan(await proposeMoves({ db: database.db, placements }, options)))
    return 0
  },
}

import { openDatabase } from '@kindred/runtime'
import { seedNetwork, type SeedOptions, type SeedResult } from '@kindred/seed'
import { createPlacements } from '@kindred/tenancy'
import type { Command } from '../command.ts'
import { progressReporter } from '../progress.ts'

const usage = 'seed --communities N --members M --threads T --days D [--replies R] [--concurrency C]'
const required = ['communities', 'members', 'threads', 'days'] as const
const optional = ['replies', 'concurrency'] as const
type Flag = (typeof required)[number] | (typeof optional)[number]

/** `--flag value` or `--flag=value`, each flag once; the four sizes required. Undefined when anything else is given. */
export function parseSeedArguments(args: string[]): Omit<SeedOptions, 'onProgress' | 'now'> | undefined {
  const words = args.flatMap((arg) => (/^--[a-z]+=/.test(arg) ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg]))
  const values = new Map<Flag, number>()
  for (let index = 0; index < words.length; index += 2) {
    const [flag = '', value = ''] = words.slice(index, index + 2)
    const name = flag.slice(2) as Flag
    if (!flag.startsWith('--') || ![...required, ...optional].includes(name) || values.has(name) || !/^[0-9]{1,7}$/.test(value)) return undefined
    values.set(name, Number(value))
  }
  const [communities, members, threads, days] = required.map((name) => values.get(name))
  if (communities === undefined || members === undefined || threads === undefined || days === undefined) return undefined
  const replies = values.get('replies')
  const concurrency = values.get('concurrency')
  return { communities, members, threads, days, ...(replies === undefined ? {} : { replies }), ...(concurrency === undefined ? {} : { concurrency }) }
}

const count = (value: number): string => value.toLocaleString('en')

/** "Seeded 3 communities in 2.1 s: 60 members (60 accounts, 3 opted out of statistics), 30 threads, 150 posts, 112 reactions, 1 report." */
export function describeSeed(result: SeedResult): string {
  const seconds = result.elapsedMs / 1000
  const took = seconds >= 60 ? `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s` : `${seconds.toFixed(1)} s`
  return (
    `Seeded ${count(result.communities)} communities in ${took}: ${count(result.members)} members (${count(result.accounts)} accounts, ` +
    `${count(result.optedOut)} opted out of statistics), ${count(result.threads)} threads, ${count(result.posts)} posts, ` +
    `${count(result.reactions)} reactions, ${count(result.reports)} reports.`
  )
}

export const seed: Command = {
  summary: 'Build live demo communities for real rare diseases, with members and a forum, over D days',
  usage,
  async run(context, args) {
    const options = parseSeedArguments(args)
    if (options === undefined) {
      process.stderr.write(`Usage: npm run kindred -- ${usage}\n`)
      return 2
    }
    const concurrency = options.concurrency ?? 4
    const { database, url } = await openDatabase(context, { applicationName: 'kindred-cli', poolMax: concurrency + 1, migrate: true })
    // Enough connections per placement for the concurrency asked for.
    const config = { ...context.config, placements: { ...context.config.placements, poolMax: Math.max(context.config.placements.poolMax, concurrency) } }
    const placements = createPlacements({ hubUrl: url, config, applicationName: 'kindred-cli', logger: context.logger })
    context.onShutdown(() => placements.close())
    const progress = progressReporter(process.stderr, 'communities')
    try {
      const result = await seedNetwork({ db: database.db, placements, logger: context.logger }, { ...options, onProgress: (step) => progress.update(step) })
      progress.finish()
      process.stdout.write(`${describeSeed(result)}\n`)
      return 0
    } catch (error) {
      progress.finish()
      if (!(error instanceof RangeError)) throw error
      process.stderr.write(`${error.message}\n`)
      return 2
    }
  },
}

import { seedIncubator, seedNetwork, type IncubatorSeedResult, type SeedOptions, type SeedResult } from '@kindred/seed'
import { backfillStatistics } from '@kindred/statistics'
import type { Command } from '../command.ts'
import { openForCommunities } from '../connections.ts'
import { parseOptions } from '../options.ts'
import { progressReporter } from '../progress.ts'
import { describeBackfill } from './stats-backfill.ts'

const usage = 'seed [--communities N] [--members M] [--threads T] [--days D] [--replies R] [--concurrency C]'
const size = /^[0-9]{1,7}$/
// A demo network that builds in seconds and gives staff's dashboard something in every column and alert.
export const demoNetwork = { communities: 25, members: 40, threads: 10, days: 90 } as const

/** `--name value` or `--name=value`, each once; a size not given is the demo network's. Undefined when anything else is given. */
export function parseSeedArguments(args: string[]): Omit<SeedOptions, 'onProgress' | 'now'> | undefined {
  const options = parseOptions(args, { communities: size, members: size, threads: size, days: size, replies: size, concurrency: size })
  if (options === undefined) return undefined
  const { communities, members, threads, days, replies, concurrency } = options
  return {
    communities: Number(communities ?? demoNetwork.communities),
    members: Number(members ?? demoNetwork.members),
    threads: Number(threads ?? demoNetwork.threads),
    days: Number(days ?? demoNetwork.days),
    ...(replies === undefined ? {} : { replies: Number(replies) }),
    ...(concurrency === undefined ? {} : { concurrency: Number(concurrency) }),
  }
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

/** "Left 4 proposals in the incubator: 2 ready for review, …", and how to review them. */
export function describeIncubatorSeed(result: IncubatorSeedResult): string {
  const total = result.ready + result.expiring + result.changesRequested
  return (
    `Left ${count(total)} proposals in the incubator: ${count(result.ready)} ready for review, ${count(result.expiring)} ` +
    `gathering support with its window closing in 2 days, ${count(result.changesRequested)} with changes requested ` +
    `(${count(result.accounts)} more accounts).\n` +
    'To review them: sign up on the site, then `npm run kindred -- staff:grant <your email>` and open /staff/proposals.'
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
    const { database, placements } = await openForCommunities(context, concurrency)
    const progress = progressReporter(process.stderr, 'communities')
    try {
      const result = await seedNetwork(
        { db: database.db, placements, logger: context.logger },
        { ...options, onProgress: (step) => progress.update(step) },
      )
      progress.finish()
      process.stdout.write(`${describeSeed(result)}\n`)
      // The seeded days' figures, as the hourly job would compute them: staff's dashboard and charts show them at once.
      const statisticsProgress = progressReporter(process.stderr, 'communities')
      const statistics = await backfillStatistics(
        { db: database.db, placements, logger: context.logger },
        { concurrency, onProgress: (step) => statisticsProgress.update(step) },
      )
      statisticsProgress.finish()
      process.stdout.write(`${describeBackfill(statistics)}\n`)
      // Something for staff to review on a fresh network, and a community to watch go live once approved.
      const incubator = await seedIncubator(database.db, context.config.incubator)
      process.stdout.write(`${describeIncubatorSeed(incubator)}\n`)
      return 0
    } catch (error) {
      progress.finish()
      if (!(error instanceof RangeError)) throw error
      process.stderr.write(`${error.message}\n`)
      return 2
    }
  },
}

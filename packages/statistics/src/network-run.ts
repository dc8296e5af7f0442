import { utcDay, type Day } from './days.ts'
import type { StatisticsDependencies } from './dependencies.ts'
import { writeIncubatorDays } from './incubator-figures.ts'
import { writeNetworkDays } from './network-figures.ts'
import { publishStatistics } from './publication.ts'

/**
 * Rolls the network and the incubator up for every day from `from` to today, in one hub transaction, from
 * the communities' rows as they stand, and in the same transaction publishes the next day for
 * GET /v1/stats once every community live on it has finished it (`publishStatistics`). Running it again
 * writes the same figures. Returns the day it published, or null.
 *
 * @example await aggregateNetwork({ db, placements, logger }, '2025-03-01') // '2025-03-01' or null
 */
export async function aggregateNetwork(
  deps: Pick<StatisticsDependencies, 'db'>,
  from: Day,
  options: { now?: Date } = {},
): Promise<Day | null> {
  const to = utcDay(options.now ?? new Date())
  if (from > to) return null
  return deps.db.transaction().execute(async (trx) => {
    await writeNetworkDays(trx, from, to)
    await writeIncubatorDays(trx, from, to)
    return publishStatistics(trx)
  })
}

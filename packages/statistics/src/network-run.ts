import { utcDay, type Day } from './days.ts'
import type { StatisticsDependencies } from './dependencies.ts'
import { writeIncubatorDays } from './incubator-figures.ts'
import { writeNetworkDays } from './network-figures.ts'

/**
 * Rolls the network and the incubator up for every day from `from` to today, in one hub transaction, from
 * the communities' rows as they stand. Running it again writes the same figures.
 *
 * @example await aggregateNetwork({ db, placements, logger }, '2025-03-01')
 */
export async function aggregateNetwork(deps: Pick<StatisticsDependencies, 'db'>, from: Day, options: { now?: Date } = {}): Promise<void> {
  const to = utcDay(options.now ?? new Date())
  if (from > to) return
  await deps.db.transaction().execute(async (trx) => {
    await writeNetworkDays(trx, from, to)
    await writeIncubatorDays(trx, from, to)
  })
}

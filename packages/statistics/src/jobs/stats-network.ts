import { Type } from 'typebox'
import { defineJob } from '@kindred/job-definition'
import type { Day } from '../days.ts'
import type { StatisticsDependencies } from '../dependencies.ts'
import { aggregateNetwork } from '../network-run.ts'

/**
 * `stats__network`: the network's and the incubator's days from the earliest day asked for to today, and
 * the next published day once it is ready. Each community run queues it in its own transaction (so the job
 * sees its rows), five seconds later under one key and queue: the next community run postpones it, so one
 * roll-up follows the whole fan-out. Its payload is one `{from}` per run that asked, which graphile-worker
 * appends to when it replaces the waiting job, so no asked-for day is lost.
 *
 * @example await statsNetworkJob.enqueue(trx, [{ from: '2025-03-01' }])
 */
export const statsNetworkJob = defineJob({
  name: 'stats__network',
  payload: Type.Array(
    Type.Object(
      { from: Type.String({ format: 'date', title: 'YYYY-MM-DD', description: 'a day (YYYY-MM-DD)' }) },
      { additionalProperties: false },
    ),
    { minItems: 1 },
  ),
  key: () => 'stats:network',
  queue: () => 'stats:network',
  delaySeconds: 5,
  // A roll-up failing three times in a row waits for the next community run, which queues it afresh.
  maxAttempts: 3,
  run: async (deps: StatisticsDependencies, asked) => {
    const from = asked.map((entry): Day => entry.from).reduce((earliest, day) => (day < earliest ? day : earliest))
    const published = await aggregateNetwork(deps, from)
    deps.logger.info({ from, published }, 'network statistics written')
  },
})

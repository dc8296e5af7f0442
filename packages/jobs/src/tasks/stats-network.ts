import type { Task } from 'graphile-worker'
import { aggregateNetwork, parseNetworkJobPayload, type NetworkJobPayload } from '@kindred/statistics'
import type { TaskDependencies } from './dependencies.ts'

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- graphile-worker types job payloads through this global namespace
  namespace GraphileWorker {
    interface Tasks {
      /** Queued (debounced, under one key) by each community run, with the first day it wrote. */
      stats__network: NetworkJobPayload
    }
  }
}

/** `stats__network`: the network's and the incubator's days from the earliest day asked for to today, and the next published day once it is ready. */
export function statsNetworkTask(deps: TaskDependencies): Task<'stats__network'> {
  return async (payload) => {
    const from = parseNetworkJobPayload(payload)
    const published = await aggregateNetwork(deps, from)
    deps.logger.info({ from, published }, 'network statistics written')
  }
}

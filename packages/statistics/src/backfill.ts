import { describeFailure } from '@kindred/tenancy'
import { aggregateCommunity } from './community-run.ts'
import type { Day } from './days.ts'
import type { StatisticsDependencies } from './dependencies.ts'
import { aggregateNetwork } from './network-run.ts'

export interface BackfillProgress {
  /** Communities finished so far (aggregated or failed). */
  done: number
  total: number
  failed: number
}

export interface BackfillFailure {
  slug: string
  error: string
}

export interface BackfillResult {
  total: number
  aggregated: number
  failures: BackfillFailure[]
  /** The first network day rolled up again, or null when no community had a day to write. */
  networkFrom: Day | null
}

export interface BackfillOptions {
  /** The first day to compute again; unless given, each community's first day. */
  from?: Day
  /** Communities computed at once (across all placements); 4 unless given. */
  concurrency?: number
  onProgress?: (progress: BackfillProgress) => void
  now?: Date
}

interface Community {
  id: string
  slug: string
}

async function forEachConcurrently<T>(items: readonly T[], concurrency: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const lane = async (): Promise<void> => {
    for (let item = items[next++]; item !== undefined; item = items[next++]) await run(item)
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane))
}

/**
 * Computes every live community's days again, from `from` (or its first day) to today, `concurrency`
 * communities at a time, then the network's and the incubator's days from the earliest day written. Each
 * community is written in a transaction of its own: one that fails is reported and the others go on.
 *
 * @example const { failures } = await backfillStatistics(deps, { from: '2025-01-01', concurrency: 8, onProgress: draw })
 */
export async function backfillStatistics(deps: StatisticsDependencies, options: BackfillOptions = {}): Promise<BackfillResult> {
  const log = deps.logger.child({ component: 'statistics-backfill' })
  const now = options.now ?? new Date()
  const communities: Community[] = await deps.db
    .selectFrom('hub.communities')
    .select(['id', 'slug'])
    .where('status', '=', 'live')
    .orderBy('id')
    .execute()
  const result: BackfillResult = { total: communities.length, aggregated: 0, failures: [], networkFrom: null }
  let done = 0
  const backfillOne = async (community: Community): Promise<void> => {
    try {
      const run = await aggregateCommunity(deps, community.id, { now, from: options.from ?? null, queueNetwork: false })
      if (run !== undefined && run.from !== null && (result.networkFrom === null || run.from < result.networkFrom))
        result.networkFrom = run.from
      result.aggregated += 1
    } catch (error) {
      const failure = { slug: community.slug, error: describeFailure(error) }
      log.error(failure, 'statistics backfill of a community failed')
      result.failures.push(failure)
    }
    done += 1
    options.onProgress?.({ done, total: communities.length, failed: result.failures.length })
  }
  await forEachConcurrently(communities, options.concurrency ?? 4, backfillOne)
  if (result.networkFrom !== null) await aggregateNetwork(deps, result.networkFrom, { now })
  log.info({ total: result.total, aggregated: result.aggregated, failed: result.failures.length }, 'statistics backfill finished')
  return result
}

import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { HubDatabase } from '@kindred/db'

/** The time of the latest community run or network roll-up, as an expression for a query of its own or another's. */
export const lastAggregationTime: RawBuilder<Date | null> = sql<Date | null>`greatest(
  (select max(last_run_at) from hub.stats_progress), (select max(computed_at) from hub.network_daily_stats))`

/**
 * When figures were last written: the latest community run or network roll-up; null before the first.
 *
 * @example const at = await lastAggregationAt(db) // 2025-03-03T10:00:04.512Z
 */
export async function lastAggregationAt(db: Kysely<HubDatabase>): Promise<Date | null> {
  const result = await sql<{ at: Date | null }>`select ${lastAggregationTime} as at`.execute(db)
  return result.rows[0]?.at ?? null
}

import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'

/**
 * When figures were last written: the latest community run or network roll-up; null before the first.
 *
 * @example const at = await lastAggregationAt(db) // 2025-03-03T10:00:04.512Z
 */
export async function lastAggregationAt(db: Kysely<HubDatabase>): Promise<Date | null> {
  const result = await sql<{ at: Date | null }>`
    select greatest((select max(last_run_at) from hub.stats_progress), (select max(computed_at) from hub.network_daily_stats)) as at`.execute(
    db,
  )
  return result.rows[0]?.at ?? null
}

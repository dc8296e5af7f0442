import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import { computeCommunityDays, type CommunityDay } from './community-figures.ts'
import { addDays, lastCompleteDay, utcDay, type Day } from './days.ts'
import type { StatisticsDependencies } from './dependencies.ts'
import { statsNetworkJob } from './jobs/stats-network.ts'

export interface CommunityRunOptions {
  /** The moment the run stands at; now unless given. */
  now?: Date
  /**
   * Compute again from this day (or from an earlier one when the community has incomplete days before it);
   * null: from the community's first day. Unless given, from the day after its last complete day.
   */
  from?: Day | null
  /** Queue the network roll-up of the days written (the default); a backfill rolls the network up itself. */
  queueNetwork?: boolean
}

export interface CommunityRun {
  communityId: string
  /** The first day written, or null when the community has no day to write yet. */
  from: Day | null
  days: number
  completeThrough: Day
}

interface Target {
  placement: string
  schemaName: string
  createdDay: Day
  completeThrough: Day | null
}

async function findTarget(db: Kysely<HubDatabase>, communityId: string): Promise<Target | undefined> {
  return db
    .selectFrom('hub.communities as community')
    .leftJoin('hub.stats_progress as progress', 'progress.community_id', 'community.id')
    .select([
      'community.placement',
      'community.schema_name as schemaName',
      sql<Day>`(community.created_at at time zone 'UTC')::date::text`.as('createdDay'),
      sql<Day | null>`progress.complete_through::text`.as('completeThrough'),
    ])
    .where('community.id', '=', communityId)
    .where('community.status', '=', 'live')
    .executeTakeFirst()
}

// The first day to compute: the one after the last complete day, never later (a later --from would leave a
// gap behind a mark that says "complete"); null, the community's first day, when it was never aggregated.
function firstDayToCompute(target: Target, from: CommunityRunOptions['from']): Day | null {
  if (target.completeThrough === null || from === null) return null
  const next = addDays(target.completeThrough, 1)
  return from !== undefined && from < next ? from : next
}

async function writeDays(trx: Kysely<HubDatabase>, communityId: string, days: CommunityDay[]): Promise<void> {
  if (days.length === 0) return
  await sql`
    insert into hub.community_daily_stats (community_id, day, members_total, members_joined, members_left, active_members_7d,
      active_members_30d, threads, replies, reactions, open_reports, threads_answered_24h, first_reply_seconds,
      median_first_reply_seconds, pending_joins, oldest_pending_join_at, oldest_open_report_at, active_moderators_30d,
      last_moderator_action_at, has_owner, computed_at)
    select ${communityId}::bigint, day, members_total, members_joined, members_left, active_members_7d,
      active_members_30d, threads, replies, reactions, open_reports, threads_answered_24h, first_reply_seconds,
      median_first_reply_seconds, pending_joins, oldest_pending_join_at, oldest_open_report_at, active_moderators_30d,
      last_moderator_action_at, has_owner, now()
    from json_to_recordset(${JSON.stringify(days)}::json) as figures(day date, members_total int, members_joined int,
      members_left int, active_members_7d int, active_members_30d int, threads int, replies int, reactions int,
      open_reports int, threads_answered_24h int, first_reply_seconds int[], median_first_reply_seconds int,
      pending_joins int, oldest_pending_join_at timestamptz, oldest_open_report_at timestamptz, active_moderators_30d int,
      last_moderator_action_at timestamptz, has_owner boolean)
    on conflict (community_id, day) do update set
      members_total = excluded.members_total, members_joined = excluded.members_joined, members_left = excluded.members_left,
      active_members_7d = excluded.active_members_7d, active_members_30d = excluded.active_members_30d,
      threads = excluded.threads, replies = excluded.replies, reactions = excluded.reactions,
      open_reports = excluded.open_reports, threads_answered_24h = excluded.threads_answered_24h,
      first_reply_seconds = excluded.first_reply_seconds, median_first_reply_seconds = excluded.median_first_reply_seconds,
      pending_joins = excluded.pending_joins, oldest_pending_join_at = excluded.oldest_pending_join_at,
      oldest_open_report_at = excluded.oldest_open_report_at, active_moderators_30d = excluded.active_moderators_30d,
      last_moderator_action_at = excluded.last_moderator_action_at, has_owner = excluded.has_owner,
      computed_at = excluded.computed_at`.execute(trx)
}

async function markProgress(trx: Kysely<HubDatabase>, communityId: string, completeThrough: Day): Promise<void> {
  await trx
    .insertInto('hub.stats_progress')
    .values({ community_id: communityId, complete_through: completeThrough })
    .onConflict((conflict) =>
      conflict.column('community_id').doUpdateSet({
        complete_through: sql<string>`greatest(hub.stats_progress.complete_through, excluded.complete_through)`,
        last_run_at: sql<Date>`now()`,
      }),
    )
    .execute()
}

/**
 * Computes one live community's days since its last complete day up to today (today and yesterday are
 * provisional: written, and computed again by the next run) and writes them, its progress mark and the
 * request for the network's roll-up in one hub transaction: a run cut short leaves nothing of itself.
 * Running it again writes the same figures. Returns undefined for a community that is not live.
 *
 * @example await aggregateCommunity({ db, placements, logger }, '42') // { communityId: '42', from: '2025-03-01', days: 3, completeThrough: '2025-03-01' }
 */
export async function aggregateCommunity(
  deps: StatisticsDependencies,
  communityId: string,
  options: CommunityRunOptions = {},
): Promise<CommunityRun | undefined> {
  const target = await findTarget(deps.db, communityId)
  if (target === undefined) return undefined
  const now = options.now ?? new Date()
  const tenant = deps.placements.tenantDb(target)
  const days = await computeCommunityDays(tenant, {
    from: firstDayToCompute(target, options.from),
    to: utcDay(now),
    createdDay: target.createdDay,
  })
  const completeThrough = lastCompleteDay(now)
  const from = days[0]?.day ?? null
  await deps.db.transaction().execute(async (trx) => {
    await writeDays(trx, communityId, days)
    await markProgress(trx, communityId, completeThrough)
    if (from !== null && options.queueNetwork !== false) await statsNetworkJob.enqueue(trx, [{ from }])
  })
  return { communityId, from, days: days.length, completeThrough }
}

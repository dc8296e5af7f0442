import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import type { Day } from './days.ts'

/**
 * Adds the communities' rows of each day from `from` to `to` into `hub.network_daily_stats`: sums over the
 * communities with a row that day, and the median time to first reply over all their threads together (the
 * union of their reply times, not a median of medians). A day no community has a row for any more loses
 * its network row.
 */
export async function writeNetworkDays(db: Kysely<HubDatabase>, from: Day, to: Day): Promise<void> {
  await sql`
    with sums as (
      select day, count(*)::int as communities,
             sum(members_total)::int as members_total, sum(members_joined)::int as members_joined,
             sum(members_left)::int as members_left, sum(active_members_7d)::int as active_members_7d,
             sum(active_members_30d)::int as active_members_30d, sum(threads)::int as threads,
             sum(replies)::int as replies, sum(reactions)::int as reactions, sum(open_reports)::int as open_reports,
             sum(threads_answered_24h)::int as threads_answered_24h,
             sum(pending_joins)::int as pending_joins, min(oldest_pending_join_at) as oldest_pending_join_at,
             min(oldest_open_report_at) as oldest_open_report_at, sum(active_moderators_30d)::int as active_moderators_30d,
             max(last_moderator_action_at) as last_moderator_action_at, count(*) filter (where has_owner)::int as communities_with_owner
      from hub.community_daily_stats
      where day between ${from}::date and ${to}::date
      group by day
    ),
    medians as (
      select community.day, round(percentile_cont(0.5) within group (order by reply.seconds))::int as median_first_reply_seconds
      from hub.community_daily_stats as community
      cross join lateral unnest(community.first_reply_seconds) as reply(seconds)
      where community.day between ${from}::date and ${to}::date
      group by community.day
    )
    insert into hub.network_daily_stats (day, communities, members_total, members_joined, members_left, active_members_7d,
      active_members_30d, threads, replies, reactions, open_reports, threads_answered_24h, median_first_reply_seconds, pending_joins, oldest_pending_join_at, oldest_open_report_at,
      active_moderators_30d, last_moderator_action_at, communities_with_owner, computed_at)
    select sums.day, communities, members_total, members_joined, members_left, active_members_7d, active_members_30d,
           threads, replies, reactions, open_reports, threads_answered_24h, medians.median_first_reply_seconds, pending_joins,
           oldest_pending_join_at, oldest_open_report_at, active_moderators_30d, last_moderator_action_at, communities_with_owner, now()
    from sums left join medians on medians.day = sums.day
    on conflict (day) do update set
      communities = excluded.communities, members_total = excluded.members_total, members_joined = excluded.members_joined,
      members_left = excluded.members_left, active_members_7d = excluded.active_members_7d,
      active_members_30d = excluded.active_members_30d, threads = excluded.threads, replies = excluded.replies,
      reactions = excluded.reactions, open_reports = excluded.open_reports,
      threads_answered_24h = excluded.threads_answered_24h, median_first_reply_seconds = excluded.median_first_reply_seconds,
      pending_joins = excluded.pending_joins, oldest_pending_join_at = excluded.oldest_pending_join_at,
      oldest_open_report_at = excluded.oldest_open_report_at, active_moderators_30d = excluded.active_moderators_30d,
      last_moderator_action_at = excluded.last_moderator_action_at, communities_with_owner = excluded.communities_with_owner,
      computed_at = excluded.computed_at`.execute(db)
  await sql`
    delete from hub.network_daily_stats as network
    where network.day between ${from}::date and ${to}::date
      and not exists (select 1 from hub.community_daily_stats as community where community.day = network.day)`.execute(db)
}

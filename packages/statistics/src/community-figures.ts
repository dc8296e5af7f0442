import { sql } from 'kysely'
import type { DailyFigures } from '@kindred/db'
import type { TenantHandle } from '@kindred/community'
import type { Day } from './days.ts'

/** One community's figures for one UTC day, as written to `hub.community_daily_stats`. */
export type CommunityDay = Omit<DailyFigures, 'computed_at'> & { day: Day; first_reply_seconds: number[] } & HealthFigures

/** The states at a day's end staff's health dashboard reads (migrations/hub/0027). */
export interface HealthFigures {
  pending_joins: number
  oldest_pending_join_at: Date | null
  oldest_open_report_at: Date | null
  active_moderators_30d: number
  last_moderator_action_at: Date | null
  has_owner: boolean
}

export interface DayRange {
  /** The first day wanted; days before the community existed are never computed. Null: from its first day. */
  from: Day | null
  /** The last day, included. */
  to: Day
  /** The day the hub registered the community: with its first member's, the community's first day. */
  createdDay: Day
}

/**
 * Every figure of every day of `range` for one community, in one statement. Each figure is either a count of
 * what happened on the day, or a state at the day's end computed as a running sum of moves (+1 when a member
 * arrives, a report is filed or a member becomes active; -1 when they leave, it is resolved or they stop
 * being active), so that the cost grows with the tenant's rows, not with rows times days.
 *
 * Rules (docs/decisions.md, Network statistics): days are UTC; a member counts from their approval (their
 * request when the log has none) until they leave or are banned; active members are those counted in
 * statistics with a post or a "me too" in the 7 or 30 days ending with the day; posts and threads count
 * whatever became of them since (deleted, hidden, erased); a thread is answered when a member other than
 * its author replied within 24 hours, and only those first replies enter the reply times.
 *
 * Health states at a day's end: a join request waits from the member's request until the first approval or
 * refusal in the log (or their leaving); a report from its filing until resolved; active moderators are the
 * members who acted in the moderation log in the 30 days ending with the day (only moderators and owners
 * can); owner presence is the state at the run, the tenant keeping no dated history of roles. These are
 * read per day with the indexes on the log's and the reports' times, so they cost days times index probes.
 */
export async function computeCommunityDays(tenant: TenantHandle, range: DayRange): Promise<CommunityDay[]> {
  const table = (name: string) => sql.id(tenant.schema, name)
  // A subquery of a query of the tenant's handle, which runs no raw statement of its own.
  const figures = sql<CommunityDay>`(
    with bounds as (
      select greatest(${range.from}::date, least(${range.createdDay}::date,
               (select (min(joined_at) at time zone 'UTC')::date from ${table('members')}))) as first_day,
             ${range.to}::date as last_day
    ),
    period as (
      select first_day, last_day,
             first_day::timestamp at time zone 'UTC' as starts,
             (last_day + 1)::timestamp at time zone 'UTC' as ends
      from bounds
    ),
    days as (
      select first_day + n as day from period, generate_series(0, last_day - first_day) as n
    ),
    approvals as (
      select member_id, max(created_at) as approved_at from ${table('moderation_log')}
      where action = 'approve_member' and member_id is not null
      group by member_id
    ),
    memberships as (
      select greatest(m.joined_at, a.approved_at) as since, least(m.left_at, m.banned_at) as until
      from ${table('members')} as m left join approvals as a on a.member_id = m.member_id
      where m.approval = 'approved'
    ),
    acts as (
      select distinct act.member_id, (act.created_at at time zone 'UTC')::date as day
      from (
        select author_id as member_id, created_at from ${table('posts')}
        union all
        select member_id, created_at from ${table('reactions')}
      ) as act
      join ${table('members')} as m on m.member_id = act.member_id and m.counted_in_statistics
      join period on act.created_at >= period.starts - interval '30 days' and act.created_at < period.ends
    ),
    act_gaps as (
      select member_id, day, coalesce(day - lag(day) over (partition by member_id order by day), 2147483647) as gap
      from acts
    ),
    -- A member stays active for 7 (30) days after each act; acts closer than that join one stretch.
    act_stretches as (
      select member_id, day,
             sum((gap > 7)::int) over (partition by member_id order by day) as stretch_7d,
             sum((gap > 30)::int) over (partition by member_id order by day) as stretch_30d
      from act_gaps
    ),
    active_7d as (select min(day) as starts, max(day) + 7 as ends from act_stretches group by member_id, stretch_7d),
    active_30d as (select min(day) as starts, max(day) + 30 as ends from act_stretches group by member_id, stretch_30d),
    replies as (
      select post.created_at
      from (
        select created_at, row_number() over (partition by thread_id order by created_at, id) as position
        from ${table('posts')}
      ) as post
      join period on post.created_at >= period.starts and post.created_at < period.ends
      where post.position > 1
    ),
    opened as (
      select thread.id, thread.author_id, thread.created_at
      from ${table('threads')} as thread
      join period on thread.created_at >= period.starts and thread.created_at < period.ends
    ),
    first_replies as (
      select (opened.created_at at time zone 'UTC')::date as day,
             round(extract(epoch from min(post.created_at) - opened.created_at))::int as seconds
      from opened
      join ${table('posts')} as post on post.thread_id = opened.id and post.author_id <> opened.author_id
        and post.created_at >= opened.created_at and post.created_at <= opened.created_at + interval '24 hours'
      group by opened.id, opened.created_at
    ),
    join_decisions as (
      select member_id, min(created_at) as decided_at from ${table('moderation_log')}
      where action in ('approve_member', 'decline_member') and member_id is not null
      group by member_id
    ),
    join_waits as (
      select m.joined_at as since, coalesce(d.decided_at, m.left_at, m.banned_at) as until
      from ${table('members')} as m left join join_decisions as d on d.member_id = m.member_id
      where m.approval = 'pending' or d.member_id is not null
    ),
    owner_now as (
      select exists (
        select 1 from ${table('members')} where role = 'owner' and left_at is null and banned_at is null
      ) as has_owner
    ),
    health as (
      select days.day, pending.pending_joins, pending.oldest_pending_join_at, report.oldest_open_report_at,
             moderators.active_moderators_30d, moderation.last_moderator_action_at
      from days
      cross join lateral (select (days.day + 1)::timestamp at time zone 'UTC' as ends) as bound
      cross join lateral (
        select count(*)::int as pending_joins, min(since) as oldest_pending_join_at
        from join_waits where since < bound.ends and (until is null or until >= bound.ends)
      ) as pending
      cross join lateral (
        select min(created_at) as oldest_open_report_at from ${table('reports')}
        where created_at < bound.ends and (resolved_at is null or resolved_at >= bound.ends)
      ) as report
      cross join lateral (
        select count(distinct actor_id)::int as active_moderators_30d from ${table('moderation_log')}
        where actor_kind = 'member' and created_at >= bound.ends - interval '30 days' and created_at < bound.ends
      ) as moderators
      cross join lateral (
        select max(created_at) as last_moderator_action_at from ${table('moderation_log')}
        where actor_kind = 'member' and created_at < bound.ends
      ) as moderation
    ),
    answered as (
      select day, count(*)::int as threads_answered_24h,
             array_agg(seconds order by seconds) as first_reply_seconds,
             round(percentile_cont(0.5) within group (order by seconds))::int as median_first_reply_seconds
      from first_replies
      group by day
    ),
    moves (day, arrived, departed, active_7d, active_30d, reports, threads, replies, reactions) as (
      select (since at time zone 'UTC')::date, 1, 0, 0, 0, 0, 0, 0, 0 from memberships where until is null or until >= since
      union all
      select (until at time zone 'UTC')::date, 0, 1, 0, 0, 0, 0, 0, 0 from memberships where until >= since
      union all
      select starts, 0, 0, 1, 0, 0, 0, 0, 0 from active_7d
      union all
      select ends, 0, 0, -1, 0, 0, 0, 0, 0 from active_7d
      union all
      select starts, 0, 0, 0, 1, 0, 0, 0, 0 from active_30d
      union all
      select ends, 0, 0, 0, -1, 0, 0, 0, 0 from active_30d
      union all
      select (created_at at time zone 'UTC')::date, 0, 0, 0, 0, 1, 0, 0, 0 from ${table('reports')}
      union all
      select (resolved_at at time zone 'UTC')::date, 0, 0, 0, 0, -1, 0, 0, 0 from ${table('reports')} where resolved_at is not null
      union all
      select (created_at at time zone 'UTC')::date, 0, 0, 0, 0, 0, 1, 0, 0 from opened
      union all
      select (created_at at time zone 'UTC')::date, 0, 0, 0, 0, 0, 0, 1, 0 from replies
      union all
      select (reaction.created_at at time zone 'UTC')::date, 0, 0, 0, 0, 0, 0, 0, 1
      from ${table('reactions')} as reaction
      join period on reaction.created_at >= period.starts and reaction.created_at < period.ends
    ),
    daily as (
      select day, sum(arrived) as arrived, sum(departed) as departed, sum(active_7d) as active_7d, sum(active_30d) as active_30d,
             sum(reports) as reports, sum(threads) as threads, sum(replies) as replies, sum(reactions) as reactions
      from moves join period on moves.day <= period.last_day
      group by day
    ),
    -- States at a day's end add up every move until then, including those before the first day computed.
    running as (
      select calendar.day,
             coalesce(daily.arrived, 0) as arrived, coalesce(daily.departed, 0) as departed,
             coalesce(daily.threads, 0) as threads, coalesce(daily.replies, 0) as replies, coalesce(daily.reactions, 0) as reactions,
             sum(coalesce(daily.arrived, 0) - coalesce(daily.departed, 0)) over by_day as members_total,
             sum(coalesce(daily.active_7d, 0)) over by_day as active_7d,
             sum(coalesce(daily.active_30d, 0)) over by_day as active_30d,
             sum(coalesce(daily.reports, 0)) over by_day as open_reports
      from (select day from days union select day from daily) as calendar
      left join daily on daily.day = calendar.day
      window by_day as (order by calendar.day)
    )
    select days.day::text as day,
           running.members_total::int as members_total,
           running.arrived::int as members_joined,
           running.departed::int as members_left,
           running.active_7d::int as active_members_7d,
           running.active_30d::int as active_members_30d,
           running.threads::int as threads,
           running.replies::int as replies,
           running.reactions::int as reactions,
           running.open_reports::int as open_reports,
           coalesce(answered.threads_answered_24h, 0) as threads_answered_24h,
           coalesce(answered.first_reply_seconds, '{}') as first_reply_seconds,
           answered.median_first_reply_seconds,
           health.pending_joins,
           health.oldest_pending_join_at,
           health.oldest_open_report_at,
           health.active_moderators_30d,
           health.last_moderator_action_at,
           owner_now.has_owner
    from days
    join running on running.day = days.day
    join health on health.day = days.day
    cross join owner_now
    left join answered on answered.day = days.day
  )`
  return tenant.query.selectFrom(figures.as('figures')).selectAll().orderBy('day').execute()
}

import { sql, type Kysely } from 'kysely'
import type { HubDatabase } from '@kindred/db'
import type { Day } from './days.ts'

/**
 * The incubator as it stood at the end of each day from `from` to `to`, into `hub.incubator_daily_stats`:
 * proposals by status (each proposal's last recorded move by then, `open` before any), the median days
 * from proposal to launch of the communities live by then, and the median supporters of the proposals
 * still gathering support (open or ready) counting the supports given by then. Supports withdrawn since
 * are gone from the hub, so past days count only supports that are still there.
 */
export async function writeIncubatorDays(db: Kysely<HubDatabase>, from: Day, to: Day): Promise<void> {
  await sql`
    with days as (
      select ${from}::date + n as day, (${from}::date + n + 1)::timestamp at time zone 'UTC' as ends
      from generate_series(0, ${to}::date - ${from}::date) as n
    ),
    statuses as (
      select days.day, days.ends, proposal.id, coalesce(last_move.to_status, 'open') as status
      from days
      join hub.proposals as proposal on proposal.created_at < days.ends
      left join lateral (
        select event.to_status from hub.proposal_events as event
        where event.proposal_id = proposal.id and event.created_at < days.ends
        order by event.id desc limit 1
      ) as last_move on true
    ),
    by_status as (
      select day, jsonb_object_agg(status, proposals) as proposals_by_status
      from (select day, status, count(*)::int as proposals from statuses group by day, status) as counted
      group by day
    ),
    launches as (
      select days.day,
             round(percentile_cont(0.5) within group (order by extract(epoch from community.live_at - proposal.created_at) / 86400)::numeric, 1) as median_days
      from days
      join hub.communities as community on community.live_at < days.ends
      join hub.proposals as proposal on proposal.id = community.proposal_id
      group by days.day
    ),
    open_support as (
      select statuses.day, (
        select count(*) from hub.proposal_supports as support
        where support.proposal_id = statuses.id and support.created_at < statuses.ends
      ) as supporters
      from statuses
      where statuses.status in ('open', 'ready')
    ),
    supporters as (
      select day, round(percentile_cont(0.5) within group (order by supporters)::numeric, 1) as median_supporters
      from open_support
      group by day
    )
    insert into hub.incubator_daily_stats (day, proposals_by_status, median_days_to_launch, median_supporters_per_proposal, computed_at)
    select days.day, coalesce(by_status.proposals_by_status, '{}'), launches.median_days, supporters.median_supporters, now()
    from days
    left join by_status on by_status.day = days.day
    left join launches on launches.day = days.day
    left join supporters on supporters.day = days.day
    on conflict (day) do update set
      proposals_by_status = excluded.proposals_by_status, median_days_to_launch = excluded.median_days_to_launch,
      median_supporters_per_proposal = excluded.median_supporters_per_proposal, computed_at = excluded.computed_at`.execute(db)
}

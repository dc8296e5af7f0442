-- The staff dashboard's line of each community (packages/statistics, health/network-health.ts): its latest
-- roll-up row (today's, provisional) and its activity over the 30 days ending with its progress mark, kept in
-- one narrow row so that the dashboard reads a thousand rows, not a thousand index probes, 30 days and a
-- median each. It changes only when a statistics run marks the community's progress, so that is when it is
-- written: by a trigger on stats_progress, in the run's own transaction (after the days it wrote).
create table :SCHEMA.community_health_lines (
  community_id bigint primary key references :SCHEMA.communities (id) on delete cascade,
  figures_day date,
  members integer,
  active_members_7d integer,
  active_members_30d integer,
  open_reports integer,
  oldest_open_report_at timestamptz,
  pending_joins integer,
  oldest_pending_join_at timestamptz,
  active_moderators_30d integer,
  last_moderator_action_at timestamptz,
  has_owner boolean,
  -- Threads opened and replies posted in the 30 complete days, the share of those threads answered within
  -- 24 hours (null without threads) and the median first reply over them.
  threads integer,
  replies integer,
  answered_share double precision,
  median_first_reply_seconds integer
);

create function :SCHEMA.write_community_health_line(community bigint) returns void language sql as $$
  insert into :SCHEMA.community_health_lines
  select community, latest.day, latest.members_total, latest.active_members_7d, latest.active_members_30d,
         latest.open_reports, latest.oldest_open_report_at, latest.pending_joins, latest.oldest_pending_join_at,
         latest.active_moderators_30d, latest.last_moderator_action_at, latest.has_owner,
         recent.threads, recent.replies,
         case when recent.threads > 0 then round(recent.answered::numeric / recent.threads, 4)::float8 end,
         recent.median
  from (select 1) as one
  left join lateral (
    select * from :SCHEMA.community_daily_stats as s where s.community_id = community order by s.day desc limit 1
  ) as latest on true
  left join :SCHEMA.stats_progress as progress on progress.community_id = community
  left join lateral (
    select sum(s.threads)::int as threads, sum(s.replies)::int as replies, sum(s.threads_answered_24h)::int as answered,
           (select round(percentile_cont(0.5) within group (order by r.seconds))::int
            from :SCHEMA.community_daily_stats as m cross join lateral unnest(m.first_reply_seconds) as r(seconds)
            where m.community_id = community and m.day between progress.complete_through - 29 and progress.complete_through) as median
    from :SCHEMA.community_daily_stats as s
    where s.community_id = community and s.day between progress.complete_through - 29 and progress.complete_through
  ) as recent on progress.community_id is not null
  on conflict (community_id) do update set
    figures_day = excluded.figures_day, members = excluded.members, active_members_7d = excluded.active_members_7d,
    active_members_30d = excluded.active_members_30d, open_reports = excluded.open_reports,
    oldest_open_report_at = excluded.oldest_open_report_at, pending_joins = excluded.pending_joins,
    oldest_pending_join_at = excluded.oldest_pending_join_at, active_moderators_30d = excluded.active_moderators_30d,
    last_moderator_action_at = excluded.last_moderator_action_at, has_owner = excluded.has_owner,
    threads = excluded.threads, replies = excluded.replies, answered_share = excluded.answered_share,
    median_first_reply_seconds = excluded.median_first_reply_seconds
$$;

create function :SCHEMA.write_community_health_line_on_progress() returns trigger language plpgsql as $$
begin
  perform :SCHEMA.write_community_health_line(new.community_id);
  return null;
end
$$;

create trigger stats_progress_health_line after insert or update on :SCHEMA.stats_progress
  for each row execute function :SCHEMA.write_community_health_line_on_progress();

select :SCHEMA.write_community_health_line(community_id) from :SCHEMA.stats_progress;

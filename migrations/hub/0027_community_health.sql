-- The network health dashboard (staff console): what each community's day adds for staff to see where to
-- look. States at the day's end, computed from the tenant like the others (packages/statistics,
-- community-figures.ts). Ages are kept as the moment the oldest item started waiting, so that the dashboard
-- reads its age at the time it is shown and a series at each day's end.
alter table :SCHEMA.community_daily_stats
  -- Join requests waiting for a moderator's decision, and the request time of the oldest of them.
  add column pending_joins integer not null default 0 check (pending_joins >= 0),
  add column oldest_pending_join_at timestamptz,
  -- The filing time of the oldest report still open (open_reports counts them).
  add column oldest_open_report_at timestamptz,
  -- Moderators and owners who took a moderation action in the 30 days ending with this day, and the time of
  -- the latest action a member (not staff, not Kindred itself) took up to the day's end.
  add column active_moderators_30d integer not null default 0 check (active_moderators_30d >= 0),
  add column last_moderator_action_at timestamptz,
  -- Whether a member who has not left and is not banned was owner; the tenant keeps no dated history of
  -- roles, so a run records the state it finds (days already complete never change).
  add column has_owner boolean not null default true;

-- The network's day adds the same up: waiting items and active moderators summed, the oldest waits and the
-- latest action over every community, and how many communities had an owner.
alter table :SCHEMA.network_daily_stats
  add column pending_joins integer not null default 0 check (pending_joins >= 0),
  add column oldest_pending_join_at timestamptz,
  add column oldest_open_report_at timestamptz,
  add column active_moderators_30d integer not null default 0 check (active_moderators_30d >= 0),
  add column last_moderator_action_at timestamptz,
  add column communities_with_owner integer not null default 0 check (communities_with_owner >= 0);

-- Network statistics: roll-ups written by background jobs from every community's tenant, so that no request
-- ever scans a tenant schema. Days are UTC calendar days. A community's run writes all its days and moves
-- its progress mark in one transaction: a run cut short leaves no partial day behind.

-- One row per community per day. Counts of the day (joined, left, threads, replies, reactions) and states at
-- the day's end (members, active members, open reports). Activity leaves out members who opted out of being
-- counted; member totals do not.
create table :SCHEMA.community_daily_stats (
  community_id bigint not null references :SCHEMA.communities (id) on delete cascade,
  day date not null,
  members_total integer not null check (members_total >= 0),
  members_joined integer not null check (members_joined >= 0),
  members_left integer not null check (members_left >= 0),
  -- Distinct members who posted, replied or reacted in the 7 and 30 days ending with this day.
  active_members_7d integer not null check (active_members_7d >= 0),
  active_members_30d integer not null check (active_members_30d >= 0),
  threads integer not null check (threads >= 0),
  replies integer not null check (replies >= 0),
  reactions integer not null check (reactions >= 0),
  open_reports integer not null check (open_reports >= 0),
  -- Of the threads opened this day, those another member replied to within 24 hours, and the seconds to
  -- each of those first replies (so a complete day never changes): the network's median is taken over these.
  threads_answered_24h integer not null check (threads_answered_24h between 0 and threads),
  first_reply_seconds integer[] not null default '{}',
  median_first_reply_seconds integer,
  computed_at timestamptz not null default now(),
  primary key (community_id, day)
);

create index community_daily_stats_day_idx on :SCHEMA.community_daily_stats (day);

-- How far each community's figures are complete: every day up to and including complete_through.
create table :SCHEMA.stats_progress (
  community_id bigint primary key references :SCHEMA.communities (id) on delete cascade,
  complete_through date not null,
  last_run_at timestamptz not null default now()
);

-- The whole network per day: the communities' figures added up, and the median over all their threads.
create table :SCHEMA.network_daily_stats (
  day date primary key,
  communities integer not null check (communities >= 0),
  members_total integer not null check (members_total >= 0),
  members_joined integer not null check (members_joined >= 0),
  members_left integer not null check (members_left >= 0),
  active_members_7d integer not null check (active_members_7d >= 0),
  active_members_30d integer not null check (active_members_30d >= 0),
  threads integer not null check (threads >= 0),
  replies integer not null check (replies >= 0),
  reactions integer not null check (reactions >= 0),
  open_reports integer not null check (open_reports >= 0),
  threads_answered_24h integer not null check (threads_answered_24h >= 0),
  median_first_reply_seconds integer,
  computed_at timestamptz not null default now()
);

-- The incubator as it stood at the end of each day: proposals by status, the median days from proposal to
-- launch of the communities launched so far, and supporters per open proposal.
create table :SCHEMA.incubator_daily_stats (
  day date primary key,
  proposals_by_status jsonb not null,
  median_days_to_launch numeric,
  median_supporters_per_proposal numeric,
  computed_at timestamptz not null default now()
);

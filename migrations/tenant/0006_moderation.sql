-- replaces checksum 20a9389c02b1678ac5e2992d99c333a7d84fc873982b17ba6254f54944875a2e (this file before its column constraints were named, for Citus)
-- Moderation: join approval, reports of posts and messages, and the log of every moderation action.

-- A member who asked to join a community with join approval on waits as 'pending' until a moderator
-- approves or declines (the reason is in the moderation log). Members from before this are approved.
alter table :SCHEMA.members
  add column approval text not null default 'approved' constraint members_approval_check check (approval in ('pending', 'approved', 'declined'));
create index members_pending_idx on :SCHEMA.members (joined_at, member_id) where approval = 'pending';

-- A member's report of a post or of a message they received, open until a moderator resolves it. One open
-- report per member per target: reporting again while it is open changes nothing.
create table :SCHEMA.reports (
  id bigint generated always as identity primary key,
  reporter_id uuid not null references :SCHEMA.members (member_id),
  post_id bigint references :SCHEMA.posts (id),
  message_id bigint references :SCHEMA.messages (id),
  reason text not null check (length(reason) between 1 and 2000),
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolved_by uuid references :SCHEMA.members (member_id),
  resolution text check (resolution in ('hidden', 'dismissed')),
  check (num_nonnulls(post_id, message_id) = 1),
  check ((resolved_at is null) = (resolution is null))
);

create unique index reports_open_post_key on :SCHEMA.reports (reporter_id, post_id) where resolved_at is null and post_id is not null;
create unique index reports_open_message_key on :SCHEMA.reports (reporter_id, message_id) where resolved_at is null and message_id is not null;
create index reports_open_idx on :SCHEMA.reports (created_at, id) where resolved_at is null;
-- Open reports on a given day, for network statistics.
create index reports_created_idx on :SCHEMA.reports (created_at);

-- Who did what to whom, why and when. The actor is a member (moderator or owner) or null for network staff
-- acting from the hub; targets are whichever of post, thread, member and report the action concerns.
create table :SCHEMA.moderation_log (
  id bigint generated always as identity primary key,
  actor_id uuid references :SCHEMA.members (member_id),
  action text not null check (action in (
    'hide_post', 'restore_post', 'lock_thread', 'unlock_thread', 'ban_member', 'unban_member',
    'approve_member', 'decline_member', 'appoint_moderator', 'remove_moderator', 'dismiss_report',
    'change_settings'
  )),
  post_id bigint references :SCHEMA.posts (id),
  thread_id bigint references :SCHEMA.threads (id),
  member_id uuid references :SCHEMA.members (member_id),
  report_id bigint references :SCHEMA.reports (id),
  reason text check (length(reason) <= 2000),
  created_at timestamptz not null default now()
);

create index moderation_log_created_idx on :SCHEMA.moderation_log (created_at desc, id desc);

-- What members are told of, and how. Everything here is the community's own: the member id is pairwise,
-- and which account (and address) a member is lives in the hub only.

-- How each member wants each kind of notification: immediately by mail, in a daily or weekly digest, or
-- not at all; a null column is the kind's default (see @kindred/notifications). `include_text` opts in to
-- the post's text in mail, which otherwise names the community and the thread only.
create table :SCHEMA.notification_preferences (
  member_id uuid primary key references :SCHEMA.members (member_id),
  reply text check (reply in ('immediately', 'daily', 'weekly', 'off')),
  mention text check (mention in ('immediately', 'daily', 'weekly', 'off')),
  message text check (message in ('immediately', 'daily', 'weekly', 'off')),
  join_decision text check (join_decision in ('immediately', 'daily', 'weekly', 'off')),
  moderation text check (moderation in ('immediately', 'daily', 'weekly', 'off')),
  include_text boolean not null default false
);

-- A member's choice for one thread or one category: 'watching' (told of every reply) or 'muted' (told of
-- none). Without a row, a member watches the threads they started or replied to.
create table :SCHEMA.thread_follows (
  member_id uuid not null references :SCHEMA.members (member_id),
  thread_id bigint not null references :SCHEMA.threads (id),
  level text not null check (level in ('watching', 'muted')),
  primary key (member_id, thread_id)
);

create index thread_follows_thread_idx on :SCHEMA.thread_follows (thread_id, level);

create table :SCHEMA.category_follows (
  member_id uuid not null references :SCHEMA.members (member_id),
  category_id bigint not null references :SCHEMA.categories (id),
  level text not null check (level in ('watching', 'muted')),
  primary key (member_id, category_id)
);

create index category_follows_category_idx on :SCHEMA.category_follows (category_id, level);

-- One row per member told of one thing: listed on the site with unread marks, mailed by the member's
-- choice. Unique per member, kind and post, so a fan-out run twice tells nobody twice.
create table :SCHEMA.notifications (
  id bigint generated always as identity primary key,
  member_id uuid not null references :SCHEMA.members (member_id),
  kind text not null check (kind in ('reply', 'mention', 'message', 'join_decision', 'moderation')),
  thread_id bigint references :SCHEMA.threads (id),
  post_id bigint references :SCHEMA.posts (id),
  created_at timestamptz not null default now(),
  read_at timestamptz,
  unique (member_id, kind, post_id)
);

create index notifications_member_idx on :SCHEMA.notifications (member_id, id desc);
create index notifications_unread_idx on :SCHEMA.notifications (member_id) where read_at is null;

-- Posts no one has been told of yet: written by a trigger in the transaction of the post itself, taken
-- (and deleted) by the fan-out. A queue rather than a "last post read" mark, because post ids are drawn
-- before commit: a post drawn earlier can commit after a later one has been read, and would be skipped.
create table :SCHEMA.post_notices (
  post_id bigint primary key references :SCHEMA.posts (id) on delete cascade
);

create function :SCHEMA.queue_post_notice() returns trigger language plpgsql as $$
begin
  insert into :SCHEMA.post_notices (post_id) values (new.id);
  return null;
end
$$;

create trigger posts_noticed after insert on :SCHEMA.posts
  for each row execute function :SCHEMA.queue_post_notice();

-- A community's own settings, full-text search over its posts, and direct messages between its members.

-- One row per community. Search configurations are PostgreSQL text search configurations matching the
-- community's languages (set at provisioning; `simple` where PostgreSQL has none for a language). Joining
-- needs a moderator's approval unless the community turns it off.
create table :SCHEMA.settings (
  singleton boolean primary key default true check (singleton),
  search_configs text[] not null default '{simple}' check (cardinality(search_configs) between 1 and 8),
  join_approval boolean not null default true,
  updated_at timestamptz not null default now()
);

insert into :SCHEMA.settings default values;

-- Written with the post, from its markdown (and the thread's title for an opening post), in every search
-- configuration of the community; null once the body is gone (deleted, erased).
alter table :SCHEMA.posts add column search_vector tsvector;
update :SCHEMA.posts set search_vector = to_tsvector('simple', body_markdown) where deleted_at is null;
create index posts_search_idx on :SCHEMA.posts using gin (search_vector);

-- Direct messages between two members of the community. The sender may delete their message (its body
-- goes); moderators may hide a reported one.
create table :SCHEMA.messages (
  id bigint generated always as identity primary key,
  sender_id uuid not null references :SCHEMA.members (member_id),
  recipient_id uuid not null references :SCHEMA.members (member_id),
  body_markdown text not null check (length(body_markdown) <= 20000),
  body_html text not null,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  hidden_at timestamptz,
  deleted_at timestamptz,
  check (sender_id <> recipient_id)
);

-- A conversation (the pair, whichever way round), newest first; a member's inbox and sent messages.
create index messages_pair_idx on :SCHEMA.messages
  (least(sender_id, recipient_id), greatest(sender_id, recipient_id), created_at desc, id desc);
create index messages_recipient_idx on :SCHEMA.messages (recipient_id, created_at desc, id desc);
create index messages_sender_idx on :SCHEMA.messages (sender_id, created_at desc, id desc);

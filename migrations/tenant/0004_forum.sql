-- The forum: threads in categories, posts in threads (the opening post is a post too), the edit history of
-- posts and "me too" reactions. Authors are members (pairwise ids), never accounts. Nothing is deleted
-- outright while a thread depends on it: a deleted or erased post keeps its place with its body replaced,
-- so replies and quotes around it still make sense.

create table :SCHEMA.threads (
  id bigint generated always as identity primary key,
  category_id bigint not null references :SCHEMA.categories (id),
  author_id uuid not null references :SCHEMA.members (member_id),
  title text not null check (length(title) between 1 and 200),
  created_at timestamptz not null default now(),
  last_activity_at timestamptz not null default now(),
  reply_count integer not null default 0 check (reply_count >= 0),
  locked_at timestamptz,
  hidden_at timestamptz,
  deleted_at timestamptz
);

-- Keyset pagination by latest activity, for the whole forum and for one category.
create index threads_activity_idx on :SCHEMA.threads (last_activity_at desc, id desc);
create index threads_category_activity_idx on :SCHEMA.threads (category_id, last_activity_at desc, id desc);
create index threads_author_idx on :SCHEMA.threads (author_id);

-- body_html is rendered from body_markdown when written (safe subset, see @kindred/forum), never on read.
create table :SCHEMA.posts (
  id bigint generated always as identity primary key,
  thread_id bigint not null references :SCHEMA.threads (id),
  author_id uuid not null references :SCHEMA.members (member_id),
  body_markdown text not null check (length(body_markdown) <= 20000),
  body_html text not null,
  me_too_count integer not null default 0 check (me_too_count >= 0),
  created_at timestamptz not null default now(),
  edited_at timestamptz,
  hidden_at timestamptz,
  deleted_at timestamptz
);

-- Replies of a thread in order, a page at a time; a member's posts for export and erasure.
create index posts_thread_idx on :SCHEMA.posts (thread_id, created_at, id);
create index posts_author_idx on :SCHEMA.posts (author_id);

-- Earlier bodies of an edited post, for moderators. Deleted with the post's body (deletion, erasure).
create table :SCHEMA.post_edits (
  id bigint generated always as identity primary key,
  post_id bigint not null references :SCHEMA.posts (id) on delete cascade,
  previous_markdown text not null,
  edited_at timestamptz not null default now()
);

create index post_edits_post_idx on :SCHEMA.post_edits (post_id, edited_at, id);

-- "Me too": one per member per post; posts.me_too_count is kept in step in the same transaction.
create table :SCHEMA.reactions (
  post_id bigint not null references :SCHEMA.posts (id) on delete cascade,
  member_id uuid not null references :SCHEMA.members (member_id),
  created_at timestamptz not null default now(),
  primary key (post_id, member_id)
);

create index reactions_member_idx on :SCHEMA.reactions (member_id);

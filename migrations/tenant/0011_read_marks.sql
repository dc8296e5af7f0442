-- What each member has read of each thread: the last post they were shown, and when the mark last moved.
-- One row per member and thread, written by a single upsert when a thread page shows posts beyond the
-- mark, and only ever moved forward (a page read again, or an earlier page, leaves it where it is). Posts
-- after the mark, by others and visible, are the thread's unread posts; a thread without a row is unread
-- from its opening post. Post ids follow posting order, so "after the mark" is `id > post_id`.
create table :SCHEMA.read_marks (
  member_id uuid not null references :SCHEMA.members (member_id),
  thread_id bigint not null references :SCHEMA.threads (id),
  post_id bigint not null references :SCHEMA.posts (id),
  read_at timestamptz not null default now(),
  primary key (member_id, thread_id)
);

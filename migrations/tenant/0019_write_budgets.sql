-- What each member has spent of their forum write budgets (posts, threads) in the current fixed window.
-- A write counts itself here, in its own statement, and writes nothing once a budget is exceeded: the
-- budget costs no round trip of its own to the hub. One row per member and budget, so the table never
-- outgrows the membership and needs no pruning: a window that has ended starts again at the next write.
create table :SCHEMA.write_budgets (
  member_id uuid not null references :SCHEMA.members (member_id),
  family text not null check (family in ('posts', 'threads')),
  window_ends_at timestamptz not null,
  hits integer not null check (hits >= 0),
  primary key (member_id, family)
);

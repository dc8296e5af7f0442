-- Statistics runs asked for by staff ("refresh now", POST /v1/admin/stats/refresh): one row per request, so
-- the answer has something to follow. A run's progress is read from the roll-ups it moves, not stored: the
-- live communities whose stats_progress.last_run_at is at or after requested_at are done, and the run is
-- over once the network's roll-up was written after it too. Who asked goes when their account does.
create table :SCHEMA.stats_runs (
  id bigint generated always as identity primary key,
  requested_at timestamptz not null default now(),
  requested_by uuid references :SCHEMA.accounts (id) on delete set null
);

-- Which graphile-worker workers are alive. A worker process killed outright (SIGKILL, out of memory, a lost
-- machine) leaves its jobs locked, and graphile-worker frees such jobs only after four hours. Each process
-- records its workers here every few seconds, and any process frees the jobs of workers gone silent.
create table :SCHEMA.worker_heartbeats (
  worker_id text primary key,
  seen_at timestamptz not null default now()
);

-- Fixed-window request counters shared by every hub process, so limits hold behind a load balancer.
-- Keys are SHA-256 hashes: a key may be built from an email address or an IP.
create table :SCHEMA.rate_limits (
  key_hash bytea primary key,
  window_ends_at timestamptz not null,
  hits integer not null
);

create index rate_limits_window_ends_at_idx on :SCHEMA.rate_limits (window_ends_at);

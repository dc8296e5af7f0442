-- Versions of the network charter; the highest version is the one in force. Members accept a version
-- when they join a community and again when a new one is published.
create table :SCHEMA.charters (
  version integer primary key check (version > 0),
  text text not null check (length(text) between 1 and 100000),
  published_at timestamptz not null default now(),
  published_by uuid references :SCHEMA.accounts (id) on delete set null
);

-- What a community starts with: the network charter it was founded under, and its forum categories.

-- The network charter as published by the hub, copied in so a community keeps the text its members
-- accepted even if the hub is unreachable. New versions are copied in as they are published.
create table :SCHEMA.charter (
  version integer primary key check (version >= 1),
  text text not null,
  published_at timestamptz not null,
  copied_at timestamptz not null default now()
);

-- Forum categories, in display order. The slug is stable (links); name and description can change.
create table :SCHEMA.categories (
  id bigint generated always as identity primary key,
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$'),
  name text not null check (length(name) between 1 and 80),
  description text not null default '' check (length(description) <= 500),
  position integer not null check (position >= 0),
  created_at timestamptz not null default now()
);

create index categories_position_idx on :SCHEMA.categories (position, id);

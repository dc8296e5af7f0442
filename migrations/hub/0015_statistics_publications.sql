-- Published statistics: GET /v1/stats serves the latest day recorded here, and nothing else. A day is
-- published once, when every community live on it has finished it, and a publication is never changed:
-- two answers about the same day are the same answer, so no difference between them can reveal a count
-- that either suppresses (docs/decisions.md, "a published day is immutable").

-- One row per published day: when it was published.
create table :SCHEMA.stats_publications (
  day date primary key,
  published_at timestamptz not null default now()
);

-- The communities of a published day, as they were when it was published: their slug and name, their
-- figures of the day (null when they had none complete for it, such as a community launched since) and
-- their sums over the 365 days ending with it. Later runs, backfills, archiving, restoring or renaming
-- change the roll-ups and the communities, never these rows. No foreign key to the community: a
-- publication records what was shown, whatever becomes of the community.
create table :SCHEMA.stats_publication_figures (
  day date not null references :SCHEMA.stats_publications (day),
  community_id bigint not null,
  slug text not null,
  name text not null,
  members_total integer check (members_total >= 0),
  active_members_30d integer check (active_members_30d >= 0),
  threads integer check (threads >= 0),
  -- Days of the 365 the community had figures for (0: it is listed without 12-month figures).
  year_days integer not null check (year_days between 0 and 365),
  year_members_joined integer not null check (year_members_joined >= 0),
  year_threads integer not null check (year_threads >= 0),
  primary key (day, community_id)
);

-- What was published stays published: the database refuses to change or remove it, whoever asks. Taking
-- a publication back is a deliberate operator's act (dropping these triggers), never a side effect.
create function :SCHEMA.refuse_publication_change() returns trigger language plpgsql as $$
begin
  raise exception 'published statistics never change (% on %)', tg_op, tg_table_name
    using hint = 'a published day is immutable: see docs/decisions.md';
end
$$;

create trigger stats_publications_immutable before update or delete or truncate on :SCHEMA.stats_publications
  for each statement execute function :SCHEMA.refuse_publication_change();
create trigger stats_publication_figures_immutable before update or delete or truncate on :SCHEMA.stats_publication_figures
  for each statement execute function :SCHEMA.refuse_publication_change();

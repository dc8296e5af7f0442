-- The incubator and the community registry. A proposal gathers support, is reviewed by staff, and once
-- approved becomes a community whose tenant schema a background job provisions. `communities` replaces
-- the bare tenant registry of 0001: every tenant schema belongs to exactly one community.
create extension if not exists pg_trgm with schema :SCHEMA;

drop table :SCHEMA.tenants;

-- `disease_key` is the disease name normalised by the application (diacritics removed, lower case,
-- punctuation to single spaces): the key for exact duplicates and for trigram similarity.
create table :SCHEMA.proposals (
  id uuid primary key,
  founder_id uuid references :SCHEMA.accounts (id) on delete set null,
  disease_name text not null check (length(disease_name) between 2 and 200),
  disease_key text not null,
  orpha_code text check (orpha_code ~ '^ORPHA:[0-9]{1,7}$'),
  prevalence_class text not null default 'unknown'
    check (prevalence_class in ('lt_1_per_1m', '1_9_per_1m', '1_9_per_100k', '1_5_per_10k', 'unknown')),
  slug text not null check (slug ~ '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$'),
  summary text not null,
  languages text[] not null check (cardinality(languages) between 1 and 10),
  founder_statement text not null,
  status text not null default 'open'
    check (status in ('open', 'ready', 'changes_requested', 'approved', 'provisioning', 'live',
                      'declined', 'withdrawn', 'expired')),
  -- Supporters must arrive before this time or a scheduled job expires the proposal.
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- While a proposal is on its way to a community, its slug, Orphanet code and disease are taken.
create unique index proposals_pending_slug_key on :SCHEMA.proposals (slug)
  where status in ('open', 'ready', 'changes_requested', 'approved', 'provisioning');
create unique index proposals_pending_orpha_key on :SCHEMA.proposals (orpha_code)
  where orpha_code is not null and status in ('open', 'ready', 'changes_requested', 'approved', 'provisioning');
create unique index proposals_pending_disease_key on :SCHEMA.proposals (disease_key)
  where status in ('open', 'ready', 'changes_requested', 'approved', 'provisioning');
create index proposals_disease_trgm_idx on :SCHEMA.proposals using gist (disease_key :SCHEMA.gist_trgm_ops);
create index proposals_status_created_idx on :SCHEMA.proposals (status, created_at desc, id);
create index proposals_founder_idx on :SCHEMA.proposals (founder_id);

-- One support per account and proposal, as a future member or as a volunteer moderator.
create table :SCHEMA.proposal_supports (
  proposal_id uuid not null references :SCHEMA.proposals (id) on delete cascade,
  account_id uuid not null references :SCHEMA.accounts (id) on delete cascade,
  support_as text not null check (support_as in ('member', 'moderator')),
  created_at timestamptz not null default now(),
  primary key (proposal_id, account_id)
);

create index proposal_supports_account_idx on :SCHEMA.proposal_supports (account_id);

-- The audit trail of a proposal: every status change, who made it (null: the system), when and why.
create table :SCHEMA.proposal_events (
  id bigint generated always as identity primary key,
  proposal_id uuid not null references :SCHEMA.proposals (id) on delete cascade,
  from_status text,
  to_status text not null,
  actor_id uuid references :SCHEMA.accounts (id) on delete set null,
  reason text,
  created_at timestamptz not null default now()
);

create index proposal_events_proposal_idx on :SCHEMA.proposal_events (proposal_id, id);

-- A community and its tenant. The schema name is derived from the id, never from user input.
-- `migration_version` caches the last tenant migration applied so a rollout can skip current tenants
-- without opening their schema (the tenant's own schema_migrations table stays the source of truth).
create table :SCHEMA.communities (
  id bigint generated always as identity primary key,
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$'),
  proposal_id uuid unique references :SCHEMA.proposals (id) on delete set null,
  name text not null,
  disease_name text not null,
  disease_key text not null,
  orpha_code text check (orpha_code ~ '^ORPHA:[0-9]{1,7}$'),
  prevalence_class text not null default 'unknown',
  languages text[] not null,
  description text not null,
  status text not null default 'provisioning'
    check (status in ('provisioning', 'live', 'provisioning_failed', 'archived')),
  placement text not null default 'default',
  schema_name text not null unique generated always as ('tenant_' || id) stored,
  migration_version text,
  provisioning_error text,
  created_at timestamptz not null default now(),
  live_at timestamptz,
  archived_at timestamptz
);

create unique index communities_orpha_key on :SCHEMA.communities (orpha_code) where orpha_code is not null;
create unique index communities_disease_key on :SCHEMA.communities (disease_key);
create index communities_disease_trgm_idx on :SCHEMA.communities using gist (disease_key :SCHEMA.gist_trgm_ops);
create index communities_placement_idx on :SCHEMA.communities (placement);

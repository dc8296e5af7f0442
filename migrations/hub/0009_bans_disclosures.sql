-- Network-wide bans and industry-relationship disclosures.
-- A banned account cannot sign in, and the ban ends its sessions through `sessions_valid_after`.
alter table :SCHEMA.accounts add column banned_at timestamptz;

-- Every ban and unban: who, why, by whom, when. Rows outlive an erased account without naming it.
create table :SCHEMA.account_bans (
  id bigint generated always as identity primary key,
  account_id uuid references :SCHEMA.accounts (id) on delete set null,
  action text not null check (action in ('ban', 'unban')),
  reason text not null check (length(reason) between 1 and 2000),
  acted_by uuid references :SCHEMA.accounts (id) on delete set null,
  acted_at timestamptz not null default now()
);

create index account_bans_account_idx on :SCHEMA.account_bans (account_id, acted_at);

-- An account's industry relationships, replaced as a whole by the account. Communities show them next to
-- the member's posts through the member's pairwise id, never with the account's identity.
create table :SCHEMA.disclosures (
  account_id uuid not null references :SCHEMA.accounts (id) on delete cascade,
  position smallint not null check (position between 0 and 19),
  organisation text not null check (length(organisation) between 1 and 200),
  nature text not null check (nature in ('employment', 'consulting', 'advisory_board', 'speaker_fees',
                                         'research_funding', 'travel_support', 'shares', 'other')),
  since date,
  primary key (account_id, position)
);

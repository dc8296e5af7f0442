-- Who belongs to which community, and who was invited to join one. The hub keeps the link between an
-- account and its pairwise member id; a tenant only ever sees the member id (see tenant/0001_members).
create table :SCHEMA.memberships (
  account_id uuid not null references :SCHEMA.accounts (id) on delete cascade,
  community_id bigint not null references :SCHEMA.communities (id) on delete cascade,
  -- Pairwise: random per account per community, so no two communities can link their members.
  member_id uuid not null unique,
  joined_at timestamptz not null default now(),
  primary key (account_id, community_id)
);

create index memberships_community_idx on :SCHEMA.memberships (community_id);

-- Supporters of a proposal are invited once its community is live; they join (or not) themselves.
create table :SCHEMA.community_invitations (
  community_id bigint not null references :SCHEMA.communities (id) on delete cascade,
  account_id uuid not null references :SCHEMA.accounts (id) on delete cascade,
  invited_at timestamptz not null default now(),
  primary key (community_id, account_id)
);

create index community_invitations_account_idx on :SCHEMA.community_invitations (account_id);

-- The audit trail of a community after it exists: staff archiving and restoring it, retrying its
-- provisioning, and the system recording a failed provisioning. Actor null: the system or an operator.
create table :SCHEMA.community_events (
  id bigint generated always as identity primary key,
  community_id bigint not null references :SCHEMA.communities (id) on delete cascade,
  action text not null check (action in ('archive', 'restore', 'provisioning_retry', 'provisioning_failed')),
  actor_id uuid references :SCHEMA.accounts (id) on delete set null,
  reason text check (length(reason) <= 2000),
  created_at timestamptz not null default now()
);

create index community_events_community_idx on :SCHEMA.community_events (community_id, id);

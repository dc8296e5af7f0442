-- A community's members. The member id is pairwise (random per account per community): a tenant never
-- stores the account id, email or display name, so no two tenants can be linked through it.
create table :SCHEMA.members (
  member_id uuid primary key,
  pseudonym text not null,
  role text not null default 'member' check (role in ('member', 'moderator', 'owner')),
  joined_at timestamptz not null default now()
);

create unique index members_pseudonym_key on :SCHEMA.members (lower(pseudonym));

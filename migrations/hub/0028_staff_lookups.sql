-- What network staff looked into inside a community, and why: reading a reported post through the console,
-- or finding the account behind a member's pseudonym. The tenant's moderation log tells its moderators
-- that "network staff" read a post; only the hub knows which staff member did, and only the hub can link a
-- pseudonym to a person, so both are recorded here with the staff member, the reason and the time. Rows
-- outlive an erased staff account without naming it.
create table :SCHEMA.staff_lookups (
  id bigint generated always as identity primary key,
  staff_id uuid references :SCHEMA.accounts (id) on delete set null,
  community_id bigint not null references :SCHEMA.communities (id) on delete cascade,
  kind text not null check (kind in ('read_post', 'find_member')),
  -- The post read, or the member whose account was looked up.
  subject text not null check (length(subject) between 1 and 200),
  reason text not null check (length(reason) between 1 and 2000),
  created_at timestamptz not null default now()
);

create index staff_lookups_community_idx on :SCHEMA.staff_lookups (community_id, created_at);
create index staff_lookups_staff_idx on :SCHEMA.staff_lookups (staff_id, created_at);

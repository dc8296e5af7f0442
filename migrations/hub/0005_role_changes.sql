-- Every grant and revocation of a network role: who, what, by whom, when. `changed_by` is null for a
-- change made by an operator from the command line. Rows outlive an erased account without naming it.
create table :SCHEMA.role_changes (
  id bigint generated always as identity primary key,
  account_id uuid references :SCHEMA.accounts (id) on delete set null,
  role text not null check (role in ('staff', 'industry', 'health_professional')),
  change text not null check (change in ('grant', 'revoke')),
  changed_by uuid references :SCHEMA.accounts (id) on delete set null,
  changed_at timestamptz not null default now()
);

create index role_changes_account_idx on :SCHEMA.role_changes (account_id, changed_at);

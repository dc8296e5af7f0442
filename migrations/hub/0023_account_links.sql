-- The single-use links Kindred mails to an account: confirming an address (`verify_email`, with the address
-- it confirms, so a link to an address since replaced confirms nothing) and choosing a new password
-- (`reset_password`). Only the token's SHA-256 is kept; a link works once (`used_at`) and until it expires.
-- An account's links go with it.
create table :SCHEMA.account_links (
  id uuid primary key,
  account_id uuid not null references :SCHEMA.accounts (id) on delete cascade,
  purpose text not null check (purpose in ('verify_email', 'reset_password')),
  token_hash bytea not null unique,
  email text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  check ((purpose = 'verify_email') = (email is not null))
);

create index account_links_account_id_idx on :SCHEMA.account_links (account_id, purpose);
create index account_links_expires_at_idx on :SCHEMA.account_links (expires_at);

-- Null until the account proves it receives mail at its address; set back to null when the address changes.
alter table :SCHEMA.accounts add column email_verified_at timestamptz;

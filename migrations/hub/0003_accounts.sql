-- Accounts of the hub, the network's identity provider. Emails are stored normalised (trimmed, NFKC,
-- lower case) so uniqueness is case-insensitive without an extension. `sessions_valid_after` ends every
-- session at once: a refresh token or access token issued before it is refused.
create table :SCHEMA.accounts (
  id uuid primary key,
  email text not null,
  display_name text not null,
  password_hash text not null,
  roles text[] not null default '{}' check (roles <@ array['staff', 'industry', 'health_professional']),
  sessions_valid_after timestamptz not null default now(),
  created_at timestamptz not null default now()
);

create unique index accounts_email_key on :SCHEMA.accounts (email);

-- Refresh tokens are stored only as SHA-256 hashes. Each login starts a family; every refresh marks the
-- presented token used and issues the next one in the same family. A used token presented again means it
-- was stolen (or replayed), and the whole family is revoked.
create table :SCHEMA.refresh_tokens (
  id uuid primary key,
  family_id uuid not null,
  account_id uuid not null references :SCHEMA.accounts (id) on delete cascade,
  token_hash bytea not null unique,
  issued_at timestamptz not null default now(),
  family_expires_at timestamptz not null,
  used_at timestamptz,
  revoked_at timestamptz
);

create index refresh_tokens_family_idx on :SCHEMA.refresh_tokens (family_id);
create index refresh_tokens_account_idx on :SCHEMA.refresh_tokens (account_id);

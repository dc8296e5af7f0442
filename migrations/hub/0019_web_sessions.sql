-- Browser sessions of the web site: the browser holds an opaque random token in an httpOnly cookie, never a
-- JWT; the hub keeps only the token's SHA-256. A session ends when its row goes (signing out, the account
-- erased) or when the account ends all its sessions (`accounts.sessions_valid_after`: a password change, a
-- ban, an erasure), which the hubs' session validity cache hears as it commits (hub/0014).
create table :SCHEMA.web_sessions (
  id uuid primary key,
  token_hash bytea not null unique,
  account_id uuid not null references :SCHEMA.accounts (id) on delete cascade,
  issued_at timestamptz not null,
  expires_at timestamptz not null
);

create index web_sessions_account_id_idx on :SCHEMA.web_sessions (account_id);
create index web_sessions_expires_at_idx on :SCHEMA.web_sessions (expires_at);

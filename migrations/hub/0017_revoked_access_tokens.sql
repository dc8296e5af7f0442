-- Access tokens revoked one by one: signing out refuses the access token it was sent with, on every hub,
-- not only the session's refresh token. A row is kept until its token has expired (and a minute beyond the
-- verifiers' clock tolerance), then deleted by the account's next revocation or with the account.
-- Tokens ended in bulk (password change, ban, erasure) need no rows: `accounts.sessions_valid_after` does.
create table :SCHEMA.revoked_access_tokens (
  account_id uuid not null references :SCHEMA.accounts (id) on delete cascade,
  -- The token's `jti`, as signed by the hub.
  jti text not null,
  expires_at timestamptz not null,
  revoked_at timestamptz not null default now(),
  primary key (account_id, jti)
);

-- Every hub keeps each account's revoked tokens with its not-before time (the session validity cache) and
-- forgets them when the account is named on the channel of hub/0014: a revocation is heard at its commit.
create trigger revoked_access_tokens_changed after insert on :SCHEMA.revoked_access_tokens
  for each row execute function :SCHEMA.notify_account_change();

-- The incubator's news listed on the site (issue 16): what its mail tells an account (a founder, of their
-- proposal's review, readiness, approval, launch and coming expiry; a supporter, that the community they
-- supported went live) is also listed on the notifications page with unread marks, whatever the account's
-- mail choice. Written in the transaction that queues the mail, at the same moments.
-- `occasion` is what the mail's key names (the history entry of the move, or the end of the support
-- window): a row is written once per occasion, whatever runs twice.
-- An account's news goes with it, and a proposal's with the proposal.
create table :SCHEMA.proposal_news (
  id bigint generated always as identity primary key,
  account_id uuid not null references :SCHEMA.accounts (id) on delete cascade,
  proposal_id uuid not null references :SCHEMA.proposals (id) on delete cascade,
  kind text not null check (kind in ('changes_requested', 'ready', 'approved', 'live', 'expiring', 'supported_live')),
  occasion text not null,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  unique (account_id, proposal_id, kind, occasion)
);

-- An account's latest, and how many it has not read.
create index proposal_news_account_idx on :SCHEMA.proposal_news (account_id, id desc);
create index proposal_news_unread_idx on :SCHEMA.proposal_news (account_id) where read_at is null;
-- Deleting a proposal (cascade) finds its news.
create index proposal_news_proposal_idx on :SCHEMA.proposal_news (proposal_id);

-- One row per message to one recipient (`key`, e.g. `email_verification:<request id>`), written by the mail
-- jobs around the SMTP hand-over: 'sending' just before it, 'sent' as soon as the server accepted. A retried
-- job finds its key 'sent' and sends nothing, so a message is not sent twice after a crash, except when the
-- crash falls between the server's acceptance and this row's update (one round trip). Neither the address
-- nor the message is kept: only which account was written to, about what, and when.
create table :SCHEMA.mail_deliveries (
  key text primary key check (length(key) between 3 and 200),
  account_id uuid references :SCHEMA.accounts (id) on delete cascade,
  kind text not null check (kind ~ '^[a-z]+(_[a-z]+)*$'),
  state text not null check (state in ('sending', 'sent', 'dropped')),
  attempts integer not null default 1 check (attempts >= 1),
  started_at timestamptz not null default now(),
  finished_at timestamptz
);

create index mail_deliveries_account_id_idx on :SCHEMA.mail_deliveries (account_id);
create index mail_deliveries_finished_at_idx on :SCHEMA.mail_deliveries (finished_at);

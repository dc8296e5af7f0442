-- The incubator's mail (issue 16): a founder hears of their proposal's review, readiness, approval, launch
-- and coming expiry; a supporter hears that the community they supported went live. That mail is not about
-- any one community, so its choice is the account's own: `incubator_mail`, on unless the account turns it
-- off (on the account page, or with the one-click link in each message).
-- `mail_link_id` is what that link names instead of the account's id, which must not travel in addresses
-- that end up forwarded, bookmarked or in logs: random, and of no use beyond this one choice.
alter table :SCHEMA.accounts
  add column incubator_mail boolean not null default true,
  add column mail_link_id uuid not null default gen_random_uuid();

create unique index accounts_mail_link_id_key on :SCHEMA.accounts (mail_link_id);

-- The end of the support window a reminder was queued for (null: none yet): the hourly job reminds a
-- founder once per window, and a window given afresh (changes requested) earns a reminder of its own.
alter table :SCHEMA.proposals add column expiry_reminded_for timestamptz;

-- replaces checksum fa5df6ee144558c0e0dff9263c489b12386df31a5b7c9d51f4726789ea776d90 (this file before its column constraints were named, for Citus)
-- Ownership changes hands without leaving a community ownerless: an owner offers it to one of the
-- community's moderators, who accepts or declines; network staff appoint an owner from the hub; and when
-- the last owner's account is erased or banned from the network, the longest-serving moderator takes over.

-- One open offer at a time (the partial unique index), until it is accepted, declined, withdrawn by the
-- owner, or lapses because ownership changed some other way or its moderator stopped moderating. Closed
-- offers stay, beside the moderation log, as the record of what was offered to whom.
create table :SCHEMA.ownership_offers (
  id bigint generated always as identity primary key,
  offered_by uuid not null references :SCHEMA.members (member_id),
  offered_to uuid not null references :SCHEMA.members (member_id),
  reason text check (length(reason) between 1 and 2000),
  created_at timestamptz not null default now(),
  closed_at timestamptz,
  outcome text check (outcome in ('accepted', 'declined', 'withdrawn', 'lapsed')),
  check ((closed_at is null) = (outcome is null)),
  check (offered_by <> offered_to)
);

create unique index ownership_offers_open_key on :SCHEMA.ownership_offers ((true)) where closed_at is null;

-- Who acted: a member (actor_id), network staff from the hub, or Kindred itself when it hands ownership on
-- after the last owner's account was erased or banned. Only a member is named; entries from before this
-- without an actor were staff's, as the actor column's comment in tenant/0006 says.
alter table :SCHEMA.moderation_log
  add column actor_kind text not null default 'member' constraint moderation_log_actor_kind_check check (actor_kind in ('member', 'staff', 'automatic'));
update :SCHEMA.moderation_log set actor_kind = 'staff' where actor_id is null;
alter table :SCHEMA.moderation_log add constraint moderation_log_actor_named_check check (actor_kind = 'member' or actor_id is null);

-- A moderator's service is read from the log (their latest appoint_moderator, else their joining at
-- provisioning), so the log is searched by member when ownership passes to the longest-serving one.
create index moderation_log_member_idx on :SCHEMA.moderation_log (member_id, action, created_at) where member_id is not null;

alter table :SCHEMA.moderation_log drop constraint moderation_log_action_check;
alter table :SCHEMA.moderation_log add constraint moderation_log_action_check check (action in (
  'hide_post', 'restore_post', 'hide_message', 'restore_message', 'lock_thread', 'unlock_thread',
  'ban_member', 'unban_member', 'approve_member', 'decline_member', 'appoint_moderator', 'remove_moderator',
  'dismiss_report', 'change_settings',
  'offer_ownership', 'withdraw_ownership_offer', 'decline_ownership', 'accept_ownership', 'appoint_owner', 'remove_owner'
));

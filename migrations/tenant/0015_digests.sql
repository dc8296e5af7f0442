-- replaces checksum b610c46a6386966479837e3b7037075301426d7a4722b46171e0c710d8f77a0a (this file before its column constraints were named, for Citus)
-- Digests (daily or weekly mail, one per member across their communities): whether a member hears of new
-- threads and unanswered questions in this community, and how often. Null is the default (weekly, see
-- @kindred/notifications); the notifications of each kind go in a digest by their own cadence (0013).
alter table :SCHEMA.notification_preferences
  add column digest text constraint notification_preferences_digest_check check (digest in ('daily', 'weekly', 'off'));

-- The digest reads the threads opened in its period, from the newest back.
create index threads_created_idx on :SCHEMA.threads (created_at desc, id desc);

-- Digests (daily or weekly mail, one per member across their communities): whether a member hears of new
-- threads and unanswered questions in this community, and how often. Null is the default (weekly, see
-- @kindred/notifications); the notifications of each kind go in a digest by their own cadence (0013).
alter table :SCHEMA.notification_preferences
  add column digest text check (digest in ('daily', 'weekly', 'off'));

-- The digest reads the threads opened in its period, from the newest back.
create index threads_created_idx on :SCHEMA.threads (created_at desc, id desc);

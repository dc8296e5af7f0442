-- replaces checksum aef9b8de98bd1b6ed1e52abbf58afa88d3f4768d1b15e3d8c202eadbfed59944 (this file before its column constraints were named, for Citus)
-- Moderators hide a reported direct message as they hide a post (messages.hidden_at, tenant/0005), and
-- restore it; the log names the message.
alter table :SCHEMA.moderation_log add column message_id bigint constraint moderation_log_message_id_fkey references :SCHEMA.messages (id);

alter table :SCHEMA.moderation_log drop constraint moderation_log_action_check;
alter table :SCHEMA.moderation_log add constraint moderation_log_action_check check (action in (
  'hide_post', 'restore_post', 'hide_message', 'restore_message', 'lock_thread', 'unlock_thread',
  'ban_member', 'unban_member', 'approve_member', 'decline_member', 'appoint_moderator', 'remove_moderator',
  'dismiss_report', 'change_settings'
));

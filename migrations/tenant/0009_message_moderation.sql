-- Moderators hide a reported direct message as they hide a post (messages.hidden_at, tenant/0005), and
-- restore it; the log names the message.
alter table :SCHEMA.moderation_log add column message_id bigint references :SCHEMA.messages (id);

alter table :SCHEMA.moderation_log drop constraint moderation_log_action_check;
alter table :SCHEMA.moderation_log add constraint moderation_log_action_check check (action in (
  'hide_post', 'restore_post', 'hide_message', 'restore_message', 'lock_thread', 'unlock_thread',
  'ban_member', 'unban_member', 'approve_member', 'decline_member', 'appoint_moderator', 'remove_moderator',
  'dismiss_report', 'change_settings'
));

-- Network staff read a reported post through the staff console: the moderation log records it (actor kind
-- 'staff', never named; the hub's staff_lookups say who), so the community's moderators see who looked in.
alter table :SCHEMA.moderation_log drop constraint moderation_log_action_check;
alter table :SCHEMA.moderation_log add constraint moderation_log_action_check check (action in (
  'hide_post', 'restore_post', 'hide_message', 'restore_message', 'lock_thread', 'unlock_thread',
  'ban_member', 'unban_member', 'approve_member', 'decline_member', 'appoint_moderator', 'remove_moderator',
  'dismiss_report', 'change_settings',
  'offer_ownership', 'withdraw_ownership_offer', 'decline_ownership', 'accept_ownership', 'appoint_owner', 'remove_owner',
  'staff_read_post'
));

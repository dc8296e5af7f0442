-- What the tenant's triggers did is done by the code that makes each change, in its transaction
-- (@kindred/community's notices, the forum's post statements): queueing new posts for the fan-out,
-- telling of messages, requests to join, decisions and reports, and announcing member changes to the hubs.
-- Citus refuses triggers on distributed tables, and a NOTIFY sent on a worker node reaches no hub.
drop trigger members_changed on :SCHEMA.members;
drop trigger members_join_notified on :SCHEMA.members;
drop trigger posts_noticed on :SCHEMA.posts;
drop trigger notifications_noticed on :SCHEMA.notifications;
drop trigger messages_notified on :SCHEMA.messages;
drop trigger messages_settled on :SCHEMA.messages;
drop trigger reports_notified on :SCHEMA.reports;
drop trigger reports_settled on :SCHEMA.reports;

drop function :SCHEMA.notify_member_change();
drop function :SCHEMA.notify_join();
drop function :SCHEMA.notify_moderators(uuid, uuid, bigint);
drop function :SCHEMA.queue_post_notice();
drop function :SCHEMA.queue_notification_notice();
drop function :SCHEMA.notify_message();
drop function :SCHEMA.settle_message();
drop function :SCHEMA.notify_report();
drop function :SCHEMA.settle_report();

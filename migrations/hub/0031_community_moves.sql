-- A community moved from one placement to another (communities:move, or staff): its history records the
-- move, who asked for it and from where to where (the reason).
alter table :SCHEMA.community_events drop constraint community_events_action_check;
alter table :SCHEMA.community_events add constraint community_events_action_check check (action in (
  'archive', 'restore', 'provisioning_retry', 'provisioning_failed', 'owner_needed', 'owner_appointed', 'move'
));

-- A community whose last owner's account was erased or banned from the network, with no moderator left to
-- take over, waits for network staff to appoint an owner. The hub cannot read every tenant to find such
-- communities, so the community is flagged here, where staff list communities, until an owner is appointed.
alter table :SCHEMA.communities add column needs_owner_since timestamptz;
create index communities_needs_owner_idx on :SCHEMA.communities (id) where needs_owner_since is not null;

-- The community's history records the flag and staff's appointment of an owner (with the staff member and
-- the reason; the tenant's moderation log says "network staff" only).
alter table :SCHEMA.community_events drop constraint community_events_action_check;
alter table :SCHEMA.community_events add constraint community_events_action_check check (action in (
  'archive', 'restore', 'provisioning_retry', 'provisioning_failed', 'owner_needed', 'owner_appointed'
));

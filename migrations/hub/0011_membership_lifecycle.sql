-- A member who leaves keeps the link between account and pairwise member id, marked as left: the
-- account's export and erasure must still reach what it wrote there, and rejoining restores the same
-- member (with the same community ban, if any).
alter table :SCHEMA.memberships add column left_at timestamptz;

-- Set when the account asked to be erased: it can no longer sign in, and a background job removes it
-- (anonymising it in every community first). The row itself is the job's to-do list until then.
alter table :SCHEMA.accounts add column erasure_requested_at timestamptz;

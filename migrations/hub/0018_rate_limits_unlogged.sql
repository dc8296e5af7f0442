-- Counting a hit was a second durable commit on every write a member makes (a post, a reply, a "me too"),
-- with its own WAL flush: the post's commit and the counter's queued on the same disk. A counter is not
-- data anyone would miss: after a crash the table comes back empty and every window starts again, which
-- at worst lets a client spend one budget twice. Unlogged, a hit writes no WAL and waits for no flush.
-- A standby holds no unlogged rows either, so after a failover the windows also start again.
alter table :SCHEMA.rate_limits set unlogged;

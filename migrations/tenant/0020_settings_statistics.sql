-- A community's settings are one row, which autovacuum never analyses (it waits for 50 changed rows).
-- Without statistics the planner took the table for ten pages (1,160 rows), so a post's search vector,
-- computed over the settings' search configurations, was costed as 11,600 text searches. Opening a
-- thread then looked cheaper custom-planned than generic, and PostgreSQL planned its prepared statement
-- again on every execution (0.4 ms of planning for 0.3 ms of work). Analysed, the one row costs as one.
analyze :SCHEMA.settings;

-- Counting a filtered list of time entries (totalDocs) at millions of rows.
--
-- "Unbilled since a date" (status, optionally with a date range) had no index: its count read the whole
-- table (a parallel seq scan of 10 M rows, 2.7 s); with this index it is an index-only scan of the matching
-- entries. The date filter alone already has time_entries_date (organization_id, date).
CREATE INDEX time_entries_status_date ON time_entries (organization_id, status, date);

-- An index-only scan skips the heap only for pages the visibility map marks all-visible, and only VACUUM
-- marks them. time_entries grows by appends: with the defaults autovacuum visits it after 20 % new rows
-- (2 M at 10 M), and every page written since is read from the heap by every count. Visit it after 1 %
-- (or 10,000 rows), and re-analyze as often so the planner's estimates (count=estimate) stay current.
ALTER TABLE time_entries SET (
    autovacuum_vacuum_insert_scale_factor = 0.01,
    autovacuum_vacuum_insert_threshold = 10000,
    autovacuum_vacuum_scale_factor = 0.02,
    autovacuum_analyze_scale_factor = 0.02
);

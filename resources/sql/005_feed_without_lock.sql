-- Oblik migration 5: the sync feed without a global write lock on PostgreSQL (docs/architecture.md,
-- "Sync feed"). Until now every write transaction took the row lock of sync_state and held it until
-- its commit (fsync included), so all writers of a supplier ran one after the other.
--
-- Now each change of a reading also records the writing transaction: xact = pg_current_xact_id() on
-- PostgreSQL, and its revision comes from a sequence (no lock). The feed is ordered by
-- (xact, revision) and hands out only rows whose xact is below the reader's snapshot xmin: every
-- transaction that can still commit has an id >= xmin, so nothing can later appear before a position
-- a reader has passed. SQLite has one writer at a time: xact stays 0 there and revisions still come
-- from sync_state, which commits in revision order.
ALTER TABLE readings ADD COLUMN xact BIGINT NOT NULL DEFAULT 0;
CREATE INDEX readings_feed ON readings(xact, revision);
DROP INDEX readings_revision;
--postgresql: CREATE SEQUENCE reading_revision;
--postgresql: SELECT setval('reading_revision', GREATEST(revision, 1), revision > 0) FROM sync_state WHERE id = 1;

-- Oblik migration 7: what a bill run chunk reads costs what the chunk holds, not what the tables hold
-- (docs/billing.md, "Bill run", performance). The sub-consumers of a chunk's points are found through
-- metering_points.parent_id: without an index every chunk read the whole metering_points table
-- (a sequential scan and a hash join per chunk on PostgreSQL, 0.2 s per chunk at 200,000 accounts and
-- growing with the table), so a bill run took time proportional to accounts x table size.
CREATE INDEX metering_points_parent ON metering_points(parent_id);

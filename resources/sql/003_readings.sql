-- Oblik migration 3: readings entry and the sync feed (issue 4, docs/readings-contract.md).
-- Every change of a reading bumps its version (optimistic concurrency: a stale write gets 409) and
-- takes the next revision from the single row of sync_state. The UPDATE of that row holds its row
-- lock until the writing transaction commits, so revisions commit in their order on PostgreSQL too
-- and a reader following the feed never sees a gap fill in later (a sequence would not promise that).
ALTER TABLE readings ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE readings ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;
ALTER TABLE readings ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE readings ADD COLUMN rejection_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE readings ADD COLUMN override_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE readings ADD COLUMN updated_by BIGINT;
CREATE INDEX readings_revision ON readings(revision);
CREATE INDEX readings_state_period ON readings(state, period);

CREATE TABLE sync_state (
  id INTEGER PRIMARY KEY,
  revision BIGINT NOT NULL
);
INSERT INTO sync_state (id, revision) VALUES (1, 0);

-- The first answer to each (user, Idempotency-Key): a repeat gets it back and writes nothing.
CREATE TABLE idempotency (
  user_id BIGINT NOT NULL REFERENCES users(id),
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, key)
);

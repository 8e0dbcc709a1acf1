-- Oblik migration 4: public holidays per supplier, and readings windows longer than 10 working days.
-- A readings window (shared/domain/readings.h) counts working days: Monday to Friday except the
-- supplier's non-working days listed here (oblik-server holidays ... manages them). Under martial law
-- Ukraine's public holidays are working days, so the table may stay empty.
CREATE TABLE holidays (
  supplier_id BIGINT NOT NULL REFERENCES suppliers(id),
  day TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (supplier_id, day)
);

-- window_working_days was limited to 1..10; some contracts (the demo's, and consumers who read
-- their meters on their own schedule) keep the window open for the whole month. SQLite cannot alter
-- a CHECK, so the column is replaced (a column's own CHECK goes with it on both drivers).
ALTER TABLE contracts ADD COLUMN window_days INTEGER NOT NULL DEFAULT 3
  CHECK (window_days BETWEEN 1 AND 60);
UPDATE contracts SET window_days = window_working_days;
ALTER TABLE contracts DROP COLUMN window_working_days;
ALTER TABLE contracts RENAME COLUMN window_days TO window_working_days;

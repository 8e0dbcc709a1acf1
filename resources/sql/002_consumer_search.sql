-- Oblik migration 2: a case-folded copy of each consumer's name, for case-insensitive search.
-- SQLite's lower() and LIKE fold ASCII letters only, and PostgreSQL's depend on the database's
-- locale (none of them fold Cyrillic under "C"), so the store writes QString::toCaseFolded() of the
-- name here (store/sqlsupport.h, foldForSearch) and searches it with LIKE on both drivers.
ALTER TABLE consumers ADD COLUMN name_folded TEXT NOT NULL DEFAULT '';

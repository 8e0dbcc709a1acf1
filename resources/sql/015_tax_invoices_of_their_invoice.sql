-- Oblik migration 15: a tax invoice is read from its invoice (docs/billing.md, "Tax invoices read from
-- their invoice (session 11)"). Every tax invoice repeated its invoice: the number ('PN-' and the
-- invoice's number), the date, net, VAT and gross, and as the corrected tax invoice the one of the
-- invoice its invoice corrects. A planned advance has none (it is not a supply). A bill run wrote the
-- copy for every invoice: a ninth of the writer's time.
--
-- `tax_invoices` stays, as a view with the same columns. A tax invoice's id is now its invoice's id:
-- the documents that refer to one are renumbered here, in the same transaction.
--
-- oblik:rebuilds-tables (SQLite: documents is rebuilt to refer to invoices; the migrator turns the
-- foreign keys off around this migration and checks them all before it commits.)

-- Nothing stored may be lost: every stored tax invoice must be exactly what the view gives, and no
-- invoice may have two. Otherwise the migration stops, and `oblik-server check-ledger` of the previous
-- version names the rows. (An invoice written without one, which only a hand-made row could be, gets
-- its tax invoice from the view.)
CREATE TEMPORARY TABLE migration_15_check (
  differing BIGINT NOT NULL CONSTRAINT tax_invoices_that_differ_from_their_invoice CHECK (differing = 0)
);
INSERT INTO migration_15_check
SELECT (SELECT COUNT(*) FROM tax_invoices t
        LEFT JOIN invoices i ON i.id = t.invoice_id
        LEFT JOIN tax_invoices ct ON ct.id = t.corrects_tax_invoice_id
        WHERE i.id IS NULL OR i.type = 'planned_advance' OR t.number <> 'PN-' || i.number
           OR t.date <> i.date OR t.net_kopecks <> i.net_kopecks OR t.vat_kopecks <> i.vat_kopecks
           OR t.gross_kopecks <> i.gross_kopecks
           OR (t.corrects_tax_invoice_id IS NULL) <> (i.corrects_invoice_id IS NULL
               OR NOT EXISTS (SELECT 1 FROM invoices c WHERE c.id = i.corrects_invoice_id
                              AND c.type <> 'planned_advance'))
           OR ct.invoice_id <> i.corrects_invoice_id)
     + (SELECT COUNT(*) FROM invoices i
        WHERE (SELECT COUNT(*) FROM tax_invoices t WHERE t.invoice_id = i.id) > 1);
DROP TABLE migration_15_check;

-- PostgreSQL: documents keep their foreign key, to invoices now.
--postgresql: ALTER TABLE documents DROP CONSTRAINT documents_tax_invoice_id_fkey;
--postgresql: UPDATE documents d SET tax_invoice_id = t.invoice_id FROM tax_invoices t
--postgresql:  WHERE t.id = d.tax_invoice_id AND d.tax_invoice_id <> t.invoice_id;
--postgresql: DROP TABLE tax_invoices;
--postgresql: DROP FUNCTION oblik_tax_invoices_refs_exist();
--postgresql: DROP FUNCTION oblik_tax_invoices_lock_referrers();
--postgresql: DROP FUNCTION oblik_tax_invoices_not_referred();
--postgresql: DROP FUNCTION oblik_tax_invoices_truncated();

-- SQLite: a constraint cannot be changed in place; documents is made again (the documented way:
-- create, copy, drop, rename), with its high-water mark and its index.
--sqlite: CREATE TABLE documents_new (
--sqlite:   id INTEGER PRIMARY KEY AUTOINCREMENT,
--sqlite:   account_id BIGINT NOT NULL REFERENCES accounts(id),
--sqlite:   kind TEXT NOT NULL CHECK (kind IN ('invoice_package', 'tax_invoice', 'readings_act')),
--sqlite:   invoice_id BIGINT REFERENCES invoices(id),
--sqlite:   tax_invoice_id BIGINT REFERENCES invoices(id),
--sqlite:   period INTEGER NOT NULL,
--sqlite:   number TEXT NOT NULL,
--sqlite:   language TEXT NOT NULL,
--sqlite:   created_at BIGINT NOT NULL,
--sqlite:   sha256 TEXT NOT NULL,
--sqlite:   size BIGINT NOT NULL,
--sqlite:   pages INTEGER NOT NULL,
--sqlite:   content BLOB NOT NULL,
--sqlite:   signature_status TEXT NOT NULL DEFAULT 'unsigned',
--sqlite:   UNIQUE (kind, account_id, period, number, language)
--sqlite: );
--sqlite: INSERT INTO documents_new (id, account_id, kind, invoice_id, tax_invoice_id, period, number, language,
--sqlite:     created_at, sha256, size, pages, content, signature_status)
--sqlite:   SELECT d.id, d.account_id, d.kind, d.invoice_id,
--sqlite:     CASE WHEN d.tax_invoice_id IS NULL THEN NULL
--sqlite:          ELSE COALESCE((SELECT t.invoice_id FROM tax_invoices t WHERE t.id = d.tax_invoice_id), -1) END,
--sqlite:     d.period, d.number, d.language, d.created_at, d.sha256, d.size, d.pages, d.content, d.signature_status
--sqlite:   FROM documents d ORDER BY d.id;
--sqlite: INSERT INTO sqlite_sequence (name, seq) SELECT 'documents_new', seq FROM sqlite_sequence WHERE name = 'documents'
--sqlite:   AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'documents_new');
--sqlite: UPDATE sqlite_sequence SET seq = MAX(seq, COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'documents'), 0))
--sqlite:   WHERE name = 'documents_new';
--sqlite: DROP TABLE documents;
--sqlite: ALTER TABLE documents_new RENAME TO documents;
--sqlite: CREATE INDEX documents_account ON documents(account_id, period);
--sqlite: DROP TABLE tax_invoices;

CREATE VIEW tax_invoices AS
SELECT i.id AS id, i.id AS invoice_id, 'PN-' || i.number AS number, i.date AS date,
  i.net_kopecks AS net_kopecks, i.vat_kopecks AS vat_kopecks, i.gross_kopecks AS gross_kopecks,
  CASE WHEN c.type <> 'planned_advance' THEN c.id END AS corrects_tax_invoice_id
FROM invoices i LEFT JOIN invoices c ON c.id = i.corrects_invoice_id
WHERE i.type <> 'planned_advance';

--postgresql: ALTER TABLE documents ADD CONSTRAINT documents_tax_invoice_id_fkey
--postgresql:   FOREIGN KEY (tax_invoice_id) REFERENCES invoices(id);

-- The checks that deleting or truncating invoices runs no longer look at tax invoices (they go with
-- their invoice; documents refer to invoices with a foreign key of their own).
--postgresql: CREATE OR REPLACE FUNCTION oblik_invoices_lock_referrers() RETURNS trigger LANGUAGE plpgsql AS $fn$
--postgresql: BEGIN
--postgresql:   IF current_setting('transaction_isolation') <> 'read committed' THEN
--postgresql:     RAISE EXCEPTION 'deleting rows of table "invoices" needs the READ COMMITTED isolation level'
--postgresql:       USING ERRCODE = 'feature_not_supported', TABLE = 'invoices',
--postgresql:             HINT = 'Its references are checked per statement (migration 10).';
--postgresql:   END IF;
--postgresql:   LOCK TABLE invoices IN SHARE MODE;
--postgresql:   RETURN NULL;
--postgresql: END
--postgresql: $fn$;
--postgresql: CREATE OR REPLACE FUNCTION oblik_invoices_not_referred() RETURNS trigger LANGUAGE plpgsql AS $fn$
--postgresql: DECLARE referred BIGINT;
--postgresql: BEGIN
--postgresql:   SELECT o.id INTO referred FROM old_rows o
--postgresql:    WHERE EXISTS (SELECT 1 FROM invoices r WHERE r.corrects_invoice_id = o.id) LIMIT 1;
--postgresql:   IF FOUND THEN
--postgresql:     RAISE EXCEPTION 'update or delete on table "invoices" violates foreign key constraint "invoices_corrects_invoice_id_fkey" on table "invoices"'
--postgresql:       USING ERRCODE = 'foreign_key_violation', TABLE = 'invoices', CONSTRAINT = 'invoices_corrects_invoice_id_fkey',
--postgresql:             DETAIL = format('Key (id)=(%s) is still referenced from table "invoices".', referred);
--postgresql:   END IF;
--postgresql:   RETURN NULL;
--postgresql: END
--postgresql: $fn$;
--postgresql: CREATE OR REPLACE FUNCTION oblik_invoices_truncated() RETURNS trigger LANGUAGE plpgsql AS $fn$
--postgresql: BEGIN
--postgresql:   IF current_setting('transaction_isolation') <> 'read committed' THEN
--postgresql:     RAISE EXCEPTION 'deleting rows of table "invoices" needs the READ COMMITTED isolation level'
--postgresql:       USING ERRCODE = 'feature_not_supported', TABLE = 'invoices',
--postgresql:             HINT = 'Its references are checked per statement (migration 10).';
--postgresql:   END IF;
--postgresql:   LOCK TABLE invoices IN SHARE MODE;
--postgresql:   IF EXISTS (SELECT 1 FROM invoices) THEN
--postgresql:     RAISE EXCEPTION 'cannot truncate table "invoices": rows of invoices refer to it'
--postgresql:       USING ERRCODE = 'foreign_key_violation', TABLE = 'invoices',
--postgresql:             HINT = 'Truncate the referring tables in the same command.';
--postgresql:   END IF;
--postgresql:   RETURN NULL;
--postgresql: END
--postgresql: $fn$;

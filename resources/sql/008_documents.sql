-- Oblik migration 8: documents (issue 6; docs/documents.md). The requisites documents print (the
-- supplier's VAT payer number, bank, phone, whether its invoices carry a payment QR code and the
-- language it issues documents in; the consumer's bank) and the documents the server issued: rendered
-- once, stored with their SHA-256, answered byte for byte on every later request (what a consumer signs
-- later is what the server issued). {{BLOB}} is BLOB on SQLite and BYTEA on PostgreSQL.
ALTER TABLE suppliers ADD COLUMN ipn TEXT NOT NULL DEFAULT '';
ALTER TABLE suppliers ADD COLUMN bank TEXT NOT NULL DEFAULT '';
ALTER TABLE suppliers ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE suppliers ADD COLUMN payment_qr INTEGER NOT NULL DEFAULT 0;
ALTER TABLE suppliers ADD COLUMN document_language TEXT NOT NULL DEFAULT 'uk';
ALTER TABLE consumers ADD COLUMN bank TEXT NOT NULL DEFAULT '';

CREATE TABLE documents (
  id {{PK}},
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  kind TEXT NOT NULL CHECK (kind IN ('invoice_package', 'tax_invoice', 'readings_act')),
  invoice_id BIGINT REFERENCES invoices(id),
  tax_invoice_id BIGINT REFERENCES tax_invoices(id),
  period INTEGER NOT NULL,
  number TEXT NOT NULL,
  language TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  sha256 TEXT NOT NULL,
  size BIGINT NOT NULL,
  pages INTEGER NOT NULL,
  content {{BLOB}} NOT NULL,
  signature_status TEXT NOT NULL DEFAULT 'unsigned',
  UNIQUE (kind, account_id, period, number, language)
);
-- The unique key starts with kind; the documents list reads by account.
CREATE INDEX documents_account ON documents(account_id, period);

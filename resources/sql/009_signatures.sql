-- Signatures (issue 7, docs/signatures.md): every signature a stored document received, the
-- supplier's at issue and the consumer's uploads (valid or rejected), and the signed readings act.
-- documents.signature_status (migration 8) now takes 'unsigned' | 'supplier_signed' | 'received' |
-- 'rejected'; documents.content is the current bytes (each accepted PAdES upload appends to them).
CREATE TABLE document_signatures (
  id {{PK}},
  document_id BIGINT NOT NULL REFERENCES documents(id),
  side TEXT NOT NULL CHECK (side IN ('supplier', 'consumer')),
  format TEXT NOT NULL CHECK (format IN ('pades', 'cades')),
  user_id BIGINT REFERENCES users(id),
  status TEXT NOT NULL CHECK (status IN ('valid', 'rejected')),
  problems TEXT NOT NULL DEFAULT '',
  signer_name TEXT NOT NULL DEFAULT '',
  signer_organization TEXT NOT NULL DEFAULT '',
  signer_tax_id TEXT NOT NULL DEFAULT '',
  certificate_serial TEXT NOT NULL DEFAULT '',
  certificate_issuer TEXT NOT NULL DEFAULT '',
  certificate_sha256 TEXT NOT NULL DEFAULT '',
  certificate {{BLOB}},
  chain TEXT NOT NULL DEFAULT '',
  signing_time BIGINT,
  received_at BIGINT NOT NULL,
  covered_length BIGINT NOT NULL,
  covered_sha256 TEXT NOT NULL,
  field_name TEXT NOT NULL DEFAULT '',
  cms {{BLOB}}
);
CREATE INDEX document_signatures_document ON document_signatures(document_id);

ALTER TABLE readings_acts ADD COLUMN document_id BIGINT REFERENCES documents(id);

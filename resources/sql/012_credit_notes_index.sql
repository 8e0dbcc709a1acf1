-- Oblik migration 12: the credit notes of an account (its invoices of a negative amount: a correction
-- that lowers a charge, or an active energy invoice turned negative by a generation credit) found
-- without reading its other invoices.
--
-- Every allocation of credit (a payment registered, each chunk of a bill run) first asks which of its
-- accounts hold credit notes. Through invoices_account that is one probe per account and a look at each
-- of its invoices of every period; credit notes are rare, so a partial index holds only them: the
-- question costs next to nothing when there are none, and the index costs nothing on the ordinary
-- invoices a bill run writes.
CREATE INDEX invoices_credit_notes ON invoices(account_id, article) WHERE gross_kopecks < 0;

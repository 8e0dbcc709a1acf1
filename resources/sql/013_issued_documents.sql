-- Oblik migration 13: documents issued without a calculation (docs/billing.md, "Planned advances and
-- services"): a planned advance asks for the next period's payment before anything is supplied, a
-- services invoice charges a clerk's lines.
--
-- A services line says what it is for.
ALTER TABLE invoice_lines ADD COLUMN description TEXT NOT NULL DEFAULT '';
-- The VAT rule an invoice without a calculation was issued under (a calculated invoice takes its
-- calculation's): NULL on calculated invoices.
ALTER TABLE invoices ADD COLUMN vat_rate_bp INTEGER;
ALTER TABLE invoices ADD COLUMN vat_mode TEXT CHECK (vat_mode IS NULL OR vat_mode IN ('extracted', 'from_net'));
-- One planned advance per account and period: a repeated or resumed advance run never asks twice.
CREATE UNIQUE INDEX invoices_one_advance ON invoices(account_id, period) WHERE type = 'planned_advance';
-- A bill run calculates the period ('calculation') or issues its planned advances ('advance'); an
-- advance run counts what it issued here (its invoices have no calculation to count them by).
ALTER TABLE bill_runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'calculation' CHECK (kind IN ('calculation', 'advance'));
ALTER TABLE bill_runs ADD COLUMN invoices_issued BIGINT NOT NULL DEFAULT 0;

-- Oblik migration 6: billing (issue 5; docs/billing.md). Parameters with validity, calculations,
-- invoices and their lines, tax invoices, payments and their allocation, the append-only ledger of
-- postings, and bill runs. Runs unchanged on SQLite and PostgreSQL ({{PK}} as in migration 1).
-- Money in kopecks, energy in thousandths, tariffs in hundred-thousandths of a UAH, periods YYYYMM,
-- dates ISO text, instants epoch milliseconds.
-- Parameters with validity: valid_to NULL = open-ended; both ends are periods (YYYYMM), included.
CREATE TABLE tariffs (
  id {{PK}},
  supplier_id BIGINT NOT NULL REFERENCES suppliers(id),
  consumer_class TEXT NOT NULL,
  voltage_class INTEGER NOT NULL CHECK (voltage_class IN (1, 2)),
  price_hundred_thousandths BIGINT NOT NULL CHECK (price_hundred_thousandths >= 0),
  valid_from INTEGER NOT NULL,
  valid_to INTEGER,
  CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX tariffs_key ON tariffs(supplier_id, consumer_class, voltage_class, valid_from);

CREATE TABLE zone_coefficients (
  id {{PK}},
  supplier_id BIGINT NOT NULL REFERENCES suppliers(id),
  scheme TEXT NOT NULL CHECK (scheme IN ('two_zones', 'three_zones')),
  zone TEXT NOT NULL CHECK (zone IN ('day', 'night', 'peak', 'half_peak')),
  numerator BIGINT NOT NULL CHECK (numerator >= 0),
  denominator BIGINT NOT NULL CHECK (denominator > 0),
  valid_from INTEGER NOT NULL,
  valid_to INTEGER
);

-- Supplier-wide parameters: name IN ('reactive_tariff', 'generation_tariff', 'over_limit_multiple',
-- 'vat'); tariffs in value_int (hundred-thousandths), multiples as value_int/value_den, VAT as
-- value_int = rate in basis points and text_value = 'extracted' | 'from_net'.
CREATE TABLE supplier_parameters (
  id {{PK}},
  supplier_id BIGINT NOT NULL REFERENCES suppliers(id),
  name TEXT NOT NULL,
  value_int BIGINT NOT NULL,
  value_den BIGINT NOT NULL DEFAULT 1,
  text_value TEXT NOT NULL DEFAULT '',
  valid_from INTEGER NOT NULL,
  valid_to INTEGER
);
CREATE INDEX supplier_parameters_key ON supplier_parameters(supplier_id, name, valid_from);

CREATE TABLE contract_limits (
  id {{PK}},
  contract_id BIGINT NOT NULL REFERENCES contracts(id),
  monthly_energy_milli BIGINT NOT NULL CHECK (monthly_energy_milli >= 0),
  power_w BIGINT NOT NULL DEFAULT 0,
  valid_from INTEGER NOT NULL,
  valid_to INTEGER
);
CREATE INDEX contract_limits_contract ON contract_limits(contract_id, valid_from);

-- Invoice numbers: one series per district, taken with UPDATE ... RETURNING inside the writing
-- transaction (the row lock serialises writers; no gaps from rolled-back transactions).
CREATE TABLE invoice_series (
  district_id BIGINT NOT NULL REFERENCES districts(id),
  year INTEGER NOT NULL,
  last_number BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (district_id, year)
);

-- One row per calculation run of an account-period; the newest is current. Keeps what was
-- calculated so a recalculation can produce the correction (billing::correction needs previous).
CREATE TABLE calculations (
  id {{PK}},
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  period INTEGER NOT NULL,
  seq INTEGER NOT NULL,                 -- 1, 2, ... per account-period
  requested_by BIGINT REFERENCES users(id),
  requester TEXT NOT NULL CHECK (requester IN ('consumer', 'clerk', 'bill_run')),
  bill_run_id BIGINT,
  vat_rate_bp INTEGER NOT NULL,
  vat_mode TEXT NOT NULL CHECK (vat_mode IN ('extracted', 'from_net')),
  created_at BIGINT NOT NULL,
  UNIQUE (account_id, period, seq)
);

CREATE TABLE invoices (
  id {{PK}},
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  calculation_id BIGINT REFERENCES calculations(id),
  district_id BIGINT NOT NULL REFERENCES districts(id),
  number TEXT NOT NULL,                 -- from invoice_series: '<district code>-<year>-<n>'
  type TEXT NOT NULL CHECK (type IN ('planned_advance', 'active_energy', 'reactive_energy',
                                     'over_limit', 'services', 'correction')),
  article TEXT NOT NULL CHECK (article IN ('active_energy', 'reactive_energy', 'over_limit',
                                           'services', 'penalties')),
  period INTEGER NOT NULL,
  date TEXT NOT NULL,
  due_date TEXT NOT NULL,
  net_kopecks BIGINT NOT NULL,
  vat_kopecks BIGINT NOT NULL,
  gross_kopecks BIGINT NOT NULL,
  corrects_invoice_id BIGINT REFERENCES invoices(id),
  signature_status TEXT NOT NULL DEFAULT 'unsigned',
  created_at BIGINT NOT NULL,
  UNIQUE (district_id, number),
  CHECK (net_kopecks + vat_kopecks = gross_kopecks)
);
CREATE INDEX invoices_account ON invoices(account_id, period);

CREATE TABLE invoice_lines (
  id {{PK}},
  invoice_id BIGINT NOT NULL REFERENCES invoices(id),
  position INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('active_energy', 'reactive_energy', 'over_limit',
                                     'generation_credit', 'services', 'penalties')),
  zone TEXT NOT NULL,
  quantity_milli BIGINT NOT NULL,
  tariff_hundred_thousandths BIGINT NOT NULL,
  coef_num BIGINT NOT NULL DEFAULT 1,
  coef_den BIGINT NOT NULL DEFAULT 1,
  net_kopecks BIGINT NOT NULL,
  vat_kopecks BIGINT NOT NULL,
  gross_kopecks BIGINT NOT NULL,
  CHECK (net_kopecks + vat_kopecks = gross_kopecks)
);
CREATE INDEX invoice_lines_invoice ON invoice_lines(invoice_id);

CREATE TABLE tax_invoices (
  id {{PK}},
  invoice_id BIGINT NOT NULL REFERENCES invoices(id),
  number TEXT NOT NULL,
  date TEXT NOT NULL,
  net_kopecks BIGINT NOT NULL,
  vat_kopecks BIGINT NOT NULL,
  gross_kopecks BIGINT NOT NULL,
  corrects_tax_invoice_id BIGINT REFERENCES tax_invoices(id),
  CHECK (net_kopecks + vat_kopecks = gross_kopecks)
);
CREATE INDEX tax_invoices_invoice ON tax_invoices(invoice_id);

CREATE TABLE payments (
  id {{PK}},
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  article TEXT NOT NULL,
  amount_kopecks BIGINT NOT NULL CHECK (amount_kopecks > 0),
  paid_on TEXT NOT NULL,
  period INTEGER NOT NULL,
  bank TEXT NOT NULL DEFAULT '',
  mfo TEXT NOT NULL DEFAULT '',
  purpose TEXT NOT NULL DEFAULT '',
  registered_by BIGINT REFERENCES users(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX payments_account ON payments(account_id, paid_on);

CREATE TABLE allocations (
  id {{PK}},
  payment_id BIGINT REFERENCES payments(id),   -- NULL when credit is moved to a new invoice
  invoice_id BIGINT NOT NULL REFERENCES invoices(id),
  amount_kopecks BIGINT NOT NULL CHECK (amount_kopecks > 0),
  created_at BIGINT NOT NULL
);
CREATE INDEX allocations_invoice ON allocations(invoice_id);
CREATE INDEX allocations_payment ON allocations(payment_id);

-- Append-only: the store has insert and select only; corrections are new rows.
CREATE TABLE postings (
  id {{PK}},
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  article TEXT NOT NULL CHECK (article IN ('active_energy', 'reactive_energy', 'over_limit',
                                           'services', 'penalties')),
  period INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('charge', 'payment', 'correction')),
  side TEXT NOT NULL CHECK (side IN ('debit', 'credit')),
  amount_kopecks BIGINT NOT NULL CHECK (amount_kopecks >= 0),
  invoice_id BIGINT REFERENCES invoices(id),
  payment_id BIGINT REFERENCES payments(id),
  date TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX postings_account ON postings(account_id, article, period);

-- Bill runs: resumable (the cursor is the last account id done) and idempotent (an account-period
-- whose newest calculation equals the new one writes nothing: billing::correction is empty).
CREATE TABLE bill_runs (
  id {{PK}},
  supplier_id BIGINT NOT NULL REFERENCES suppliers(id),
  district_id BIGINT REFERENCES districts(id),
  period INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('running', 'cancelled', 'done')),
  requested_by BIGINT REFERENCES users(id),
  last_account_id BIGINT NOT NULL DEFAULT 0,
  accounts_total BIGINT NOT NULL DEFAULT 0,
  accounts_done BIGINT NOT NULL DEFAULT 0,
  accounts_failed BIGINT NOT NULL DEFAULT 0,
  started_at BIGINT NOT NULL,
  finished_at BIGINT
);
CREATE TABLE bill_run_failures (
  bill_run_id BIGINT NOT NULL REFERENCES bill_runs(id),
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  code TEXT NOT NULL,
  args TEXT NOT NULL DEFAULT '',         -- JSON array of the error's args
  PRIMARY KEY (bill_run_id, account_id)
);

-- The readings act of an account-period (issue 7 signs it). calc.act_not_signed is raised for a
-- contract with requires_signed_act unless a row here has signed_at set.
CREATE TABLE readings_acts (
  id {{PK}},
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  period INTEGER NOT NULL,
  signed_at BIGINT,
  signed_by BIGINT REFERENCES users(id),
  UNIQUE (account_id, period)
);

-- Oblik migration 1: the foundation schema (organisation, consumers, metering, readings history, users).
-- Runs unchanged on SQLite and PostgreSQL. The only dialect token is {{PK}}, an auto-assigned
-- 64-bit primary key, which server/store/sqldialect.cpp expands per driver.
-- Units: money in kopecks, energy in thousandths of a kWh (or kVArh), dates as ISO 'YYYY-MM-DD' text,
-- instants as milliseconds since the epoch (UTC), periods as the integer YYYYMM.

CREATE TABLE suppliers (
  id {{PK}},
  name TEXT NOT NULL,
  edrpou TEXT NOT NULL,
  iban TEXT NOT NULL,
  address TEXT NOT NULL,
  vat_rate_bp INTEGER NOT NULL DEFAULT 2000
);

CREATE TABLE districts (
  id {{PK}},
  supplier_id BIGINT NOT NULL REFERENCES suppliers(id),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT ''
);

CREATE TABLE consumers (
  id {{PK}},
  district_id BIGINT NOT NULL REFERENCES districts(id),
  kind TEXT NOT NULL CHECK (kind IN ('legal', 'household')),
  name TEXT NOT NULL,
  edrpou TEXT,
  ipn TEXT,
  address TEXT NOT NULL,
  iban TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consumers_district ON consumers(district_id);

CREATE TABLE contracts (
  id {{PK}},
  consumer_id BIGINT NOT NULL REFERENCES consumers(id),
  number TEXT NOT NULL UNIQUE,
  signed_on TEXT NOT NULL,
  consumer_class TEXT NOT NULL,
  billing_day INTEGER NOT NULL CHECK (billing_day BETWEEN 1 AND 28),
  window_working_days INTEGER NOT NULL CHECK (window_working_days BETWEEN 1 AND 10),
  requires_signed_act INTEGER NOT NULL DEFAULT 0,
  self_calculation INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX contracts_consumer ON contracts(consumer_id);

CREATE TABLE accounts (
  id {{PK}},
  contract_id BIGINT NOT NULL REFERENCES contracts(id),
  number TEXT NOT NULL UNIQUE,
  address TEXT NOT NULL,
  opened_on TEXT NOT NULL
);
CREATE INDEX accounts_contract ON accounts(contract_id);

CREATE TABLE objects (
  id {{PK}},
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  name TEXT NOT NULL,
  address TEXT NOT NULL
);
CREATE INDEX objects_account ON objects(account_id);

CREATE TABLE metering_points (
  id {{PK}},
  object_id BIGINT NOT NULL REFERENCES objects(id),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('A', 'R', 'G')),
  voltage_v INTEGER NOT NULL CHECK (voltage_v > 0),
  parent_id BIGINT REFERENCES metering_points(id)
);
CREATE INDEX metering_points_object ON metering_points(object_id);

CREATE TABLE meters (
  id {{PK}},
  metering_point_id BIGINT NOT NULL REFERENCES metering_points(id),
  number TEXT NOT NULL,
  model TEXT NOT NULL,
  digits INTEGER NOT NULL CHECK (digits BETWEEN 1 AND 12),
  decimals INTEGER NOT NULL CHECK (decimals BETWEEN 0 AND 3),
  ratio INTEGER NOT NULL CHECK (ratio >= 1),
  installed_on TEXT NOT NULL,
  verification_due TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('working', 'faulty', 'verification_expired', 'removed')),
  removed_on TEXT
);
CREATE INDEX meters_point ON meters(metering_point_id);

CREATE TABLE registers (
  id {{PK}},
  meter_id BIGINT NOT NULL REFERENCES meters(id),
  zone TEXT NOT NULL CHECK (zone IN ('total', 'day', 'night', 'peak', 'half_peak')),
  position INTEGER NOT NULL
);
CREATE INDEX registers_meter ON registers(meter_id);

CREATE TABLE readings (
  id {{PK}},
  register_id BIGINT NOT NULL REFERENCES registers(id),
  period INTEGER NOT NULL,
  taken_on TEXT NOT NULL,
  value_milli BIGINT NOT NULL,
  consumption_milli BIGINT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('ready', 'submitted', 'processed', 'rejected')),
  source TEXT NOT NULL DEFAULT 'consumer',
  UNIQUE (register_id, period)
);

CREATE TABLE users (
  id {{PK}},
  login TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('consumer', 'clerk', 'admin')),
  district_id BIGINT REFERENCES districts(id),
  supplier_id BIGINT REFERENCES suppliers(id),
  password_changed_at BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE user_accounts (
  user_id BIGINT NOT NULL REFERENCES users(id),
  account_id BIGINT NOT NULL REFERENCES accounts(id),
  access TEXT NOT NULL DEFAULT 'accountant',
  PRIMARY KEY (user_id, account_id)
);
CREATE INDEX user_accounts_account ON user_accounts(account_id);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
  login TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  first_failure_at BIGINT NOT NULL,
  locked_until BIGINT NOT NULL DEFAULT 0
);

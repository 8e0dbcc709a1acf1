-- Benchmarks of the bill run (scripts/bench billrun.*): the supplier's billing parameters for a demo
-- database that has none yet, and every readings act of the period :period signed (so that contracts
-- requiring a signed act are billed too). Runs on SQLite and PostgreSQL; :period is replaced by the
-- script with a number (YYYYMM) before it runs.
INSERT INTO tariffs (supplier_id, consumer_class, voltage_class, price_hundred_thousandths, valid_from)
SELECT s.id, c.cls, v.vc, c.price - v.vc * 1000, 202001
FROM suppliers s,
     (SELECT 'household' AS cls, 433000 AS price UNION ALL SELECT 'class_1', 613345 UNION ALL
      SELECT 'class_2', 583210) c,
     (SELECT 1 AS vc UNION ALL SELECT 2) v
WHERE NOT EXISTS (SELECT 1 FROM tariffs t WHERE t.supplier_id = s.id);

INSERT INTO zone_coefficients (supplier_id, scheme, zone, numerator, denominator, valid_from)
SELECT s.id, z.scheme, z.zone, z.num, z.den, 202001
FROM suppliers s,
     (SELECT 'two_zones' AS scheme, 'night' AS zone, 1 AS num, 2 AS den UNION ALL
      SELECT 'two_zones', 'day', 1, 1 UNION ALL SELECT 'three_zones', 'night', 2, 5 UNION ALL
      SELECT 'three_zones', 'half_peak', 1, 1 UNION ALL SELECT 'three_zones', 'peak', 3, 2) z
WHERE NOT EXISTS (SELECT 1 FROM zone_coefficients t WHERE t.supplier_id = s.id);

INSERT INTO supplier_parameters (supplier_id, name, value_int, value_den, text_value, valid_from)
SELECT s.id, p.name, p.value_int, p.value_den, p.text_value, 202001
FROM suppliers s,
     (SELECT 'reactive_tariff' AS name, 12345 AS value_int, 1 AS value_den, '' AS text_value UNION ALL
      SELECT 'generation_tariff', 350000, 1, '' UNION ALL SELECT 'over_limit_multiple', 2, 1, '' UNION ALL
      SELECT 'vat', 2000, 1, 'extracted') p
WHERE NOT EXISTS (SELECT 1 FROM supplier_parameters t WHERE t.supplier_id = s.id);

INSERT INTO readings_acts (account_id, period, signed_at)
SELECT a.id, :period, 1 FROM accounts a
WHERE NOT EXISTS (SELECT 1 FROM readings_acts r WHERE r.account_id = a.id AND r.period = :period);

// The billing API (docs/billing.md) over real HTTPS against a real `oblik-server serve` on an
// unbilled demo district (`demo --no-billing`): SQLite, or PostgreSQL when built as
// tst_billingapi_postgres (needs OBLIK_TEST_PG_URL; skipped without it unless CI=true). The test sets
// its own parameters (below), so every amount is computed here by hand from the readings in the
// database: household tariff 4.32 UAH/kWh, two zones night 0.5 / day 1, VAT 20% extracted from gross.

#include "httptestsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace oblik::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kAccounts =
    5500; // more than one bill-run chunk (calc::BillRunOptions: 5000), so a cancel lands between chunks
constexpr qint64 kHouseholdTariff = 432000; // hundred-thousandths of a UAH per kWh

// Half away from zero, for the positive amounts here.
qint64 roundDiv(qint64 n, qint64 d)
{
    return (2 * n + d) / (2 * d);
}

QString money(qint64 kopecks)
{
    const qint64 a = kopecks < 0 ? -kopecks : kopecks;
    return u"%1%2.%3"_s.arg(kopecks < 0 ? u"-"_s : QString()).arg(a / 100).arg(a % 100, 2, 10, QChar(u'0'));
}

qint64 kopecks(const QJsonValue &v)
{
    const QString s = v.toString();
    const qsizetype dot = s.indexOf(u'.');
    if (dot < 0 || s.size() - dot != 3)
        return std::numeric_limits<qint64>::min();
    const bool negative = s.startsWith(u'-');
    const qint64 whole = s.left(dot).toLongLong();
    const qint64 cents = s.mid(dot + 1).toLongLong();
    return negative ? whole * 100 - cents : whole * 100 + cents;
}

QString period(int yyyymm)
{
    return u"%1-%2"_s.arg(yyyymm / 100).arg(yyyymm % 100, 2, 10, QChar(u'0'));
}

QString key()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

class TestBillingApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void consumerWithoutSelfCalculationIsRefused();
    void consumerCalculates();
    void clerkRecalculatesAfterACorrectedReading();
    void parameterMissingCarriesArgs();
    void foreignAccountIsNotFound();
    void paymentsPartialAndOverpaid();
    void turnoverIdentityAndTariffs();
    void billRunStartCancelResume();
    void badPeriodNamesFieldAndRule_data();
    void badPeriodNamesFieldAndRule();
    void clerkOfAnotherDistrictSeesNothing();
    void negativeCorrectionAmounts();
    void servicesInvoiceAndAdvanceRun();
    void ledgerChecksOut();
    void demoIsBilledAndPaid();

private:
    bool sql(const QString &statement, const QVariantList &values = {}, QList<QVariantList> *rows = nullptr);
    qint64 scalar(const QString &statement, const QVariantList &values = {});
    FixtureDb fixture() const;
    HttpReply calculate(qint64 account, const QString &token, const QString &period,
                        const QString &k = key());
    HttpReply pay(const QJsonObject &body, const QString &token, const QString &k = key());
    QJsonObject waitForRun(qint64 id, const QString &token);

    QTemporaryDir m_dir;
    QString m_dbUrl, m_dbName;
    QUrl m_adminUrl;
    ServerProcess m_server;
    std::unique_ptr<HttpsClient> m_client;
    QString m_household, m_accountant, m_clerk, m_admin;
    qint64 m_householdAccount = 0, m_accountantAccount = 0;
    int m_period = 0; // the last closed period (YYYYMM)
    qint64 m_firstInvoice = 0, m_firstAmount = 0, m_correction = 0, m_paid = 0;
    qint64 m_dayRegister = 0;
};

bool TestBillingApi::sql(const QString &statement, const QVariantList &values, QList<QVariantList> *rows)
{
    return fixtureSql(fixture(), statement, values, rows);
}

qint64 TestBillingApi::scalar(const QString &statement, const QVariantList &values)
{
    return fixtureScalar(fixture(), statement, values);
}

FixtureDb TestBillingApi::fixture() const
{
#ifdef OBLIK_BILLING_ON_POSTGRES
    return FixtureDb{true, {}, m_adminUrl, m_dbName};
#else
    return FixtureDb{false, m_dbUrl, {}, {}};
#endif
}

HttpReply TestBillingApi::calculate(qint64 account, const QString &token, const QString &p, const QString &k)
{
    return m_client->send("POST", u"/api/v1/accounts/%1/calculate"_s.arg(account),
                          QJsonDocument(QJsonObject{{u"period"_s, p}}).toJson(QJsonDocument::Compact), token,
                          {{"Idempotency-Key", k.toLatin1()}});
}

HttpReply TestBillingApi::pay(const QJsonObject &body, const QString &token, const QString &k)
{
    return m_client->send("POST", u"/api/v1/payments"_s, QJsonDocument(body).toJson(QJsonDocument::Compact),
                          token, {{"Idempotency-Key", k.toLatin1()}});
}

QJsonObject TestBillingApi::waitForRun(qint64 id, const QString &token)
{
    QJsonObject o;
    for (int i = 0; i < 1200; ++i) {
        const HttpReply r = m_client->get(u"/api/v1/bill-runs/%1"_s.arg(id), token);
        if (r.status != 200)
            return {};
        o = r.json();
        if (o.value(u"state"_s).toString() != u"running")
            return o;
        QTest::qWait(100);
    }
    return o;
}

void TestBillingApi::initTestCase()
{
    QVERIFY(m_dir.isValid());
#ifdef OBLIK_BILLING_ON_POSTGRES
    const QString url = qEnvironmentVariable("OBLIK_TEST_PG_URL");
    if (url.isEmpty()) {
        if (qEnvironmentVariable("CI") == u"true")
            QFAIL("OBLIK_TEST_PG_URL is not set (CI=true)");
        QSKIP("OBLIK_TEST_PG_URL is not set: no PostgreSQL to test against");
    }
    m_adminUrl = QUrl(url);
    const QString name = u"oblik_billing_%1"_s.arg(QRandomGenerator::global()->bounded(1u << 30));
    QVERIFY(sql(u"CREATE DATABASE "_s + name)); // our own name: a fixed prefix and a number
    m_dbName = name;
    QUrl dbUrl = m_adminUrl;
    dbUrl.setPath(u'/' + m_dbName);
    m_dbUrl = dbUrl.toString();
#else
    m_dbUrl = sqliteUrl(m_dir.filePath(u"oblik.db"_s));
#endif
    const CliRun demo = runServerCli(
        {u"demo"_s, u"--db"_s, m_dbUrl, u"--accounts"_s, QString::number(kAccounts), u"--no-billing"_s});
    QVERIFY2(demo.exitCode == 0 && !demo.crashed, demo.err.constData());
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM invoices"_s), 0);

    // Our parameters (supplier 1), in force from 2020 on.
    QVERIFY(sql(u"DELETE FROM tariffs"_s) && sql(u"DELETE FROM zone_coefficients"_s) &&
            sql(u"DELETE FROM supplier_parameters"_s));
    const QList<std::tuple<QString, int, qint64>> tariffs{{u"household"_s, 1, kHouseholdTariff},
                                                          {u"household"_s, 2, kHouseholdTariff},
                                                          {u"class_1"_s, 1, 450000},
                                                          {u"class_1"_s, 2, 550000},
                                                          {u"class_2"_s, 1, 500000},
                                                          {u"class_2"_s, 2, 600000}};
    for (const auto &[cls, voltage, price] : tariffs)
        QVERIFY(sql(
            u"INSERT INTO tariffs (supplier_id, consumer_class, voltage_class, price_hundred_thousandths, "
            u"valid_from) VALUES (1, ?, ?, ?, 202001)"_s,
            {cls, voltage, price}));
    const QList<std::tuple<QString, QString, int, int>> zones{{u"two_zones"_s, u"night"_s, 1, 2},
                                                              {u"two_zones"_s, u"day"_s, 1, 1},
                                                              {u"three_zones"_s, u"night"_s, 2, 5},
                                                              {u"three_zones"_s, u"half_peak"_s, 1, 1},
                                                              {u"three_zones"_s, u"peak"_s, 3, 2}};
    for (const auto &[scheme, zone, n, d] : zones)
        QVERIFY(sql(
            u"INSERT INTO zone_coefficients (supplier_id, scheme, zone, numerator, denominator, valid_from) "
            u"VALUES (1, ?, ?, ?, ?, 202001)"_s,
            {scheme, zone, n, d}));
    const QList<std::tuple<QString, qint64, qint64, QString>> params{
        {u"reactive_tariff"_s, 30000, 1, u""_s},
        {u"generation_tariff"_s, 400000, 1, u""_s},
        {u"over_limit_multiple"_s, 2, 1, u""_s},
        {u"vat"_s, 2000, 1, u"extracted"_s}};
    for (const auto &[name, value, den, text] : params)
        QVERIFY(sql(u"INSERT INTO supplier_parameters (supplier_id, name, value_int, value_den, text_value, "
                    u"valid_from) VALUES (1, ?, ?, ?, ?, 202001)"_s,
                    {name, value, den, text}));
    // No signed acts needed; readings of the last closed period accepted by a clerk (no range check),
    // so only the rules under test can fail.
    m_period = int(scalar(u"SELECT MAX(period) FROM readings"_s));
    QVERIFY(m_period > 202000);
    QVERIFY(sql(u"UPDATE contracts SET requires_signed_act = 0, self_calculation = 0"_s));
    QVERIFY(sql(u"UPDATE readings SET override_reason = 'checked' WHERE period = ?"_s, {m_period}));

    QVERIFY2(m_server.start({u"--db"_s, m_dbUrl, u"--listen"_s, u"127.0.0.1:0"_s, u"--state-dir"_s,
                             m_dir.filePath(u"tls"_s)}),
             qPrintable(m_server.error()));
    m_client =
        std::make_unique<HttpsClient>(m_server.baseUrl(), loadCertificate(m_server.announcedCertificate()));
    m_household = m_client->login(u"household"_s);
    m_accountant = m_client->login(u"accountant"_s);
    m_clerk = m_client->login(u"clerk"_s);
    m_admin = m_client->login(u"admin"_s);
    QVERIFY(!m_household.isEmpty() && !m_accountant.isEmpty() && !m_clerk.isEmpty() && !m_admin.isEmpty());
    m_householdAccount = m_client->firstAccountId(m_household);
    m_accountantAccount = m_client->firstAccountId(m_accountant);
    QVERIFY(m_householdAccount > 0 && m_accountantAccount > 0 && m_householdAccount != m_accountantAccount);
    QVERIFY(sql(
        u"UPDATE contracts SET self_calculation = 1 WHERE id = (SELECT contract_id FROM accounts WHERE id = ?)"_s,
        {m_householdAccount}));
}

void TestBillingApi::cleanupTestCase()
{
    if (m_server.process())
        QCOMPARE(m_server.stop(), 0);
}

void TestBillingApi::consumerWithoutSelfCalculationIsRefused()
{
    const HttpReply r = calculate(m_accountantAccount, m_accountant, period(m_period));
    QCOMPARE(r.status, 403);
    QCOMPARE(r.json().value(u"code"_s).toString(), u"calc.self_not_allowed"_s);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM invoices"_s), 0);
}

void TestBillingApi::consumerCalculates()
{
    // By hand: the household's energy per zone in the period, priced per zone.
    QList<QVariantList> rows;
    QVERIFY(
        sql(u"SELECT g.zone, SUM(r.consumption_milli), MIN(g.id) FROM readings r JOIN registers g ON g.id = "
            u"r.register_id "
            u"JOIN meters m ON m.id = g.meter_id JOIN metering_points p ON p.id = m.metering_point_id "
            u"JOIN objects o ON o.id = p.object_id WHERE o.account_id = ? AND r.period = ? AND p.kind = 'A' "
            u"GROUP BY g.zone ORDER BY g.zone"_s,
            {m_householdAccount, m_period}, &rows));
    QVERIFY(!rows.isEmpty());
    QHash<QString, qint64> expectedLine;
    qint64 gross = 0;
    for (const QVariantList &row : rows) {
        const QString zone = row[0].toString();
        const qint64 milli = row[1].toLongLong();
        const qint64 num = zone == u"night" ? 1 : 1, den = zone == u"night" ? 2 : 1;
        // kopecks = kWh/1000 x UAH/100000 x 100 x num/den = milli x tariff x num / (den x 10^6)
        const qint64 amount = roundDiv(milli * kHouseholdTariff * num, den * 1000000);
        expectedLine.insert(zone, amount);
        gross += amount;
        if (zone == u"day")
            m_dayRegister = row[2].toLongLong();
    }
    QVERIFY2(m_dayRegister > 0, "the household has a day/night meter");
    const qint64 net = roundDiv(gross * 10000, 12000);

    const QString k = key();
    const HttpReply r = calculate(m_householdAccount, m_household, period(m_period), k);
    QVERIFY2(r.status == 200, r.body.constData());
    const QJsonObject o = r.json();
    QVERIFY(o.value(u"calculation_id"_s).toInteger() > 0);
    QCOMPARE(o.value(u"corrections"_s).toArray().size(), 0);
    const QJsonArray invoices = o.value(u"invoices"_s).toArray();
    QCOMPARE(invoices.size(), 1);
    const QJsonObject inv = invoices.first().toObject();
    QCOMPARE(inv.value(u"type"_s).toString(), u"active_energy"_s);
    QCOMPARE(inv.value(u"article"_s).toString(), u"active_energy"_s);
    QCOMPARE(inv.value(u"period"_s).toString(), period(m_period));
    QCOMPARE(inv.value(u"amount"_s).toString(), money(gross));
    QCOMPARE(inv.value(u"net"_s).toString(), money(net));
    QCOMPARE(inv.value(u"vat"_s).toString(), money(gross - net));
    QCOMPARE(inv.value(u"paid"_s).toString(), u"0.00"_s);
    QCOMPARE(inv.value(u"remaining"_s).toString(), money(gross));
    QCOMPARE(inv.value(u"signature_status"_s).toString(), u"unsigned"_s);
    QVERIFY(inv.value(u"corrects_invoice_id"_s).isNull());
    QVERIFY(!inv.value(u"number"_s).toString().isEmpty());
    QCOMPARE(QDate::fromString(inv.value(u"date"_s).toString(), Qt::ISODate).addDays(10),
             QDate::fromString(inv.value(u"due_date"_s).toString(), Qt::ISODate));
    const QJsonArray lines = inv.value(u"lines"_s).toArray();
    QCOMPARE(lines.size(), expectedLine.size());
    for (const QJsonValue &v : lines) {
        const QJsonObject l = v.toObject();
        QCOMPARE(l.value(u"kind"_s).toString(), u"active_energy"_s);
        QCOMPARE(l.value(u"tariff"_s).toString(), u"4.32000"_s);
        QCOMPARE(l.value(u"coefficient"_s).toString(),
                 l.value(u"zone"_s).toString() == u"night" ? u"0.5"_s : u"1"_s);
        QCOMPARE(kopecks(l.value(u"amount"_s)), expectedLine.value(l.value(u"zone"_s).toString()));
        QCOMPARE(kopecks(l.value(u"net"_s)) + kopecks(l.value(u"vat"_s)), kopecks(l.value(u"amount"_s)));
        QVERIFY(l.value(u"quantity"_s).toString().contains(u'.'));
    }
    QVERIFY(!o.value(u"breakdown"_s).toArray().isEmpty());
    m_firstInvoice = inv.value(u"id"_s).toInteger();
    m_firstAmount = gross;

    // The same request with the same key: the same answer, nothing written again.
    const HttpReply again = calculate(m_householdAccount, m_household, period(m_period), k);
    QCOMPARE(again.status, 200);
    QCOMPARE(again.body, r.body);
    QCOMPARE(again.header("Idempotent-Replayed"), QByteArray("true"));
    // Another key, nothing changed: empty lists, nothing written.
    const HttpReply unchanged = calculate(m_householdAccount, m_household, period(m_period));
    QCOMPARE(unchanged.status, 200);
    QVERIFY(unchanged.json().value(u"calculation_id"_s).isNull());
    QCOMPARE(unchanged.json().value(u"invoices"_s).toArray().size(), 0);
    QCOMPARE(unchanged.json().value(u"corrections"_s).toArray().size(), 0);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM invoices"_s), 1);

    const HttpReply list =
        m_client->get(u"/api/v1/accounts/%1/invoices"_s.arg(m_householdAccount), m_household);
    QCOMPARE(list.status, 200);
    const QJsonArray items = list.json().value(u"items"_s).toArray();
    QCOMPARE(items.size(), 1);
    QCOMPARE(items.first().toObject().value(u"id"_s).toInteger(), m_firstInvoice);
    QVERIFY(!items.first().toObject().contains(u"lines"_s));
    const HttpReply detail = m_client->get(
        u"/api/v1/accounts/%1/invoices/%2"_s.arg(m_householdAccount).arg(m_firstInvoice), m_household);
    QCOMPARE(detail.status, 200);
    QCOMPARE(detail.json().value(u"lines"_s).toArray(), lines);
    QVERIFY(!detail.json().value(u"breakdown"_s).toArray().isEmpty());
    const HttpReply byPeriod = m_client->get(
        u"/api/v1/accounts/%1/invoices?period=%2"_s.arg(m_householdAccount).arg(period(m_period - 1)),
        m_household);
    QCOMPARE(byPeriod.status, 200);
    QCOMPARE(byPeriod.json().value(u"items"_s).toArray().size(), 0);
}

void TestBillingApi::clerkRecalculatesAfterACorrectedReading()
{
    QVERIFY(m_firstInvoice > 0);
    // The day reading corrected upwards by 100 kWh: 100 x 4.32 x 1 = 432.00 more.
    QVERIFY(sql(u"UPDATE readings SET consumption_milli = consumption_milli + 100000, value_milli = "
                u"value_milli + 100000 "
                u"WHERE register_id = ? AND period = ?"_s,
                {m_dayRegister, m_period}));
    const HttpReply r = calculate(m_householdAccount, m_clerk, period(m_period));
    QVERIFY2(r.status == 200, r.body.constData());
    QCOMPARE(r.json().value(u"invoices"_s).toArray().size(), 0);
    const QJsonArray corrections = r.json().value(u"corrections"_s).toArray();
    QCOMPARE(corrections.size(), 1);
    const QJsonObject c = corrections.first().toObject();
    QCOMPARE(c.value(u"type"_s).toString(), u"correction"_s);
    QCOMPARE(c.value(u"article"_s).toString(), u"active_energy"_s);
    QCOMPARE(c.value(u"amount"_s).toString(), u"432.00"_s);
    QCOMPARE(c.value(u"corrects_invoice_id"_s).toInteger(), m_firstInvoice);
    QCOMPARE(c.value(u"lines"_s).toArray().size(), 1);
    QCOMPARE(c.value(u"lines"_s).toArray().first().toObject().value(u"quantity"_s).toString(), u"100.000"_s);
    m_correction = c.value(u"id"_s).toInteger();

    // The old invoice is unchanged; the list has both, newest first.
    const HttpReply old = m_client->get(
        u"/api/v1/accounts/%1/invoices/%2"_s.arg(m_householdAccount).arg(m_firstInvoice), m_clerk);
    QCOMPARE(kopecks(old.json().value(u"amount"_s)), m_firstAmount);
    const QJsonArray items =
        m_client->get(u"/api/v1/accounts/%1/invoices"_s.arg(m_householdAccount), m_household)
            .json()
            .value(u"items"_s)
            .toArray();
    QCOMPARE(items.size(), 2);
    QCOMPARE(items.at(0).toObject().value(u"id"_s).toInteger(), m_correction);
    QCOMPARE(items.at(1).toObject().value(u"id"_s).toInteger(), m_firstInvoice);
}

void TestBillingApi::parameterMissingCarriesArgs()
{
    // The accountant's account is class_2 on a 10 kV intake (voltage class 2): end that tariff before the
    // period.
    QVERIFY(sql(u"UPDATE tariffs SET valid_to = ? WHERE consumer_class = 'class_2' AND voltage_class = 2"_s,
                {m_period == 202001 ? 202001 : (m_period % 100 == 1 ? m_period - 89 : m_period - 1)}));
    const HttpReply r = calculate(m_accountantAccount, m_clerk, period(m_period));
    QCOMPARE(r.status, 422);
    const QJsonObject p = r.json();
    QCOMPARE(p.value(u"code"_s).toString(), u"calc.parameter_missing"_s);
    QCOMPARE(p.value(u"field"_s).toString(), u"tariff"_s);
    QCOMPARE(p.value(u"args"_s).toArray(),
             QJsonArray({u"tariff"_s, u"class=class_2;voltage_class=2"_s, period(m_period)}));
    QVERIFY(sql(u"UPDATE tariffs SET valid_to = NULL"_s));
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM invoices WHERE account_id = ?"_s, {m_accountantAccount}), 0);
    // A period without readings: calc.readings_missing with the point and the period.
    const HttpReply none = calculate(m_accountantAccount, m_clerk, u"2019-01"_s);
    QCOMPARE(none.status, 422);
    QCOMPARE(none.json().value(u"code"_s).toString(), u"calc.readings_missing"_s);
    QCOMPARE(none.json().value(u"args"_s).toArray().size(), 2);
    QCOMPARE(none.json().value(u"args"_s).toArray().at(1).toString(), u"2019-01"_s);
    // Bad requests.
    QCOMPARE(calculate(m_accountantAccount, m_clerk, u"2026-13"_s).status, 400);
    const HttpReply noKey = m_client->post(u"/api/v1/accounts/%1/calculate"_s.arg(m_accountantAccount),
                                           R"({"period":"2026-01"})", m_clerk);
    QCOMPARE(noKey.status, 400);
    QCOMPARE(noKey.json().value(u"field"_s).toString(), u"Idempotency-Key"_s);
}

void TestBillingApi::foreignAccountIsNotFound()
{
    const qint64 other = m_accountantAccount;
    for (const QString &path :
         {u"/api/v1/accounts/%1/invoices"_s, u"/api/v1/accounts/%1/tax-invoices"_s,
          u"/api/v1/accounts/%1/payments"_s, u"/api/v1/accounts/%1/turnover?period=2026-01"_s,
          u"/api/v1/accounts/%1/tariffs"_s, u"/api/v1/accounts/%1/invoices/1"_s}) {
        const HttpReply r = m_client->get(path.arg(other), m_household);
        QVERIFY2(r.status == 404, qPrintable(path));
        QCOMPARE(r.json().value(u"code"_s).toString(), u"not_found"_s);
    }
    QCOMPARE(calculate(other, m_household, period(m_period)).status, 404);
    // Another account's invoice through one's own account.
    QCOMPARE(m_client
                 ->get(u"/api/v1/accounts/%1/invoices/%2"_s.arg(m_accountantAccount).arg(m_firstInvoice),
                       m_accountant)
                 .status,
             404);
    // Clerk-only routes.
    QCOMPARE(pay({{u"account_id"_s, m_householdAccount},
                  {u"amount"_s, u"1.00"_s},
                  {u"paid_on"_s, u"2026-01-05"_s}},
                 m_household)
                 .status,
             404);
    QCOMPARE(m_client->post(u"/api/v1/bill-runs"_s, R"({"period":"2026-01"})", m_household).status, 404);
    QCOMPARE(m_client->get(u"/api/v1/invoices"_s, m_household).status, 404);
    QCOMPARE(m_client->get(u"/api/v1/accounts/%1/invoices"_s.arg(m_householdAccount)).status, 401);
}

void TestBillingApi::paymentsPartialAndOverpaid()
{
    QVERIFY(m_correction > 0);
    const QString paidOn =
        QDate(m_period / 100, m_period % 100, 1).addMonths(1).addDays(-1).toString(Qt::ISODate);
    // Half of the first invoice: allocated to it, nothing left over.
    const qint64 half = m_firstAmount / 2;
    const QJsonObject first{{u"account_id"_s, m_householdAccount},
                            {u"article"_s, u"active_energy"_s},
                            {u"amount"_s, money(half)},
                            {u"paid_on"_s, paidOn},
                            {u"bank"_s, u"АТ КБ «ПриватБанк»"_s},
                            {u"mfo"_s, u"305299"_s},
                            {u"purpose"_s, u"Оплата"_s}};
    const HttpReply a = pay(first, m_clerk);
    QVERIFY2(a.status == 200, a.body.constData());
    const QJsonObject pa = a.json().value(u"payment"_s).toObject();
    QCOMPARE(pa.value(u"amount"_s).toString(), money(half));
    QCOMPARE(pa.value(u"unallocated"_s).toString(), u"0.00"_s);
    QCOMPARE(pa.value(u"allocations"_s).toArray().size(), 1);
    QCOMPARE(pa.value(u"allocations"_s).toArray().first().toObject().value(u"invoice_id"_s).toInteger(),
             m_firstInvoice);
    QCOMPARE(pa.value(u"allocations"_s).toArray().first().toObject().value(u"amount"_s).toString(),
             money(half));
    QCOMPARE(pa.value(u"bank"_s).toString(), u"АТ КБ «ПриватБанк»"_s);

    // The rest of it, the correction and 100.00 more: the oldest invoice first, then the correction, 100.00
    // credit.
    const qint64 second = (m_firstAmount - half) + 43200 + 10000;
    QJsonObject body = first;
    body.insert(u"amount"_s, money(second));
    const QString k = key();
    const HttpReply b = pay(body, m_clerk, k);
    QVERIFY2(b.status == 200, b.body.constData());
    const QJsonObject pb = b.json().value(u"payment"_s).toObject();
    QCOMPARE(pb.value(u"unallocated"_s).toString(), u"100.00"_s);
    const QJsonArray alloc = pb.value(u"allocations"_s).toArray();
    QCOMPARE(alloc.size(), 2);
    QCOMPARE(alloc.at(0).toObject().value(u"invoice_id"_s).toInteger(), m_firstInvoice);
    QCOMPARE(kopecks(alloc.at(0).toObject().value(u"amount"_s)), m_firstAmount - half);
    QCOMPARE(alloc.at(1).toObject().value(u"invoice_id"_s).toInteger(), m_correction);
    QCOMPARE(alloc.at(1).toObject().value(u"amount"_s).toString(), u"432.00"_s);
    // Repeated with its key: the same answer, no second payment.
    const HttpReply again = pay(body, m_clerk, k);
    QCOMPARE(again.status, 200);
    QCOMPARE(again.body, b.body);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM payments"_s), 2);
    m_paid = half + second;

    // Visible in the lists.
    const QJsonArray invoices =
        m_client->get(u"/api/v1/accounts/%1/invoices"_s.arg(m_householdAccount), m_household)
            .json()
            .value(u"items"_s)
            .toArray();
    for (const QJsonValue &v : invoices) {
        QCOMPARE(v.toObject().value(u"remaining"_s).toString(), u"0.00"_s);
        QCOMPARE(v.toObject().value(u"paid"_s).toString(), v.toObject().value(u"amount"_s).toString());
    }
    const QJsonArray payments =
        m_client->get(u"/api/v1/accounts/%1/payments"_s.arg(m_householdAccount), m_household)
            .json()
            .value(u"items"_s)
            .toArray();
    QCOMPARE(payments.size(), 2);
    QCOMPARE(payments.at(0).toObject().value(u"id"_s).toInteger(),
             pb.value(u"id"_s).toInteger()); // newest first
    QCOMPARE(payments.at(0).toObject().value(u"allocations"_s).toArray().size(), 2);
    QCOMPARE(payments.at(0).toObject().value(u"period"_s).toString(), period(m_period));

    // Refused: nothing to pay, a date in the future, a malformed amount.
    body.insert(u"amount"_s, u"0.00"_s);
    HttpReply bad = pay(body, m_clerk);
    QCOMPARE(bad.status, 422);
    QCOMPARE(bad.json().value(u"code"_s).toString(), u"payment.amount_not_positive"_s);
    body.insert(u"amount"_s, u"1.00"_s);
    body.insert(u"paid_on"_s, QDate::currentDate().addDays(3).toString(Qt::ISODate));
    bad = pay(body, m_clerk);
    QCOMPARE(bad.status, 422);
    QCOMPARE(bad.json().value(u"code"_s).toString(), u"payment.date_in_future"_s);
    body.insert(u"paid_on"_s, paidOn);
    body.insert(u"amount"_s, u"1.005"_s);
    bad = pay(body, m_clerk);
    QCOMPARE(bad.status, 400);
    QCOMPARE(bad.json().value(u"field"_s).toString(), u"amount"_s);
    QCOMPARE(bad.json().value(u"args"_s).toArray(), QJsonArray({u"0.00"_s, u"1.005"_s}));
    QVERIFY(bad.json().value(u"detail"_s).toString().contains(u"two decimals"_s));
    body.insert(u"amount"_s, 12.5); // a number, not a string
    bad = pay(body, m_clerk);
    QCOMPARE(bad.status, 400);
    QCOMPARE(bad.json().value(u"args"_s).toArray(), QJsonArray({u"0.00"_s, u"12.5"_s}));
    body.insert(u"amount"_s, u"1.00"_s);
    body.insert(u"paid_on"_s, u"2026-1-5"_s);
    bad = pay(body, m_clerk);
    QCOMPARE(bad.status, 400);
    QCOMPARE(bad.json().value(u"field"_s).toString(), u"paid_on"_s);
    QCOMPARE(bad.json().value(u"args"_s).toArray(), QJsonArray({u"YYYY-MM-DD"_s, u"2026-1-5"_s}));
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM payments"_s), 2);
}

void TestBillingApi::turnoverIdentityAndTariffs()
{
    QVERIFY(m_paid > 0);
    const HttpReply r = m_client->get(
        u"/api/v1/accounts/%1/turnover?period=%2"_s.arg(m_householdAccount).arg(period(m_period)),
        m_household);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(u"period"_s).toString(), period(m_period));
    const QJsonArray items = r.json().value(u"items"_s).toArray();
    QCOMPARE(items.size(), 5);
    for (const QJsonValue &v : items) {
        const QJsonObject t = v.toObject();
        const qint64 od = kopecks(t.value(u"opening_debit"_s)), oc = kopecks(t.value(u"opening_credit"_s));
        const qint64 ch = kopecks(t.value(u"charged"_s)), pd = kopecks(t.value(u"paid"_s));
        const qint64 cd = kopecks(t.value(u"closing_debit"_s)), cc = kopecks(t.value(u"closing_credit"_s));
        QCOMPARE(od - oc + ch - pd, cd - cc);
        QVERIFY(!(cd > 0 && cc > 0));
        if (t.value(u"article"_s).toString() == u"active_energy") {
            QCOMPARE(od + oc, 0);
            QCOMPARE(ch, m_firstAmount + 43200);
            QCOMPARE(pd, m_paid);
            QCOMPARE(cc, 10000); // the 100.00 overpaid
            QCOMPARE(cd, 0);
        } else {
            QCOMPARE(ch + pd + cd + cc, 0);
        }
    }
    QCOMPARE(items.first().toObject().value(u"article"_s).toString(), u"active_energy"_s);
    QCOMPARE(m_client->get(u"/api/v1/accounts/%1/turnover"_s.arg(m_householdAccount), m_household).status,
             400);

    const HttpReply tax =
        m_client->get(u"/api/v1/accounts/%1/tax-invoices"_s.arg(m_householdAccount), m_household);
    QCOMPARE(tax.status, 200);
    const QJsonArray taxItems = tax.json().value(u"items"_s).toArray();
    QCOMPARE(taxItems.size(), 2);
    for (const QJsonValue &v : taxItems)
        QCOMPARE(kopecks(v.toObject().value(u"net"_s)) + kopecks(v.toObject().value(u"vat"_s)),
                 kopecks(v.toObject().value(u"amount"_s)));
    QCOMPARE(taxItems.at(0).toObject().value(u"invoice_id"_s).toInteger(), m_correction);
    QCOMPARE(taxItems.at(0).toObject().value(u"amount"_s).toString(), u"432.00"_s);

    const HttpReply tariffs =
        m_client->get(u"/api/v1/accounts/%1/tariffs"_s.arg(m_householdAccount), m_household);
    QCOMPARE(tariffs.status, 200);
    bool sawTariff = false, sawVat = false;
    for (const QJsonValue &v : tariffs.json().value(u"items"_s).toArray()) {
        const QJsonObject p = v.toObject();
        if (p.value(u"parameter"_s).toString() == u"tariff") {
            QVERIFY(p.value(u"key"_s).toString().contains(u"class=household"_s));
            QCOMPARE(p.value(u"value"_s).toString(), u"4.32000"_s);
            QCOMPARE(p.value(u"valid_from"_s).toString(), u"2020-01"_s);
            QVERIFY(p.value(u"valid_to"_s).isNull());
            sawTariff = true;
        }
        sawVat = sawVat || p.value(u"parameter"_s).toString() == u"vat";
    }
    QVERIFY(sawTariff && sawVat);
    QVERIFY(tariffs.json().value(u"limits"_s).isArray());
}

void TestBillingApi::billRunStartCancelResume()
{
    const int runPeriod = m_period % 100 == 1 ? m_period - 89 : m_period - 1;
    const qint64 before = scalar(u"SELECT COUNT(*) FROM invoices"_s);
    const HttpReply started =
        m_client->post(u"/api/v1/bill-runs"_s,
                       QJsonDocument(QJsonObject{{u"period"_s, period(runPeriod)}}).toJson(), m_clerk);
    QVERIFY2(started.status == 202, started.body.constData());
    const qint64 id = started.json().value(u"id"_s).toInteger();
    QVERIFY(id > 0);
    QCOMPARE(started.json().value(u"period"_s).toString(), period(runPeriod));
    QCOMPARE(started.json().value(u"accounts_total"_s).toInteger(), kAccounts);
    const HttpReply cancel = m_client->post(u"/api/v1/bill-runs/%1/cancel"_s.arg(id), {}, m_clerk);
    QVERIFY2(cancel.status == 202 || cancel.status == 409, cancel.body.constData());
    QJsonObject s = waitForRun(id, m_clerk);
    QVERIFY(!s.isEmpty());
    if (cancel.status == 202 && s.value(u"state"_s).toString() == u"cancelled") {
        QVERIFY(s.value(u"accounts_done"_s).toInteger() + s.value(u"accounts_failed"_s).toInteger() <
                kAccounts);
        const HttpReply resumed = m_client->post(u"/api/v1/bill-runs/%1/resume"_s.arg(id), {}, m_admin);
        QVERIFY2(resumed.status == 202, resumed.body.constData());
        s = waitForRun(id, m_clerk);
    } else {
        qWarning("the run ended before the cancel arrived: cancel/resume not exercised");
    }
    QCOMPARE(s.value(u"state"_s).toString(), u"done"_s);
    QCOMPARE(s.value(u"accounts_done"_s).toInteger() + s.value(u"accounts_failed"_s).toInteger(),
             qint64(kAccounts));
    QVERIFY(s.value(u"failures"_s).isArray());
    QCOMPARE(s.value(u"failures"_s).toArray().size(), s.value(u"accounts_failed"_s).toInteger());
    const qint64 written = scalar(u"SELECT COUNT(*) FROM invoices WHERE period = ?"_s, {runPeriod});
    QVERIFY(written >= s.value(u"accounts_done"_s).toInteger());
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM invoices"_s), before + written);
    // Done: no resume, no cancel; an admin of the supplier sees it, a consumer does not.
    QCOMPARE(m_client->post(u"/api/v1/bill-runs/%1/resume"_s.arg(id), {}, m_clerk)
                 .json()
                 .value(u"code"_s)
                 .toString(),
             u"billrun.done"_s);
    QCOMPARE(m_client->post(u"/api/v1/bill-runs/%1/cancel"_s.arg(id), {}, m_clerk).status, 409);
    QCOMPARE(m_client->get(u"/api/v1/bill-runs/%1"_s.arg(id), m_admin).status, 200);
    QCOMPARE(m_client->get(u"/api/v1/bill-runs/%1"_s.arg(id), m_household).status, 404);
    QCOMPARE(m_client->get(u"/api/v1/bill-runs/999999"_s, m_clerk).status, 404);
    // A run left "running" by a stopped server (no thread of this server runs it) can be cancelled,
    // then resumed.
    QVERIFY(sql(u"UPDATE bill_runs SET state = 'running' WHERE id = ?"_s, {id}));
    const HttpReply staleCancel = m_client->post(u"/api/v1/bill-runs/%1/cancel"_s.arg(id), {}, m_clerk);
    QVERIFY2(staleCancel.status == 202, staleCancel.body.constData());
    QCOMPARE(staleCancel.json().value(u"state"_s).toString(), u"cancelled"_s);
    QCOMPARE(m_client->post(u"/api/v1/bill-runs/%1/cancel"_s.arg(id), {}, m_clerk).status, 409);
    const HttpReply staleResume = m_client->post(u"/api/v1/bill-runs/%1/resume"_s.arg(id), {}, m_clerk);
    QVERIFY2(staleResume.status == 202, staleResume.body.constData());
    QCOMPARE(waitForRun(id, m_clerk).value(u"state"_s).toString(), u"done"_s);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM invoices"_s), before + written);
    // Run again: nothing is charged twice.
    const HttpReply twice =
        m_client->post(u"/api/v1/bill-runs"_s,
                       QJsonDocument(QJsonObject{{u"period"_s, period(runPeriod)}}).toJson(), m_admin);
    QCOMPARE(twice.status, 202);
    s = waitForRun(twice.json().value(u"id"_s).toInteger(), m_admin);
    QCOMPARE(s.value(u"state"_s).toString(), u"done"_s);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM invoices WHERE period = ?"_s, {runPeriod}), written);
    // An admin may not run a district of another supplier.
    QCOMPARE(
        m_client->post(u"/api/v1/bill-runs"_s, R"({"period":"2026-01","district_id":999})", m_admin).status,
        404);
}

// A period that is not a month written YYYY-MM is refused by every route that takes one, with the
// field and the rule: code request.invalid_field, field "period", args [the form, the value sent],
// and a detail that says the form and the month range.
void TestBillingApi::badPeriodNamesFieldAndRule_data()
{
    QTest::addColumn<QString>("route");
    QTest::addColumn<QString>("value");
    const QStringList routes{u"invoices"_s, u"turnover"_s, u"calculate"_s, u"bill-runs"_s};
    const QStringList values{u"2026-13"_s, u"2026-00"_s,    u"2026-1"_s, u"10-2026"_s,
                             u"2026/10"_s, u"2026-10-01"_s, u"abcd-ef"_s};
    for (const QString &route : routes)
        for (const QString &value : values)
            QTest::newRow(qPrintable(route + u' ' + value)) << route << value;
}

void TestBillingApi::badPeriodNamesFieldAndRule()
{
    QFETCH(QString, route);
    QFETCH(QString, value);
    HttpReply r;
    const QByteArray body = QJsonDocument(QJsonObject{{u"period"_s, value}}).toJson(QJsonDocument::Compact);
    const QString query = QString::fromUtf8(QUrl::toPercentEncoding(value));
    if (route == u"invoices")
        r = m_client->get(u"/api/v1/accounts/%1/invoices?period=%2"_s.arg(m_householdAccount).arg(query),
                          m_household);
    else if (route == u"turnover")
        r = m_client->get(u"/api/v1/accounts/%1/turnover?period=%2"_s.arg(m_householdAccount).arg(query),
                          m_household);
    else if (route == u"calculate")
        r = calculate(m_householdAccount, m_clerk, value);
    else
        r = m_client->post(u"/api/v1/bill-runs"_s, body, m_clerk);
    QCOMPARE(r.status, 400);
    const QJsonObject p = r.json();
    QCOMPARE(p.value(u"code"_s).toString(), u"request.invalid_field"_s);
    QCOMPARE(p.value(u"field"_s).toString(), u"period"_s);
    QCOMPARE(p.value(u"args"_s).toArray(), QJsonArray({u"YYYY-MM"_s, value}));
    const QString detail = p.value(u"detail"_s).toString();
    QVERIFY2(detail.contains(u"\"period\""_s) && detail.contains(u"YYYY-MM"_s) &&
                 detail.contains(u"01 to 12"_s) && detail.contains(value),
             qPrintable(detail));
}

// A clerk sees the consumers of its own district only: every billing route answers another
// district's account, bill run or district as if it did not exist (404 not_found).
void TestBillingApi::clerkOfAnotherDistrictSeesNothing()
{
    QVERIFY(
        sql(u"INSERT INTO districts (supplier_id, code, name, address) SELECT supplier_id, '18-99', "
            u"'Інший РЕМ', address FROM districts WHERE id = (SELECT district_id FROM users WHERE login = "
            u"'clerk')"_s));
    QVERIFY(sql(u"INSERT INTO users (login, display_name, password_hash, role, district_id) SELECT "
                u"'clerk-other', 'Інший контролер', password_hash, 'clerk', (SELECT id FROM districts WHERE "
                u"code = '18-99') FROM users WHERE login = 'clerk'"_s));
    const QString other = m_client->login(u"clerk-other"_s);
    QVERIFY(!other.isEmpty());
    const qint64 run = scalar(u"SELECT MAX(id) FROM bill_runs"_s);
    const qint64 district = scalar(u"SELECT district_id FROM users WHERE login = 'clerk'"_s);
    QVERIFY(run > 0 && district > 0);
    for (const qint64 account : {m_householdAccount, m_accountantAccount}) {
        for (const QString &path :
             {u"/api/v1/accounts/%1/invoices"_s, u"/api/v1/accounts/%1/tax-invoices"_s,
              u"/api/v1/accounts/%1/payments"_s, u"/api/v1/accounts/%1/turnover?period=2026-01"_s,
              u"/api/v1/accounts/%1/tariffs"_s, u"/api/v1/accounts/%1/invoices/%2"_s}) {
            QString url = path;
            url.replace(u"%1"_s, QString::number(account)).replace(u"%2"_s, QString::number(m_firstInvoice));
            const HttpReply r = m_client->get(url, other);
            QVERIFY2(r.status == 404, qPrintable(path));
            QCOMPARE(r.json().value(u"code"_s).toString(), u"not_found"_s);
        }
        const HttpReply calc = calculate(account, other, period(m_period));
        QCOMPARE(calc.status, 404);
        QCOMPARE(calc.json().value(u"code"_s).toString(), u"not_found"_s);
        const HttpReply paid = pay({{u"account_id"_s, account},
                                    {u"amount"_s, u"1.00"_s},
                                    {u"paid_on"_s, QString(period(m_period) + u"-05"_s)}},
                                   other);
        QCOMPARE(paid.status, 404);
        QCOMPARE(paid.json().value(u"code"_s).toString(), u"not_found"_s);
    }
    const qint64 payments = scalar(u"SELECT COUNT(*) FROM payments"_s);
    for (const auto &[method, path] : {std::pair{QByteArray("GET"), u"/api/v1/bill-runs/%1"_s},
                                       std::pair{QByteArray("POST"), u"/api/v1/bill-runs/%1/cancel"_s},
                                       std::pair{QByteArray("POST"), u"/api/v1/bill-runs/%1/resume"_s}}) {
        for (const QString &token : {other, m_household}) {
            const HttpReply r = m_client->send(method, path.arg(run), {}, token);
            QVERIFY2(r.status == 404, qPrintable(path));
            QCOMPARE(r.json().value(u"code"_s).toString(), u"not_found"_s);
        }
    }
    const HttpReply start = m_client->post(
        u"/api/v1/bill-runs"_s,
        QJsonDocument(QJsonObject{{u"period"_s, period(m_period)}, {u"district_id"_s, district}}).toJson(),
        other);
    QCOMPARE(start.status, 404);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM payments"_s), payments);
    QList<QVariantList> state;
    QVERIFY(sql(u"SELECT state FROM bill_runs WHERE id = ?"_s, {run}, &state));
    QCOMPARE(state.value(0).value(0).toString(), u"done"_s); // neither cancelled nor resumed by them
}

// A recalculation that lowers a period's energy issues a negative correction: its amounts (and its
// tax invoice's) are negative kopeck-exact strings whose net + VAT is the amount; nothing is paid on
// it and nothing remains; the turnover's charged goes down by it.
void TestBillingApi::negativeCorrectionAmounts()
{
    QVERIFY(m_dayRegister > 0);
    const auto charged = [this] {
        const HttpReply t = m_client->get(
            u"/api/v1/accounts/%1/turnover?period=%2"_s.arg(m_householdAccount).arg(period(m_period)),
            m_household);
        return kopecks(t.json().value(u"items"_s).toArray().first().toObject().value(u"charged"_s));
    };
    const qint64 before = charged();
    // 50.5 kWh less in the day zone: 50.5 x 4.32 = 218.16 less.
    QVERIFY(sql(u"UPDATE readings SET consumption_milli = consumption_milli - 50500, value_milli = "
                u"value_milli - 50500 WHERE register_id = ? AND period = ?"_s,
                {m_dayRegister, m_period}));
    const HttpReply r = calculate(m_householdAccount, m_clerk, period(m_period));
    QVERIFY2(r.status == 200, r.body.constData());
    const QJsonArray corrections = r.json().value(u"corrections"_s).toArray();
    QCOMPARE(corrections.size(), 1);
    const QJsonObject c = corrections.first().toObject();
    QCOMPARE(c.value(u"type"_s).toString(), u"correction"_s);
    QCOMPARE(c.value(u"amount"_s).toString(), u"-218.16"_s);
    QCOMPARE(c.value(u"net"_s).toString(), money(-roundDiv(21816 * 10000, 12000)));
    QCOMPARE(kopecks(c.value(u"net"_s)) + kopecks(c.value(u"vat"_s)), -21816);
    QVERIFY(c.value(u"vat"_s).toString().startsWith(u'-'));
    QCOMPARE(c.value(u"paid"_s).toString(), u"0.00"_s);
    QCOMPARE(c.value(u"remaining"_s).toString(), u"0.00"_s);
    const QJsonObject line = c.value(u"lines"_s).toArray().first().toObject();
    QCOMPARE(line.value(u"quantity"_s).toString(), u"-50.500"_s);
    QCOMPARE(line.value(u"amount"_s).toString(), u"-218.16"_s);
    // The same strings in the lists.
    const QJsonArray items =
        m_client->get(u"/api/v1/accounts/%1/invoices"_s.arg(m_householdAccount), m_household)
            .json()
            .value(u"items"_s)
            .toArray();
    QCOMPARE(items.first().toObject().value(u"id"_s).toInteger(), c.value(u"id"_s).toInteger());
    QCOMPARE(items.first().toObject().value(u"amount"_s).toString(), u"-218.16"_s);
    const QJsonArray tax =
        m_client->get(u"/api/v1/accounts/%1/tax-invoices"_s.arg(m_householdAccount), m_household)
            .json()
            .value(u"items"_s)
            .toArray();
    const QJsonObject t = tax.first().toObject();
    QCOMPARE(t.value(u"invoice_id"_s).toInteger(), c.value(u"id"_s).toInteger());
    QCOMPARE(t.value(u"amount"_s).toString(), u"-218.16"_s);
    QCOMPARE(t.value(u"vat"_s).toString(), c.value(u"vat"_s).toString());
    QVERIFY(!t.value(u"corrects"_s).toString().isEmpty());
    QCOMPARE(charged(), before - 21816);
}

// After everything above: the ledger agrees with its documents (oblik-server check-ledger).
// A clerk's services invoice: priced per line (quantity x price, VAT extracted), with its tax invoice
// and its charge on the services article; each bad field named; a consumer learns nothing of the
// route. An advance run through the same bill-run routes: kind "advance", advances only for
// contracts with a monthly energy, no postings.
void TestBillingApi::servicesInvoiceAndAdvanceRun()
{
    const qint64 account = m_accountantAccount;
    const QString route = u"/api/v1/accounts/%1/services-invoices"_s.arg(account);
    auto issue = [&](const QJsonObject &body, const QString &token, const QString &k = key()) {
        return m_client->send("POST", route, QJsonDocument(body).toJson(QJsonDocument::Compact), token,
                              {{"Idempotency-Key", k.toLatin1()}});
    };
    const QJsonArray lines{
        QJsonObject{
            {u"description"_s, u"Заміна лічильника"_s}, {u"quantity"_s, u"1"_s}, {u"price"_s, u"850.00"_s}},
        QJsonObject{{u"description"_s, u"Пломбування"_s}, {u"quantity"_s, u"3"_s}, {u"price"_s, u"12.35"_s}}};
    const QJsonObject body{{u"period"_s, period(m_period)}, {u"lines"_s, lines}};
    const qint64 invoicesBefore = scalar(u"SELECT COUNT(*) FROM invoices"_s);
    const qint64 servicesBefore = scalar(
        u"SELECT COALESCE(SUM(amount_kopecks), 0) FROM postings WHERE account_id = ? AND article = 'services'"_s,
        {account});

    // Refused, each naming its field; nothing written.
    QJsonArray zeroQuantity = lines;
    zeroQuantity[1] =
        QJsonObject{{u"description"_s, u"Пломбування"_s}, {u"quantity"_s, u"0"_s}, {u"price"_s, u"12.35"_s}};
    QJsonArray blank = lines;
    blank[0] = QJsonObject{{u"description"_s, u"  "_s}, {u"quantity"_s, u"1"_s}, {u"price"_s, u"1.00"_s}};
    QJsonArray badPrice = lines;
    badPrice[0] =
        QJsonObject{{u"description"_s, u"Довідка"_s}, {u"quantity"_s, u"1"_s}, {u"price"_s, u"1.005"_s}};
    QJsonArray noPrice = lines;
    noPrice[1] = QJsonObject{{u"description"_s, u"Довідка"_s}, {u"quantity"_s, u"1"_s}};
    // 50 lines of 200 Cyrillic letters (about 23 KB of JSON): within the route's limit, so the
    // refusal is the last line's price, not the size.
    QJsonArray many;
    for (int i = 0; i < 50; ++i)
        many.append(QJsonObject{{u"description"_s, QString(200, u'ж')},
                                {u"quantity"_s, u"1"_s},
                                {u"price"_s, i == 49 ? u"0.00"_s : u"1.00"_s}});
    QJsonArray huge = lines;
    huge[0] = QJsonObject{
        {u"description"_s, u"Довідка"_s}, {u"quantity"_s, u"1000000000"_s}, {u"price"_s, u"100000000.00"_s}};
    QJsonArray nothing{
        QJsonObject{{u"description"_s, u"Довідка"_s}, {u"quantity"_s, u"1"_s}, {u"price"_s, u"10.00"_s}},
        QJsonObject{{u"description"_s, u"Повернення"_s}, {u"quantity"_s, u"-1"_s}, {u"price"_s, u"10.00"_s}}};
    const QString later = QDate::currentDate().addMonths(2).toString(u"yyyy-MM"_s);
    const auto refused = [&](const QJsonObject &b, int status, const QString &code, const QString &field,
                             const QJsonArray &args = {}) {
        const HttpReply r = issue(b, m_clerk);
        QVERIFY2(r.status == status, r.body.constData());
        QCOMPARE(r.json().value(u"code"_s).toString(), code);
        QCOMPARE(r.json().value(u"field"_s).toString(), field);
        if (!args.isEmpty())
            QCOMPARE(r.json().value(u"args"_s).toArray(), args);
        QVERIFY2(!r.json().value(u"detail"_s).toString().isEmpty(), r.body.constData());
    };
    const auto with = [&](const QString &p, const QJsonArray &l) {
        return QJsonObject{{u"period"_s, p}, {u"lines"_s, l}};
    };
    const QString now = period(m_period);
    refused(with(now, zeroQuantity), 400, u"request.invalid_field"_s, u"lines[1].quantity"_s,
            {u"nonzero"_s, u"0.000"_s});
    refused(with(now, blank), 400, u"request.invalid_field"_s, u"lines[0].description"_s,
            {u"text:200"_s, QString()});
    refused(with(now, badPrice), 400, u"request.invalid_field"_s, u"lines[0].price"_s,
            {u"0.00"_s, u"1.005"_s});
    refused(with(now, many), 400, u"request.invalid_field"_s, u"lines[49].price"_s,
            {u"positive"_s, u"0.00"_s});
    refused(with(now, huge), 400, u"request.invalid_field"_s, u"lines[0].price"_s);
    refused(with(now, nothing), 400, u"request.invalid_field"_s, u"lines"_s, {u"nonzero"_s, u"0.00"_s});
    refused(with(now, noPrice), 400, u"request.missing_field"_s, u"lines[1].price"_s);
    refused(with(now, QJsonArray()), 400, u"request.invalid_field"_s, u"lines"_s);
    refused(QJsonObject{{u"period"_s, now}}, 400, u"request.missing_field"_s, u"lines"_s);
    refused(with(later, lines), 400, u"request.invalid_field"_s, u"period"_s,
            {QString(u"not_after:"_s + QDate::currentDate().toString(u"yyyy-MM"_s)), later});
    QCOMPARE(issue(body, m_accountant).status, 404); // the consumer
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM invoices"_s), invoicesBefore);

    // 850.00 + 3 x 12.35 = 887.05; net 887.05 / 1.2 = 739.2083 -> 739.21, VAT 147.84.
    const QString k = key();
    const HttpReply issued = issue(body, m_clerk, k);
    QVERIFY2(issued.status == 201, issued.body.constData());
    const QJsonObject inv = issued.json().value(u"invoice"_s).toObject();
    QCOMPARE(inv.value(u"type"_s).toString(), u"services"_s);
    QCOMPARE(inv.value(u"article"_s).toString(), u"services"_s);
    QCOMPARE(inv.value(u"amount"_s).toString(), u"887.05"_s);
    QCOMPARE(inv.value(u"net"_s).toString(), u"739.21"_s);
    QCOMPARE(inv.value(u"vat"_s).toString(), u"147.84"_s);
    const QJsonArray got = inv.value(u"lines"_s).toArray();
    QCOMPARE(got.size(), 2);
    QCOMPARE(got.at(0).toObject().value(u"description"_s).toString(), u"Заміна лічильника"_s);
    QCOMPARE(got.at(0).toObject().value(u"kind"_s).toString(), u"services"_s);
    QCOMPARE(got.at(0).toObject().value(u"amount"_s).toString(), u"850.00"_s);
    QCOMPARE(got.at(1).toObject().value(u"quantity"_s).toString(), u"3.000"_s);
    QCOMPARE(got.at(1).toObject().value(u"tariff"_s).toString(), u"12.35000"_s);
    QCOMPARE(got.at(1).toObject().value(u"amount"_s).toString(), u"37.05"_s);
    // Its key again: the same answer, nothing more written.
    const HttpReply again = issue(body, m_clerk, k);
    QCOMPARE(again.status, 201);
    QCOMPARE(again.body, issued.body);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM invoices"_s), invoicesBefore + 1);
    // Charged on services, with its tax invoice; the consumer sees it with its lines.
    QCOMPARE(
        scalar(u"SELECT COALESCE(SUM(amount_kopecks), 0) FROM postings WHERE account_id = ? AND article = "
               u"'services'"_s,
               {account}),
        servicesBefore + 88705);
    const QString number = inv.value(u"number"_s).toString();
    bool taxed = false;
    for (const QJsonValue &t : m_client->get(u"/api/v1/accounts/%1/tax-invoices"_s.arg(account), m_accountant)
                                   .json()
                                   .value(u"items"_s)
                                   .toArray())
        taxed = taxed || t.toObject().value(u"number"_s).toString() == u"PN-"_s + number;
    QVERIFY(taxed);
    const HttpReply seen = m_client->get(
        u"/api/v1/accounts/%1/invoices/%2"_s.arg(account).arg(inv.value(u"id"_s).toInteger()), m_accountant);
    QCOMPARE(seen.status, 200);
    QCOMPARE(seen.json().value(u"lines"_s).toArray().at(1).toObject().value(u"description"_s).toString(),
             u"Пломбування"_s);

    // An advance run for the next period: only the contract given a monthly energy here is asked.
    const int next = m_period % 100 == 12 ? m_period + 89 : m_period + 1;
    QVERIFY(sql(u"DELETE FROM contract_limits"_s));
    QVERIFY(sql(u"INSERT INTO contract_limits (contract_id, monthly_energy_milli, power_w, valid_from) "
                u"SELECT contract_id, 1000000, 0, 202001 FROM accounts WHERE id = ?"_s,
                {account}));
    const qint64 postings = scalar(u"SELECT COUNT(*) FROM postings"_s);
    QCOMPARE(m_client->post(u"/api/v1/bill-runs"_s, R"({"period":"2026-01","kind":"later"})", m_clerk).status,
             400);
    const HttpReply started = m_client->post(
        u"/api/v1/bill-runs"_s,
        QJsonDocument(QJsonObject{{u"period"_s, period(next)}, {u"kind"_s, u"advance"_s}}).toJson(), m_clerk);
    QVERIFY2(started.status == 202, started.body.constData());
    QCOMPARE(started.json().value(u"kind"_s).toString(), u"advance"_s);
    const QJsonObject done = waitForRun(started.json().value(u"id"_s).toInteger(), m_clerk);
    QCOMPARE(done.value(u"state"_s).toString(), u"done"_s);
    QCOMPARE(done.value(u"kind"_s).toString(), u"advance"_s);
    const qint64 advances = scalar(u"SELECT COUNT(*) FROM invoices WHERE type = 'planned_advance'"_s);
    QCOMPARE(done.value(u"invoices"_s).toInteger(), advances);
    QCOMPARE(done.value(u"postings"_s).toInteger(), 0);
    QCOMPARE(done.value(u"accounts_failed"_s).toInteger(), 0);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM postings"_s), postings);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM invoices WHERE type = 'planned_advance' AND account_id = ?"_s,
                    {account}),
             1);
    // Only the contract with a monthly energy is asked (households pay after the fact).
    QCOMPARE(
        scalar(u"SELECT COUNT(*) FROM invoices i JOIN accounts a ON a.id = i.account_id WHERE i.type = "
               u"'planned_advance' AND a.contract_id <> (SELECT contract_id FROM accounts WHERE id = ?)"_s,
               {account}),
        0);
    // Planned by the account's billed active energy: the average of its newest three billed periods.
    QList<QVariantList> billed;
    QVERIFY(
        sql(u"SELECT i.period, SUM(l.quantity_milli) FROM invoices i JOIN invoice_lines l ON l.invoice_id = "
            u"i.id WHERE i.account_id = ? AND i.calculation_id IS NOT NULL AND l.kind = 'active_energy' AND "
            u"i.period < ? GROUP BY i.period ORDER BY i.period DESC"_s,
            {account, next}, &billed));
    QVERIFY(!billed.isEmpty());
    qint64 sum = 0;
    const qint64 n = std::min<qint64>(3, billed.size());
    for (qint64 i = 0; i < n; ++i)
        sum += billed.at(i).at(1).toLongLong();
    const qint64 planned = roundDiv(sum, n);
    // In the consumer's list, at its tariff, nothing charged for it.
    QJsonObject advance;
    for (const QJsonValue &v : m_client->get(u"/api/v1/accounts/%1/invoices"_s.arg(account), m_accountant)
                                   .json()
                                   .value(u"items"_s)
                                   .toArray())
        if (v.toObject().value(u"type"_s).toString() == u"planned_advance")
            advance = v.toObject();
    QVERIFY(!advance.isEmpty());
    QCOMPARE(advance.value(u"period"_s).toString(), period(next));
    const QJsonObject line =
        m_client
            ->get(u"/api/v1/accounts/%1/invoices/%2"_s.arg(account).arg(advance.value(u"id"_s).toInteger()),
                  m_accountant)
            .json()
            .value(u"lines"_s)
            .toArray()
            .at(0)
            .toObject();
    QCOMPARE(line.value(u"quantity"_s).toString(),
             u"%1.%2"_s.arg(planned / 1000).arg(planned % 1000, 3, 10, QChar(u'0')));
    const qint64 tariff = line.value(u"tariff"_s).toString().remove(u'.').toLongLong(); // hundred-thousandths
    QCOMPARE(kopecks(advance.value(u"amount"_s)), roundDiv(planned * tariff, 1'000'000));
}

void TestBillingApi::ledgerChecksOut()
{
    const CliRun check = runServerCli({u"check-ledger"_s, u"--db"_s, m_dbUrl});
    QVERIFY2(check.exitCode == 0, check.out.constData());
}

// `oblik-server demo` bills its 12 closed periods and records payments a few days after each pay-by
// date, in the period after the invoice's; some partial, exactly one overpaid; the ledger agrees.
void TestBillingApi::demoIsBilledAndPaid()
{
#ifdef OBLIK_BILLING_ON_POSTGRES
    QSKIP("the demo's billing is checked once, on SQLite");
#else
    const QString url = sqliteUrl(m_dir.filePath(u"demo.db"_s));
    const CliRun demo = runServerCli({u"demo"_s, u"--db"_s, url, u"--accounts"_s, u"12"_s});
    QVERIFY2(demo.exitCode == 0 && !demo.crashed, demo.err.constData());
    const QString saved = m_dbUrl;
    m_dbUrl = url; // sql() and scalar() read this database now
    const auto restore = qScopeGuard([&] { m_dbUrl = saved; });
    QCOMPARE(scalar(u"SELECT COUNT(DISTINCT period) FROM invoices WHERE calculation_id IS NOT NULL"_s), 12);
    // The current period's planned advances (the bakery's contract has a monthly energy: its accounts),
    // formed before it began, and one services invoice with its lines.
    const qint64 advances = scalar(u"SELECT COUNT(*) FROM invoices WHERE type = 'planned_advance'"_s);
    QVERIFY(advances >= 1);
    QCOMPARE(
        scalar(u"SELECT COUNT(*) FROM invoices i WHERE i.type = 'planned_advance' AND i.period = (SELECT "
               u"MAX(period) FROM invoices WHERE calculation_id IS NOT NULL) + CASE WHEN (SELECT MAX(period) "
               u"FROM invoices WHERE calculation_id IS NOT NULL) % 100 = 12 THEN 89 ELSE 1 END"_s),
        advances);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM postings p JOIN invoices i ON i.id = p.invoice_id WHERE i.type = "
                    u"'planned_advance'"_s),
             0);
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM invoices WHERE type = 'services'"_s), 1);
    QCOMPARE(
        scalar(u"SELECT COUNT(*) FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.type = "
               u"'services' AND l.kind = 'services' AND l.description <> ''"_s),
        2);
    QCOMPARE(
        scalar(
            u"SELECT COUNT(*) FROM (SELECT DISTINCT account_id, period FROM invoices WHERE type = 'active_energy') x"_s),
        12 * 12);
    // Only values out of range stopped an account, and the clerk's confirmation billed it after all.
    QCOMPARE(scalar(u"SELECT COUNT(*) FROM bill_run_failures WHERE code <> 'calc.out_of_range'"_s), 0);
    const QString paidFor = u"FROM payments p JOIN invoices i ON p.purpose LIKE '% ' || i.number "_s;
    const qint64 payments = scalar(u"SELECT COUNT(*) FROM payments"_s);
    QVERIFY(payments > 12 * 12 / 2);
    QCOMPARE(scalar(u"SELECT COUNT(*) "_s + paidFor), payments); // each names the invoice it pays
    QCOMPARE(scalar(u"SELECT COUNT(*) "_s + paidFor + u"WHERE p.amount_kopecks > i.gross_kopecks"_s), 1);
    QVERIFY(scalar(u"SELECT COUNT(*) "_s + paidFor + u"WHERE p.amount_kopecks < i.gross_kopecks"_s) > 0);
    QVERIFY(scalar(u"SELECT COUNT(*) "_s + paidFor + u"WHERE p.amount_kopecks = i.gross_kopecks"_s) >
            payments / 2);
    QCOMPARE(scalar(u"SELECT COUNT(*) "_s + paidFor +
                    u"WHERE p.paid_on <= i.due_date OR p.paid_on > date(i.due_date, '+7 day')"_s),
             0);
    QCOMPARE(
        scalar(u"SELECT COUNT(*) "_s + paidFor +
               u"WHERE p.period <> CASE WHEN i.period % 100 = 12 THEN i.period + 89 ELSE i.period + 1 END"_s),
        0);
    QVERIFY(
        scalar(
            u"SELECT COUNT(*) FROM invoices i WHERE i.gross_kopecks > "
            u"(SELECT COALESCE(SUM(a.amount_kopecks), 0) FROM allocations a WHERE a.invoice_id = i.id)"_s) >
        0);
    const CliRun check = runServerCli({u"check-ledger"_s, u"--db"_s, url});
    QVERIFY2(check.exitCode == 0, check.out.constData());
#endif
}

QTEST_GUILESS_MAIN(TestBillingApi)
#include "tst_billingapi.moc"

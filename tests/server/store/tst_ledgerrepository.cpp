// The stored ledger (LedgerRepository), once per driver: parameters and their overlaps, the
// effective documents a recalculation compares with, payment allocation, the turnover statement from
// SQL sums (reference 004), the ledger check, and the check-ledger command's exit codes. Invoices and
// postings are inserted with plain SQL here, so every expectation can be checked against init().

#include "storefixture.h"
#include "storetest.h"

#include "billing/ledger.h"
#include "store/ledgerrepository.h"
#include "store/ledgerwriter.h"
#include "store/migrator.h"
#include "store/sqlsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlDriver>
#include <QThread>

#ifdef OBLIK_HAVE_SQLITE3
#include <sqlite3.h>
#endif

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::store;
using billing::Article;
using billing::Validity;
using test::insertRow;

namespace {

Period P(int yyyymm)
{
    return Period::fromYyyymm(yyyymm);
}

Validity V(int from, int to = 0)
{
    return Validity{P(from), to ? P(to) : Period()};
}

Money M(qint64 kopecks)
{
    return Money::fromKopecks(kopecks);
}

// 2026-11-25 12:00 UTC, the "today" of the payment tests.
constexpr qint64 kNow = 1795608000000;

#ifdef OBLIK_HAVE_SQLITE3
int traceCallback(unsigned, void *counter, void *, void *)
{
    ++*static_cast<int *>(counter);
    return 0;
}
#endif

struct Line
{
    QString kind, zone;
    qint64 quantity, tariff, num, den, gross;
};

} // namespace

class TestLedgerRepository : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    QString m_url;
    qint64 supplier = 0, district = 0, contract = 0, a1 = 0, a2 = 0;
    int m_serial = 0;
    bool m_rawPostings = false; // postings without documents: the check would rightly object

    // An invoice with its lines (VAT extracted at 20%, line by line: each line's net + VAT == gross,
    // the invoice's amounts are the lines' sums). Returns its id.
    qint64 invoice(qint64 account, int period, const QString &type, const QString &article,
                   const QString &date, const QList<Line> &lines, bool post = true, qint64 corrects = 0)
    {
        QSqlDatabase c = m_db->connection();
        qint64 net = 0, vat = 0, gross = 0;
        QList<std::array<qint64, 3>> split;
        for (const Line &l : lines) {
            const qint64 n =
                l.gross >= 0 ? (l.gross * 10000 + 6000) / 12000 : -((-l.gross * 10000 + 6000) / 12000);
            split.append({n, l.gross - n, l.gross});
            net += n;
            vat += l.gross - n;
            gross += l.gross;
        }
        // A calculated invoice belongs to a calculation; a planned advance and a services invoice
        // are issued without one.
        QVariant calculation = test::null();
        if (type != u"planned_advance"_s && type != u"services"_s) {
            const qint64 calc = insertRow(c, u"calculations"_s,
                                          {{"account_id", account},
                                           {"period", period},
                                           {"seq", 1000 + ++m_serial},
                                           {"requester", u"clerk"_s},
                                           {"vat_rate_bp", 2000},
                                           {"vat_mode", u"extracted"_s},
                                           {"created_at", kNow}});
            [&] { QVERIFY(calc > 0); }();
            calculation = calc;
        }
        // The lines as stored with the invoice (migration 14).
        QJsonArray stored;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const Line &l = lines[i];
            stored.append(QJsonArray{l.kind, l.zone, l.quantity, l.tariff, l.num, l.den, split[i][0],
                                     split[i][1], split[i][2], QString()});
        }
        const qint64 id =
            insertRow(c, u"invoices"_s,
                      {{"account_id", account},
                       {"calculation_id", calculation},
                       {"district_id", district},
                       {"number", u"18-07-2026-%1"_s.arg(++m_serial)},
                       {"type", type},
                       {"article", article},
                       {"period", period},
                       {"date", date},
                       {"due_date", QDate::fromString(date, Qt::ISODate).addDays(10).toString(Qt::ISODate)},
                       {"net_kopecks", net},
                       {"vat_kopecks", vat},
                       {"gross_kopecks", gross},
                       {"corrects_invoice_id", corrects ? QVariant(corrects) : test::null()},
                       {"created_at", kNow},
                       {"lines", QString::fromUtf8(QJsonDocument(stored).toJson(QJsonDocument::Compact))}});
        [&] { QVERIFY(id > 0); }();
        if (post)
            posting(account, article, period, type == u"correction"_s ? u"correction"_s : u"charge"_s, gross,
                    id, 0, date);
        return id;
    }
    qint64 simpleInvoice(qint64 account, int period, const QString &date, qint64 gross,
                         const QString &article = u"active_energy"_s)
    {
        const QString kind = article == u"reactive_energy"_s ? u"reactive_energy"_s : u"active_energy"_s;
        return invoice(account, period, article, article, date,
                       {{kind, u"total"_s, 1000, 432000, 1, 1, gross}});
    }
    // A posting from a signed amount (debit when >= 0).
    void posting(qint64 account, const QString &article, int period, const QString &kind, qint64 signedAmount,
                 qint64 invoiceId = 0, qint64 paymentId = 0, const QString &date = u"2026-01-01"_s)
    {
        const qint64 id = insertRow(m_db->connection(), u"postings"_s,
                                    {{"account_id", account},
                                     {"article", article},
                                     {"period", period},
                                     {"kind", kind},
                                     {"side", signedAmount >= 0 ? u"debit"_s : u"credit"_s},
                                     {"amount_kopecks", signedAmount >= 0 ? signedAmount : -signedAmount},
                                     {"invoice_id", invoiceId ? QVariant(invoiceId) : test::null()},
                                     {"payment_id", paymentId ? QVariant(paymentId) : test::null()},
                                     {"date", date},
                                     {"created_at", kNow}});
        QVERIFY(id > 0);
    }
    StoredPayment pay(qint64 account, qint64 kopecks, QDate paidOn, Article article = Article::ActiveEnergy)
    {
        LedgerRepository repo(*m_db);
        Transaction tx(m_db->connection());
        PaymentWrite w;
        w.account = AccountId(account);
        w.article = article;
        w.amount = M(kopecks);
        w.paidOn = paidOn;
        w.bank = u"АТ КБ «ПриватБанк»"_s;
        w.mfo = u"305299"_s;
        w.purpose = u"Оплата за електроенергію"_s;
        auto r = repo.registerPayment(w, kNow);
        if (!r.ok()) {
            qWarning("registerPayment: %s %s", qPrintable(r.error().code()), qPrintable(r.error().detail()));
            return StoredPayment();
        }
        tx.commit();
        return r.value();
    }
    QHash<qint64, qint64> paidByInvoice(qint64 account)
    {
        QHash<qint64, qint64> out;
        auto list = LedgerRepository(*m_db).invoices(AccountId(account));
        if (list.ok()) {
            for (const StoredInvoice &i : list.value())
                out.insert(i.id, i.paid.kopecks());
        }
        return out;
    }

private Q_SLOTS:
    void initTestCase_data() { test::addDriverRows(); }

    void init()
    {
        OBLIK_FRESH_DATABASE(url, m_dir);
        OBLIK_OPEN_DATABASE(db, url);
        m_url = url;
        m_db = std::move(db);
        QVERIFY(Migrator(*m_db).migrate().ok());
        QSqlDatabase c = m_db->connection();
        supplier = insertRow(c, u"suppliers"_s,
                             {{"name", u"ТОВ «Енергозбут»"_s},
                              {"edrpou", u"11111111"_s},
                              {"iban", u"UA1"_s},
                              {"address", u"Житомир"_s}});
        district = insertRow(c, u"districts"_s,
                             {{"supplier_id", supplier},
                              {"code", u"18-07"_s},
                              {"name", u"Радомишльський РЕМ"_s},
                              {"address", u"Радомишль"_s},
                              {"phone", u"+380 1"_s}});
        const qint64 consumer = insertRow(c, u"consumers"_s,
                                          {{"district_id", district},
                                           {"kind", u"legal"_s},
                                           {"name", u"ТОВ «Тетерів-Хліб»"_s},
                                           {"name_folded", foldForSearch(u"ТОВ «Тетерів-Хліб»"_s)},
                                           {"edrpou", u"41234567"_s},
                                           {"address", u"Радомишль"_s},
                                           {"iban", u"UA2"_s},
                                           {"phone", u"+380 2"_s},
                                           {"email", u"x@example.org"_s}});
        contract = insertRow(c, u"contracts"_s,
                             {{"consumer_id", consumer},
                              {"number", u"K-1"_s},
                              {"signed_on", u"2019-01-14"_s},
                              {"consumer_class", u"class_2"_s},
                              {"billing_day", 1},
                              {"window_working_days", 5},
                              {"requires_signed_act", 0},
                              {"self_calculation", 1}});
        a1 = insertRow(c, u"accounts"_s,
                       {{"contract_id", contract},
                        {"number", u"1807000001"_s},
                        {"address", u"вул. Київська, 112"_s},
                        {"opened_on", u"2019-02-01"_s}});
        a2 = insertRow(c, u"accounts"_s,
                       {{"contract_id", contract},
                        {"number", u"1807000002"_s},
                        {"address", u"вул. Промислова, 7"_s},
                        {"opened_on", u"2019-02-01"_s}});
        QVERIFY(a1 > 0 && a2 > 0);
        m_serial = 0;
        m_rawPostings = false;
    }

    void cleanup()
    {
        // Every test leaves a ledger that agrees with itself, unless it broke it on purpose.
        if (m_db && !QTest::currentTestFailed() && !m_rawPostings &&
            !QString::fromLatin1(QTest::currentTestFunction()).startsWith(u"checkFinds"_s)) {
            auto report = LedgerRepository(*m_db).check();
            QVERIFY(report.ok());
            if (!report.value().ok())
                QFAIL(qPrintable(report.value().problems.first().detail()));
        }
        m_db.reset();
    }

    // ---- parameters ----

    void parameterOverlap_data()
    {
        QTest::addColumn<int>("storedFrom");
        QTest::addColumn<int>("storedTo"); // 0 = open-ended
        QTest::addColumn<int>("newFrom");
        QTest::addColumn<int>("newTo");
        QTest::addColumn<bool>("refused");
        QTest::newRow("after a closed one") << 202601 << 202606 << 202607 << 0 << false;
        QTest::newRow("before a closed one") << 202601 << 202606 << 202501 << 202512 << false;
        QTest::newRow("touching the end") << 202601 << 202606 << 202606 << 0 << true;
        QTest::newRow("inside") << 202601 << 202612 << 202603 << 202604 << true;
        QTest::newRow("covering") << 202603 << 202604 << 202601 << 202612 << true;
        QTest::newRow("after an open one") << 202601 << 0 << 203001 << 0 << true;
        QTest::newRow("closed before an open one") << 202601 << 0 << 202501 << 202512 << false;
        QTest::newRow("open before an open one") << 202601 << 0 << 202501 << 0 << true;
    }

    void parameterOverlap()
    {
        QFETCH(int, storedFrom);
        QFETCH(int, storedTo);
        QFETCH(int, newFrom);
        QFETCH(int, newTo);
        QFETCH(bool, refused);
        LedgerRepository repo(*m_db);
        const SupplierId s(supplier);
        const Tariff t = Tariff::fromHundredThousandths(432000);
        const auto fr = billing::Fraction{2, 5};
        // Each kind of parameter with the same two validities: the stored one is accepted...
        QVERIFY(repo.addTariff(s, u"class_2"_s, 2, V(storedFrom, storedTo), t).isNull());
        QVERIFY(repo.addZoneCoefficient(s, billing::ZoneScheme::ThreeZones, domain::Zone::Night,
                                        V(storedFrom, storedTo), fr)
                    .isNull());
        QVERIFY(repo.addReactiveTariff(s, V(storedFrom, storedTo), t).isNull());
        QVERIFY(repo.addGenerationTariff(s, V(storedFrom, storedTo), t).isNull());
        QVERIFY(repo.addOverLimitMultiple(s, V(storedFrom, storedTo), billing::Fraction{2, 1}).isNull());
        QVERIFY(repo.addVat(s, V(storedFrom, storedTo), billing::VatRule{}).isNull());
        QVERIFY(repo.addLimit(ContractId(contract), V(storedFrom, storedTo),
                              billing::ContractLimits{Energy::fromMilli(200000000), 400000})
                    .isNull());
        // ...and the second is refused exactly when it overlaps, naming the parameter and its key.
        const QList<std::pair<QString, Error>> second{
            {u"tariff"_s, repo.addTariff(s, u"class_2"_s, 2, V(newFrom, newTo), t)},
            {u"zone_coefficient"_s, repo.addZoneCoefficient(s, billing::ZoneScheme::ThreeZones,
                                                            domain::Zone::Night, V(newFrom, newTo), fr)},
            {u"reactive_tariff"_s, repo.addReactiveTariff(s, V(newFrom, newTo), t)},
            {u"generation_tariff"_s, repo.addGenerationTariff(s, V(newFrom, newTo), t)},
            {u"over_limit_multiple"_s,
             repo.addOverLimitMultiple(s, V(newFrom, newTo), billing::Fraction{2, 1})},
            {u"vat"_s, repo.addVat(s, V(newFrom, newTo), billing::VatRule{})},
            {u"limit"_s, repo.addLimit(ContractId(contract), V(newFrom, newTo),
                                       billing::ContractLimits{Energy::fromMilli(1000), 0})},
        };
        for (const auto &[name, e] : second) {
            if (refused) {
                QCOMPARE(e.code(), u"calc.parameter_overlap"_s);
                QCOMPARE(e.field(), name);
                QCOMPARE(e.args().value(0), name);
                QCOMPARE(e.args().value(2), V(newFrom, newTo).toString());
            } else {
                QVERIFY2(e.isNull(), qPrintable(name + u": "_s + e.code()));
            }
        }
        // Another key of the same parameter never overlaps.
        QVERIFY(repo.addTariff(s, u"class_2"_s, 1, V(newFrom, newTo), t).isNull());
        QVERIFY(repo.addTariff(s, u"household"_s, 2, V(newFrom, newTo), t).isNull());
        // What was refused was not stored: the set loads without overlaps.
        auto set = repo.parameters(s);
        QVERIFY2(set.ok(), qPrintable(set.ok() ? QString() : set.error().code()));
        QCOMPARE(set.value().tariffHistory(u"class_2"_s, 2).size(), refused ? 1 : 2);
        auto limits = repo.limitRows(ContractId(contract));
        QVERIFY(limits.ok());
        QCOMPARE(limits.value().size(), refused ? 1 : 2);
    }

    void invalidParametersRefused()
    {
        LedgerRepository repo(*m_db);
        const SupplierId s(supplier);
        QCOMPARE(
            repo.addTariff(s, u"class_2"_s, 2, V(202605, 202601), Tariff::fromHundredThousandths(1)).code(),
            u"calc.parameter_overlap"_s); // an invalid validity
        QCOMPARE(repo.addTariff(s, u"class_2"_s, 3, V(202601), Tariff::fromHundredThousandths(1)).code(),
                 u"request.invalid_field"_s);
        QCOMPARE(repo.addZoneCoefficient(s, billing::ZoneScheme::TwoZones, domain::Zone::Night, V(202601),
                                         billing::Fraction{1, 0})
                     .code(),
                 u"calc.invalid_coefficient"_s);
        QCOMPARE(repo.addZoneCoefficient(s, billing::ZoneScheme::TwoZones, domain::Zone::Peak, V(202601),
                                         billing::Fraction{3, 2})
                     .code(),
                 u"request.invalid_field"_s); // two zones have no peak
        QCOMPARE(repo.addVat(s, V(202601), billing::VatRule{20000, billing::VatMode::FromNet}).code(),
                 u"calc.invalid_coefficient"_s);
    }

    void parametersRoundTrip()
    {
        LedgerRepository repo(*m_db);
        const SupplierId s(supplier);
        QVERIFY(repo.addTariff(s, u"class_2"_s, 2, V(202501, 202512), Tariff::fromHundredThousandths(450000))
                    .isNull());
        QVERIFY(
            repo.addTariff(s, u"class_2"_s, 2, V(202601), Tariff::fromHundredThousandths(475312)).isNull());
        QVERIFY(
            repo.addTariff(s, u"class_1"_s, 1, V(202501), Tariff::fromHundredThousandths(430000)).isNull());
        QVERIFY(repo.addZoneCoefficient(s, billing::ZoneScheme::ThreeZones, domain::Zone::Peak, V(202501),
                                        billing::Fraction{3, 2})
                    .isNull());
        QVERIFY(repo.addReactiveTariff(s, V(202501), Tariff::fromHundredThousandths(15000)).isNull());
        QVERIFY(repo.addOverLimitMultiple(s, V(202501), billing::Fraction{2, 1}).isNull());
        QVERIFY(repo.addVat(s, V(202501), billing::VatRule{2000, billing::VatMode::FromNet}).isNull());

        auto set = repo.parameters(s);
        QVERIFY(set.ok());
        const billing::ParameterSet &p = set.value();
        QCOMPARE(p.tariff(u"class_2"_s, 2, P(202512)).value().hundredThousandths(), 450000);
        QCOMPARE(p.tariff(u"class_2"_s, 2, P(202607)).value().hundredThousandths(), 475312);
        QVERIFY(p.zoneCoefficient(billing::ZoneScheme::ThreeZones, domain::Zone::Peak, P(202607)).value() ==
                (billing::Fraction{3, 2}));
        QCOMPARE(p.reactiveTariff(P(202607)).value().hundredThousandths(), 15000);
        QVERIFY(p.overLimitMultiple(P(202607)).value() == (billing::Fraction{2, 1}));
        QVERIFY(p.vat(P(202607)).value() == (billing::VatRule{2000, billing::VatMode::FromNet}));
        // A missing parameter is named with its key and period.
        const auto missing = p.tariff(u"household"_s, 2, P(202607));
        QCOMPARE(missing.error().code(), u"calc.parameter_missing"_s);
        QCOMPARE(missing.error().args(),
                 (QStringList{u"tariff"_s, u"class=household;voltage_class=2"_s, u"2026-07"_s}));
        const auto early = p.tariff(u"class_2"_s, 2, P(202412));
        QCOMPARE(early.error().args().value(2), u"2024-12"_s);
        QCOMPARE(p.generationTariff(P(202607)).error().args().value(0), u"generation_tariff"_s);

        // The account's screen: its class's tariffs and the supplier-wide values, oldest first.
        auto rows = repo.parameterRows(s, u"class_2"_s);
        QVERIFY(rows.ok());
        QStringList seen;
        for (const ParameterRow &r : rows.value())
            seen << r.parameter + u'|' + r.key + u'|' + r.value + u'|' + r.validFrom.toString() + u'|' +
                        (r.validTo ? r.validTo->toString() : QString());
        QCOMPARE(seen, (QStringList{
                           u"over_limit_multiple||2|2025-01|"_s,
                           u"reactive_tariff||0.15000|2025-01|"_s,
                           u"tariff|class=class_2;voltage_class=2|4.50000|2025-01|2025-12"_s,
                           u"vat||20%; from_net|2025-01|"_s,
                           u"zone_coefficient|scheme=three_zones;zone=peak|1.5|2025-01|"_s,
                           u"tariff|class=class_2;voltage_class=2|4.75312|2026-01|"_s,
                       }));
    }

    // Issue 5: "VAT rate per supplier (20% by default) and how VAT is rounded: ... extracted ...
    // which is ... the default". The supplier's rate is suppliers.vat_rate_bp (DEFAULT 2000); a `vat`
    // parameter in force in a period wins, and where none is in force the supplier's rate applies,
    // extracted from gross. Before, such a period was calc.parameter_missing "vat".
    void vatDefaultsToTheSuppliersRate_data()
    {
        QTest::addColumn<int>("supplierRate");
        QTest::addColumn<QStringList>("vatRows"); // from|to(0: open)|rate bp|mode
        QTest::addColumn<int>("period");
        QTest::addColumn<QString>("expected"); // rate|mode
        // The tariffs screen's VAT rows (key|value|from|to), the supplier's default with key "default",
        // shown from the first period anything is configured (a tariff from 2025-01 here).
        QTest::addColumn<QStringList>("listed");
        QTest::newRow("none configured: 20%, extracted")
            << 2000 << QStringList{} << 202610 << u"2000|extracted"_s
            << QStringList{u"default|20%; extracted|2025-01|"_s};
        QTest::newRow("none configured, the supplier's 7%")
            << 700 << QStringList{} << 202610 << u"700|extracted"_s
            << QStringList{u"default|7%; extracted|2025-01|"_s};
        QTest::newRow("a value in force wins")
            << 700 << QStringList{u"202601|0|2000|from_net"_s} << 202610 << u"2000|from_net"_s
            << QStringList{u"default|7%; extracted|2025-01|2025-12"_s, u"|20%; from_net|2026-01|"_s};
        QTest::newRow("before the first value: the default")
            << 700 << QStringList{u"202601|0|2000|from_net"_s} << 202512 << u"700|extracted"_s
            << QStringList{u"default|7%; extracted|2025-01|2025-12"_s, u"|20%; from_net|2026-01|"_s};
        QTest::newRow("after a closed value: the default")
            << 2000 << QStringList{u"202601|202606|1400|from_net"_s} << 202607 << u"2000|extracted"_s
            << QStringList{u"default|20%; extracted|2025-01|2025-12"_s, u"|14%; from_net|2026-01|2026-06"_s,
                           u"default|20%; extracted|2026-07|"_s};
        QTest::newRow("between two values: the default")
            << 2000 << QStringList{u"202601|202603|1400|from_net"_s, u"202607|0|700|from_net"_s} << 202605
            << u"2000|extracted"_s
            << QStringList{u"default|20%; extracted|2025-01|2025-12"_s, u"|14%; from_net|2026-01|2026-03"_s,
                           u"default|20%; extracted|2026-04|2026-06"_s, u"|7%; from_net|2026-07|"_s};
        QTest::newRow("the second of two values")
            << 2000 << QStringList{u"202601|202603|1400|from_net"_s, u"202607|0|700|from_net"_s} << 202607
            << u"700|from_net"_s
            << QStringList{u"default|20%; extracted|2025-01|2025-12"_s, u"|14%; from_net|2026-01|2026-03"_s,
                           u"default|20%; extracted|2026-04|2026-06"_s, u"|7%; from_net|2026-07|"_s};
    }

    void vatDefaultsToTheSuppliersRate()
    {
        QFETCH(int, supplierRate);
        QFETCH(QStringList, vatRows);
        QFETCH(int, period);
        QFETCH(QString, expected);
        QSqlQuery q(m_db->connection());
        QVERIFY(execPrepared(q, u"UPDATE suppliers SET vat_rate_bp = ? WHERE id = ?"_s,
                             {supplierRate, supplier}));
        LedgerRepository repo(*m_db);
        for (const QString &row : vatRows) {
            const QStringList f = row.split(u'|');
            QVERIFY(repo.addVat(SupplierId(supplier), V(f[0].toInt(), f[1].toInt()),
                                billing::VatRule{f[2].toInt(), *billing::vatModeFromString(f[3])})
                        .isNull());
        }
        auto set = repo.parameters(SupplierId(supplier));
        QVERIFY(set.ok());
        const Result<billing::VatRule> vat = set.value().vat(P(period));
        QVERIFY2(vat.ok(), qPrintable(vat.ok() ? QString()
                                               : vat.error().code() + u' ' + vat.error().args().join(u',')));
        QCOMPARE(QString::number(vat.value().rateBp) + u'|' + billing::toString(vat.value().mode), expected);

        QFETCH(QStringList, listed);
        if (vatRows.isEmpty()) { // nothing of the supplier configured: no default row to show beside
            auto none = repo.parameterRows(SupplierId(supplier), u"class_2"_s);
            QVERIFY(none.ok());
            QVERIFY(none.value().isEmpty());
        }
        QVERIFY(repo.addTariff(SupplierId(supplier), u"class_2"_s, 2, V(202501),
                               Tariff::fromHundredThousandths(450000))
                    .isNull());
        auto rows = repo.parameterRows(SupplierId(supplier), u"class_2"_s);
        QVERIFY(rows.ok());
        QStringList shown;
        for (const ParameterRow &r : rows.value()) {
            if (r.parameter == u"vat"_s)
                shown << r.key + u'|' + r.value + u'|' + r.validFrom.toString() + u'|' +
                             (r.validTo ? r.validTo->toString() : QString());
        }
        QCOMPARE(shown, listed);
    }

    void limitsOfManyContracts()
    {
        LedgerRepository repo(*m_db);
        QVERIFY(repo.addLimit(ContractId(contract), V(202501, 202512),
                              billing::ContractLimits{Energy::fromMilli(150000000), 300000})
                    .isNull());
        QVERIFY(repo.addLimit(ContractId(contract), V(202601),
                              billing::ContractLimits{Energy::fromMilli(200000000), 400000})
                    .isNull());
        auto all = repo.limits({ContractId(contract), ContractId(contract + 1000)});
        QVERIFY(all.ok());
        QCOMPARE(all.value().size(), 1);
        const auto &timeline = all.value().value(ContractId(contract));
        QCOMPARE(timeline.at(P(202506))->monthlyEnergy.milli(), 150000000);
        QCOMPARE(timeline.at(P(202606))->powerW, 400000);
        QVERIFY(timeline.at(P(202412)) == nullptr);
    }

    void signedActs()
    {
        QSqlDatabase c = m_db->connection();
        insertRow(c, u"readings_acts"_s, {{"account_id", a1}, {"period", 202610}, {"signed_at", kNow}});
        insertRow(c, u"readings_acts"_s,
                  {{"account_id", a2}, {"period", 202610}, {"signed_at", test::null()}});
        insertRow(c, u"readings_acts"_s, {{"account_id", a2}, {"period", 202609}, {"signed_at", kNow}});
        auto s = LedgerRepository(*m_db).signedActs({AccountId(a1), AccountId(a2)}, P(202610));
        QVERIFY(s.ok());
        QCOMPARE(s.value(), (QSet<AccountId>{AccountId(a1)}));
    }

    // ---- effective documents ----

    void effectiveDocuments()
    {
        // a1, 2026-10: the original active invoice (day 100 kWh and night 50 kWh at 4.32, night
        // coefficient 1/2) and a reactive one; then a correction that moves the night line to a new
        // tariff (reversed at the old one) and takes the reactive line back entirely.
        const qint64 original = invoice(a1, 202610, u"active_energy"_s, u"active_energy"_s, u"2026-11-05"_s,
                                        {{u"active_energy"_s, u"day"_s, 100000, 432000, 1, 1, 43200},
                                         {u"active_energy"_s, u"night"_s, 50000, 432000, 1, 2, 10800},
                                         {u"generation_credit"_s, u"total"_s, 20000, 500000, 1, 1, -10000}});
        const qint64 reactive =
            invoice(a1, 202610, u"reactive_energy"_s, u"reactive_energy"_s, u"2026-11-05"_s,
                    {{u"reactive_energy"_s, u"total"_s, 30000, 15000, 1, 1, 450}});
        invoice(a1, 202610, u"correction"_s, u"active_energy"_s, u"2026-11-20"_s,
                {{u"active_energy"_s, u"night"_s, -50000, 432000, 1, 2, -10800},
                 {u"active_energy"_s, u"night"_s, 50000, 450000, 2, 4, 11250},
                 {u"active_energy"_s, u"day"_s, 10000, 432000, 1, 1, 4320}},
                true, original);
        invoice(a1, 202610, u"correction"_s, u"reactive_energy"_s, u"2026-11-20"_s,
                {{u"reactive_energy"_s, u"total"_s, -30000, 15000, 1, 1, -450}}, true, reactive);
        // Another period of a1, and a2 in that other period only.
        simpleInvoice(a1, 202609, u"2026-10-05"_s, 99999);
        simpleInvoice(a2, 202609, u"2026-10-05"_s, 5000);
        // Documents issued without a calculation are not what a recalculation compares with: a1's
        // planned advance and services invoice of 2026-10, and a2's advance of 2026-10 (which does
        // not make a2 calculated for the period).
        invoice(a1, 202610, u"planned_advance"_s, u"active_energy"_s, u"2026-09-26"_s,
                {{u"active_energy"_s, u"total"_s, 500000, 432000, 1, 1, 216000}}, false);
        invoice(a1, 202610, u"services"_s, u"services"_s, u"2026-10-15"_s,
                {{u"services"_s, u"total"_s, 1000, 85000000, 1, 1, 85000}});
        invoice(a2, 202610, u"planned_advance"_s, u"active_energy"_s, u"2026-09-26"_s,
                {{u"active_energy"_s, u"total"_s, 100000, 432000, 1, 1, 43200}}, false);

        auto docs = LedgerRepository(*m_db).effectiveDocuments(
            {AccountId(a1), AccountId(a2), AccountId(a2 + 99)}, P(202610));
        QVERIFY(docs.ok());
        QCOMPARE(docs.value().size(), 1); // a2 and the unknown account were never calculated for 2026-10
        const QList<billing::InvoiceDraft> d = docs.value().value(AccountId(a1));
        QCOMPARE(d.size(), 1); // the reactive document summed to nothing: gone
        const billing::InvoiceDraft &active = d.first();
        QCOMPARE(int(active.article), int(Article::ActiveEnergy));
        QCOMPARE(int(active.type), int(billing::InvoiceType::ActiveEnergy));
        QCOMPARE(active.lines.size(), 3); // day (summed), generation, night at the new tariff
        QMap<QString, billing::InvoiceLine> byKey;
        for (const billing::InvoiceLine &l : active.lines) {
            QCOMPARE(l.net.kopecks() + l.vat.kopecks(), l.gross.kopecks());
            byKey.insert(billing::toString(l.kind) + u'/' + domain::toString(l.zone), l);
        }
        QCOMPARE(byKey.value(u"active_energy/day"_s).quantity.milli(), 110000);
        QCOMPARE(byKey.value(u"active_energy/day"_s).gross.kopecks(), 47520);
        QCOMPARE(byKey.value(u"active_energy/night"_s).tariff.hundredThousandths(), 450000);
        QCOMPARE(byKey.value(u"active_energy/night"_s).gross.kopecks(), 11250);
        QVERIFY(byKey.value(u"active_energy/night"_s).coefficient == (billing::Fraction{1, 2}));
        QCOMPARE(byKey.value(u"generation_credit/total"_s).gross.kopecks(), -10000);
        QCOMPARE(active.gross.kopecks(), 47520 + 11250 - 10000);
        QCOMPARE(active.net.kopecks() + active.vat.kopecks(), active.gross.kopecks());
    }

    void effectiveDocumentsAllCancelled()
    {
        const qint64 original = simpleInvoice(a2, 202610, u"2026-11-05"_s, 12000);
        invoice(a2, 202610, u"correction"_s, u"active_energy"_s, u"2026-11-06"_s,
                {{u"active_energy"_s, u"total"_s, -1000, 432000, 1, 1, -12000}}, true, original);
        auto docs = LedgerRepository(*m_db).effectiveDocuments({AccountId(a2)}, P(202610));
        QVERIFY(docs.ok());
        QVERIFY(docs.value().contains(AccountId(a2))); // calculated, owes nothing now
        QVERIFY(docs.value().value(AccountId(a2)).isEmpty());
    }

    // The bill run asks for a chunk of accounts at a time: the statements do not grow with it.
    void chunkReadsTakeFixedStatements()
    {
        QFETCH_GLOBAL(QString, driver);
#ifndef OBLIK_HAVE_SQLITE3
        QSKIP("sqlite3.h not found: cannot count statements");
#else
        if (driver != u"sqlite"_s)
            QSKIP("statements are counted on SQLite (sqlite3_trace_v2); the SQL is the same on PostgreSQL");
        QList<AccountId> ids{AccountId(a1), AccountId(a2)};
        QSqlDatabase c = m_db->connection();
        for (int i = 0; i < 18; ++i)
            ids.append(AccountId(insertRow(c, u"accounts"_s,
                                           {{"contract_id", contract},
                                            {"number", u"18079%1"_s.arg(i, 5, 10, QChar(u'0'))},
                                            {"address", u"вул. Лісова, %1"_s.arg(i + 1)},
                                            {"opened_on", u"2020-01-01"_s}})));
        for (const AccountId &id : ids) {
            const qint64 original = simpleInvoice(id.value(), 202610, u"2026-11-05"_s, 10000 + id.value());
            invoice(id.value(), 202610, u"correction"_s, u"active_energy"_s, u"2026-11-20"_s,
                    {{u"active_energy"_s, u"total"_s, 10, 432000, 1, 1, 43}}, true, original);
        }
        auto *handle = *static_cast<sqlite3 *const *>(c.driver()->handle().data());
        QVERIFY(handle);
        int statements = 0;
        sqlite3_trace_v2(handle, SQLITE_TRACE_STMT, traceCallback, &statements);
        LedgerRepository repo(*m_db);
        QList<int> counts;
        for (int n : {1, 5, 20}) {
            statements = 0;
            auto docs = repo.effectiveDocuments(ids.mid(0, n), P(202610));
            QVERIFY(docs.ok());
            QCOMPARE(docs.value().size(), n);
            QVERIFY(repo.signedActs(ids.mid(0, n), P(202610)).ok());
            QVERIFY(repo.limits({ContractId(contract)}).ok());
            counts << statements;
        }
        sqlite3_trace_v2(handle, 0, nullptr, nullptr);
        QVERIFY(counts[0] > 0);
        QCOMPARE(counts[1], counts[0]);
        QCOMPARE(counts[2], counts[0]);
#endif
    }

    // ---- payments ----

    void paymentValidation_data()
    {
        QTest::addColumn<qint64>("amount");
        QTest::addColumn<QDate>("paidOn");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("field");
        QTest::newRow("zero") << qint64(0) << QDate(2026, 11, 1) << u"payment.amount_not_positive"_s
                              << u"amount"_s;
        QTest::newRow("negative") << qint64(-100) << QDate(2026, 11, 1) << u"payment.amount_not_positive"_s
                                  << u"amount"_s;
        QTest::newRow("tomorrow") << qint64(100) << QDate(2026, 11, 26) << u"payment.date_in_future"_s
                                  << u"paid_on"_s;
        QTest::newRow("no date") << qint64(100) << QDate() << u"request.invalid_field"_s << u"paid_on"_s;
        QTest::newRow("today") << qint64(100) << QDate(2026, 11, 25) << QString() << QString();
    }

    void paymentValidation()
    {
        QFETCH(qint64, amount);
        QFETCH(QDate, paidOn);
        QFETCH(QString, code);
        QFETCH(QString, field);
        LedgerRepository repo(*m_db);
        Transaction tx(m_db->connection());
        PaymentWrite w;
        w.account = AccountId(a1);
        w.amount = M(amount);
        w.paidOn = paidOn;
        auto r = repo.registerPayment(w, kNow);
        if (code.isEmpty()) {
            QVERIFY(r.ok());
            QCOMPARE(r.value().unallocated.kopecks(), amount); // nothing to pay: all credit
            QVERIFY(tx.commit());
            return;
        }
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), code);
        QCOMPARE(r.error().field(), field);
        QVERIFY(!r.error().message().contains(u"payment."_s)); // the catalogue has a text for it
    }

    void paymentAllocation_data()
    {
        // Invoices of a1's active energy: A (2026-08-05, 1000.00, 300.00 already paid by an earlier
        // payment), B (2026-09-05, 500.00), C (2026-10-05, 250.00); and a reactive invoice R
        // (2026-07-05, 80.00), another article, which no active payment touches.
        QTest::addColumn<qint64>("amount");
        QTest::addColumn<QList<qint64>>("expectedPaid"); // A, B, C, R after the payment
        QTest::addColumn<qint64>("credit");
        QTest::newRow("part of the oldest") << qint64(10000) << QList<qint64>{40000, 0, 0, 0} << qint64(0);
        QTest::newRow("the oldest exactly") << qint64(70000) << QList<qint64>{100000, 0, 0, 0} << qint64(0);
        QTest::newRow("into the second") << qint64(90000) << QList<qint64>{100000, 20000, 0, 0} << qint64(0);
        QTest::newRow("all") << qint64(145000) << QList<qint64>{100000, 50000, 25000, 0} << qint64(0);
        QTest::newRow("overpaid") << qint64(150001) << QList<qint64>{100000, 50000, 25000, 0} << qint64(5001);
    }

    void paymentAllocation()
    {
        QFETCH(qint64, amount);
        QFETCH(QList<qint64>, expectedPaid);
        QFETCH(qint64, credit);
        const qint64 c = simpleInvoice(a1, 202609, u"2026-10-05"_s, 25000); // inserted first: dates order
        const qint64 a = simpleInvoice(a1, 202607, u"2026-08-05"_s, 100000);
        const qint64 b = simpleInvoice(a1, 202608, u"2026-09-05"_s, 50000);
        const qint64 r = simpleInvoice(a1, 202606, u"2026-07-05"_s, 8000, u"reactive_energy"_s);
        const StoredPayment earlier = pay(a1, 30000, QDate(2026, 8, 10));
        QCOMPARE(earlier.allocations.size(), 1);
        QCOMPARE(earlier.allocations.first().invoiceId, a);

        const StoredPayment p = pay(a1, amount, QDate(2026, 11, 20));
        QVERIFY(p.id > 0);
        QCOMPARE(p.amount.kopecks(), amount);
        QCOMPARE(p.period, P(202611));
        QCOMPARE(p.unallocated.kopecks(), credit);
        qint64 allocated = 0;
        for (const StoredAllocation &al : p.allocations) {
            allocated += al.amount.kopecks();
            QVERIFY(!al.invoiceNumber.isEmpty());
        }
        QCOMPARE(allocated + credit, amount);
        const auto paid = paidByInvoice(a1);
        QCOMPARE((QList<qint64>{paid.value(a), paid.value(b), paid.value(c), paid.value(r)}), expectedPaid);

        // The payment posted once, a credit of its amount in its period.
        auto postings = LedgerRepository(*m_db).postings(AccountId(a1));
        QVERIFY(postings.ok());
        int found = 0;
        for (const billing::Posting &ps : postings.value()) {
            if (ps.kind == billing::PostingKind::Payment && ps.documentId == p.id) {
                ++found;
                QCOMPARE(int(ps.side), int(billing::Side::Credit));
                QCOMPARE(ps.amount.kopecks(), amount);
                QCOMPARE(ps.period, P(202611));
            }
        }
        QCOMPARE(found, 1);
    }

    void creditPaysTheNextInvoice()
    {
        // Overpaid: 120.00 against 100.00 leaves 20.00 of credit, then 30.00 more of credit from a
        // second payment. A new invoice of 45.00 takes the older payment's 20.00 first, then 25.00.
        const qint64 first = simpleInvoice(a1, 202609, u"2026-10-05"_s, 10000);
        const StoredPayment p1 = pay(a1, 12000, QDate(2026, 10, 10));
        QCOMPARE(p1.unallocated.kopecks(), 2000);
        const StoredPayment p2 = pay(a1, 3000, QDate(2026, 10, 12));
        QCOMPARE(p2.unallocated.kopecks(), 3000);
        // An invoice of a2 must not take a1's credit.
        const qint64 other = simpleInvoice(a2, 202610, u"2026-11-05"_s, 7000);
        const qint64 next = simpleInvoice(a1, 202610, u"2026-11-05"_s, 4500);

        LedgerRepository repo(*m_db);
        {
            Transaction tx(m_db->connection());
            QVERIFY(repo.allocateCredit({AccountId(a1), AccountId(a2)}, kNow).isNull());
            QVERIFY(tx.commit());
        }
        const auto paid = paidByInvoice(a1);
        QCOMPARE(paid.value(first), 10000);
        QCOMPARE(paid.value(next), 4500);
        QCOMPARE(paidByInvoice(a2).value(other), 0);
        auto payments = repo.payments(AccountId(a1));
        QVERIFY(payments.ok());
        QCOMPARE(payments.value().size(), 2);
        QCOMPARE(payments.value().at(0).id, p2.id); // newest first
        QCOMPARE(payments.value().at(0).unallocated.kopecks(), 500);
        QCOMPARE(payments.value().at(1).unallocated.kopecks(), 0);
        QCOMPARE(payments.value().at(1).allocations.size(), 2);
        // Allocating again changes nothing, and the credit postings were not repeated.
        {
            Transaction tx(m_db->connection());
            QVERIFY(repo.allocateCredit({AccountId(a1)}, kNow).isNull());
            QVERIFY(tx.commit());
        }
        QCOMPARE(paidByInvoice(a1), paid);
        auto postings = repo.postings(AccountId(a1));
        QCOMPARE(postings.value().size(), 4); // 2 charges, 2 payments
    }

    // A credit note (a negative correction invoice, or an active energy invoice made negative by a
    // generation credit) lowers what the account owes exactly as a payment would: it pays the
    // article's oldest open invoices, and what is left waits as credit for the next invoice. Without
    // that, the invoices' "remaining" asked for more than the balance (the postings) said was owed.
    void creditNotePaysInvoices_data()
    {
        // All amounts in kopecks, article active energy unless said. Invoices: A 1000.00 (2026-09,
        // dated 2026-10-05), then the steps of the row; B 500.00 (2026-10, dated 2026-11-05) is
        // written after the credit note, and allocateCredit runs after each invoice as LedgerWriter
        // does. Expected paid amounts (A, B) and what each payment keeps unallocated are by hand.
        QTest::addColumn<qint64>("paidBefore");   // a payment of A before the correction (0: none)
        QTest::addColumn<qint64>("correction");   // the correction of A's period, signed
        QTest::addColumn<QString>("noteArticle"); // the article of that correction
        QTest::addColumn<qint64>("paidAfter");    // a payment after B (0: none)
        QTest::addColumn<QList<qint64>>("paid");  // A, B
        QTest::addColumn<qint64>("balance");      // active energy, = Σ remaining - credit

        // A paid in full (1000.00), corrected by -200.00: 200.00 of credit; B 500.00 takes it and
        // still asks 300.00, which is the balance: 1000 - 1000 - 200 + 500 = 300.
        QTest::newRow("paid invoice corrected down: the credit pays the next invoice")
            << qint64(100000) << qint64(-20000) << u"active_energy"_s << qint64(0)
            << QList<qint64>{100000, 20000} << qint64(30000);
        // A unpaid, corrected by -200.00: A asks 800.00 (paid 200.00 by the note), B 500.00;
        // a payment of 800.00 pays A: balance 1000 - 200 + 500 - 800 = 500, B's remaining.
        QTest::newRow("unpaid invoice corrected down: it asks the difference")
            << qint64(0) << qint64(-20000) << u"active_energy"_s << qint64(80000) << QList<qint64>{100000, 0}
            << qint64(50000);
        // A note larger than what is open: A 1000.00 paid 300.00, corrected by -900.00: the note
        // pays A's 700.00, 200.00 is left for B: 1000 - 300 - 900 + 500 = 300.
        QTest::newRow("a note larger than what is open: the rest is credit")
            << qint64(30000) << qint64(-90000) << u"active_energy"_s << qint64(0)
            << QList<qint64>{100000, 20000} << qint64(30000);
        // A reactive energy credit note pays no active energy invoice.
        QTest::newRow("another article's note pays nothing here")
            << qint64(0) << qint64(-20000) << u"reactive_energy"_s << qint64(0) << QList<qint64>{0, 0}
            << qint64(150000);
        // A positive correction is a charge: it takes payments, gives no credit.
        QTest::newRow("a positive correction gives no credit")
            << qint64(100000) << qint64(20000) << u"active_energy"_s << qint64(0) << QList<qint64>{100000, 0}
            << qint64(70000);
    }

    void creditNotePaysInvoices()
    {
        QFETCH(qint64, paidBefore);
        QFETCH(qint64, correction);
        QFETCH(QString, noteArticle);
        QFETCH(qint64, paidAfter);
        QFETCH(QList<qint64>, paid);
        QFETCH(qint64, balance);
        LedgerRepository repo(*m_db);
        const auto allocate = [&] {
            Transaction tx(m_db->connection());
            QVERIFY(repo.allocateCredit({AccountId(a1), AccountId(a2)}, kNow).isNull());
            QVERIFY(tx.commit());
        };
        const qint64 a = simpleInvoice(a1, 202609, u"2026-10-05"_s, 100000);
        allocate();
        if (paidBefore)
            QVERIFY(pay(a1, paidBefore, QDate(2026, 10, 10)).id > 0);
        const QString lineKind = noteArticle == u"reactive_energy"_s ? noteArticle : u"active_energy"_s;
        invoice(a1, 202609, u"correction"_s, noteArticle, u"2026-10-20"_s,
                {{lineKind, u"total"_s, correction < 0 ? -100 : 100, 432000, 1, 1, correction}}, true, a);
        allocate();
        const qint64 b = simpleInvoice(a1, 202610, u"2026-11-05"_s, 50000);
        // Another account's invoice takes none of a1's credit.
        const qint64 other = simpleInvoice(a2, 202610, u"2026-11-05"_s, 7000);
        allocate();
        if (paidAfter) {
            const StoredPayment p = pay(a1, paidAfter, QDate(2026, 11, 20));
            QCOMPARE(p.unallocated.kopecks(), 0);
        }
        const auto byInvoice = paidByInvoice(a1);
        QCOMPARE((QList<qint64>{byInvoice.value(a), byInvoice.value(b)}), paid);
        QCOMPARE(paidByInvoice(a2).value(other), 0);

        // What the invoices still ask, less the payments' credit, is the balance of the postings.
        auto postings = repo.postings(AccountId(a1));
        QVERIFY(postings.ok());
        auto active = billing::balance(postings.value(), AccountId(a1), Article::ActiveEnergy);
        QCOMPARE(active.value().kopecks(), balance);
        qint64 remaining = 0;
        const auto invoices = repo.invoices(AccountId(a1));
        QVERIFY(invoices.ok());
        for (const StoredInvoice &i : invoices.value()) {
            if (i.article == Article::ActiveEnergy)
                remaining += i.remaining().kopecks();
        }
        qint64 credit = 0;
        const auto payments = repo.payments(AccountId(a1));
        QVERIFY(payments.ok());
        for (const StoredPayment &p : payments.value())
            credit += p.unallocated.kopecks();
        QCOMPARE(remaining - credit, balance);
        // Allocating again changes nothing.
        allocate();
        QCOMPARE(paidByInvoice(a1), byInvoice);
    }

    // Payments registered at once (threads with a connection each stand in for parallel requests)
    // never pay an invoice twice: the account's row lock (PostgreSQL) or the write lock (SQLite)
    // serialises allocation.
    void parallelPaymentsNeverOverpayAnInvoice()
    {
        for (int i = 0; i < 4; ++i)
            simpleInvoice(a1, 202606 + i, QDate(2026, 7 + i, 5).toString(Qt::ISODate), 10000);
        constexpr int threads = 4, perThread = 5;
        QAtomicInt errors = 0;
        QList<QThread *> workers;
        for (int t = 0; t < threads; ++t) {
            workers.append(QThread::create([this, &errors] {
                LedgerRepository repo(*m_db);
                for (int i = 0; i < perThread; ++i) {
                    Transaction tx(m_db->connection());
                    PaymentWrite w;
                    w.account = AccountId(a1);
                    w.amount = M(3000);
                    w.paidOn = QDate(2026, 11, 1);
                    if (!repo.registerPayment(w, kNow).ok() || !tx.commit())
                        errors.fetchAndAddRelaxed(1);
                }
            }));
            workers.last()->start();
        }
        for (QThread *w : workers) {
            QVERIFY(w->wait(60000));
            delete w;
        }
        QCOMPARE(errors.loadRelaxed(), 0);
        const auto paid = paidByInvoice(a1);
        QCOMPARE(paid.size(), 4);
        for (qint64 p : paid)
            QCOMPARE(p, 10000);
        auto payments = LedgerRepository(*m_db).payments(AccountId(a1));
        QCOMPARE(payments.value().size(), threads * perThread);
        qint64 credit = 0;
        for (const StoredPayment &p : payments.value())
            credit += p.unallocated.kopecks();
        QCOMPARE(credit, threads * perThread * 3000 - 40000);
    }

    void listsNewestFirst()
    {
        const qint64 older = simpleInvoice(a1, 202609, u"2026-10-05"_s, 10000);
        // The newer corrects the older: its tax invoice corrects the older's (migration 15: a tax
        // invoice is read from its invoice, with its invoice's id). An advance has none.
        const qint64 newer =
            invoice(a1, 202610, u"active_energy"_s, u"active_energy"_s, u"2026-11-05"_s,
                    {{u"active_energy"_s, u"total"_s, 1000, 432000, 1, 1, 20000}}, true, older);
        pay(a1, 15000, QDate(2026, 11, 10));
        LedgerRepository repo(*m_db);
        auto list = repo.invoices(AccountId(a1));
        QVERIFY(list.ok());
        QCOMPARE(list.value().size(), 2);
        QCOMPARE(list.value().at(0).id, newer);
        QCOMPARE(list.value().at(0).paid.kopecks(), 5000);
        QCOMPARE(list.value().at(0).remaining().kopecks(), 15000);
        QCOMPARE(list.value().at(1).remaining().kopecks(), 0);
        QCOMPARE(list.value().at(1).signatureStatus, u"unsigned"_s);
        auto october = repo.invoices(AccountId(a1), P(202610));
        QCOMPARE(october.value().size(), 1);
        auto one = repo.invoice(AccountId(a1), newer);
        QVERIFY(one.ok() && one.value().has_value());
        QCOMPARE(one.value()->lines.size(), 1);
        QCOMPARE(one.value()->lines.first().gross.kopecks(), 20000);
        QVERIFY(!repo.invoice(AccountId(a2), newer).value().has_value()); // another account's
        const qint64 advance = invoice(a1, 202611, u"planned_advance"_s, u"active_energy"_s, u"2026-10-26"_s,
                                       {{u"active_energy"_s, u"total"_s, 1000, 432000, 1, 1, 4320}}, false);
        QVERIFY(advance > 0);
        auto tax = repo.taxInvoices(AccountId(a1));
        QVERIFY(tax.ok());
        QCOMPARE(tax.value().size(), 2);
        const auto olderInvoice = repo.invoice(AccountId(a1), older);
        QVERIFY(olderInvoice.ok() && olderInvoice.value().has_value());
        QCOMPARE(tax.value().at(0).id, newer);
        QCOMPARE(tax.value().at(0).number, u"PN-"_s + one.value()->number);
        QCOMPARE(tax.value().at(0).gross.kopecks(), 20000);
        QCOMPARE(tax.value().at(0).correctsNumber, u"PN-"_s + olderInvoice.value()->number);
        QCOMPARE(tax.value().at(0).correctsTaxInvoiceId, older);
        QCOMPARE(tax.value().at(1).id, older);
        QCOMPARE(tax.value().at(1).correctsNumber, QString());
    }

    // ---- turnover ----

    void turnoverOfReference004()
    {
        // Zhytomyroblenergo, 01.2018, active energy: opening credit 735.22 (December's charge of
        // 264.78 against a payment of 1000.00), charged 3535.56 (a charge of 3600.00 and a
        // correction of -64.44), paid 1000.00 -> closing debit 1800.34.
        m_rawPostings = true;
        const QString ae = u"active_energy"_s;
        posting(a1, ae, 201712, u"charge"_s, 26478);
        posting(a1, ae, 201712, u"payment"_s, -100000);
        posting(a1, ae, 201801, u"charge"_s, 360000);
        posting(a1, ae, 201801, u"correction"_s, -6444);
        posting(a1, ae, 201801, u"payment"_s, -100000);
        posting(a1, ae, 201802, u"charge"_s, 777777); // after the period: not counted
        posting(a2, ae, 201801, u"charge"_s, 55555);  // another account
        posting(a1, u"reactive_energy"_s, 201801, u"charge"_s, 1234);

        LedgerRepository repo(*m_db);
        auto rows = repo.turnover(AccountId(a1), P(201801));
        QVERIFY(rows.ok());
        QCOMPARE(rows.value().size(), 5);
        const billing::TurnoverRow &r = rows.value().first();
        QCOMPARE(int(r.article), int(Article::ActiveEnergy));
        QCOMPARE(r.openingDebit.toString(), u"0.00"_s);
        QCOMPARE(r.openingCredit.toString(), u"735.22"_s);
        QCOMPARE(r.charged.toString(), u"3535.56"_s);
        QCOMPARE(r.paid.toString(), u"1000.00"_s);
        QCOMPARE(r.closingDebit.toString(), u"1800.34"_s);
        QCOMPARE(r.closingCredit.toString(), u"0.00"_s);
        QCOMPARE(rows.value().at(1).charged.kopecks(), 1234);
        QCOMPARE(rows.value().at(2).closing().kopecks(), 0); // zero rows included

        auto postings = repo.postings(AccountId(a1));
        QVERIFY(postings.ok());
        auto derived = billing::turnover(postings.value(), AccountId(a1), P(201801));
        QCOMPARE(rows.value(), derived.value());
    }

    void turnoverEqualsPostings_data()
    {
        QTest::addColumn<quint32>("seed");
        for (quint32 seed : {1u, 2u, 3u, 20261125u})
            QTest::newRow(qPrintable(u"seed %1"_s.arg(seed))) << seed;
    }

    void turnoverEqualsPostings()
    {
        QFETCH(quint32, seed);
        QRandomGenerator rng(seed);
        m_rawPostings = true;
        static const QString articles[] = {u"active_energy"_s, u"reactive_energy"_s, u"over_limit"_s,
                                           u"services"_s, u"penalties"_s};
        static const QString kinds[] = {u"charge"_s, u"payment"_s, u"correction"_s};
        const QList<int> periods{202511, 202512, 202601, 202602, 202603};
        {
            Transaction tx(m_db->connection());
            for (int i = 0; i < 150; ++i) {
                const qint64 amount = qint64(rng.bounded(2000000)) - 500000;
                posting(rng.bounded(2) ? a1 : a2, articles[rng.bounded(5)],
                        periods[rng.bounded(periods.size())], kinds[rng.bounded(3)], amount);
            }
            QVERIFY(tx.commit());
        }
        LedgerRepository repo(*m_db);
        for (qint64 account : {a1, a2}) {
            auto postings = repo.postings(AccountId(account));
            QVERIFY(postings.ok());
            for (int p : {202510, 202511, 202601, 202603, 202605}) {
                auto sql = repo.turnover(AccountId(account), P(p));
                QVERIFY(sql.ok());
                auto derived = billing::turnover(postings.value(), AccountId(account), P(p));
                QVERIFY(derived.ok());
                QCOMPARE(sql.value(), derived.value());
                for (const billing::TurnoverRow &r : sql.value())
                    QVERIFY(r.isConsistent());
            }
        }
    }

    // ---- check ----

    void checkPassesOnAGoodLedger()
    {
        simpleInvoice(a1, 202609, u"2026-10-05"_s, 10000);
        const qint64 original = simpleInvoice(a1, 202610, u"2026-11-05"_s, 20000);
        invoice(a1, 202610, u"correction"_s, u"active_energy"_s, u"2026-11-20"_s,
                {{u"active_energy"_s, u"total"_s, -100, 432000, 1, 1, -432}}, true, original);
        simpleInvoice(a2, 202610, u"2026-11-05"_s, 777, u"reactive_energy"_s);
        pay(a1, 25000, QDate(2026, 11, 10));
        pay(a2, 1000, QDate(2026, 11, 10), Article::ReactiveEnergy);
        qint64 lastDone = -1, lastTotal = -1;
        auto report = LedgerRepository(*m_db).check(SupplierId(supplier), [&](qint64 done, qint64 total) {
            lastDone = done;
            lastTotal = total;
        });
        QVERIFY(report.ok());
        QVERIFY2(report.value().ok(), qPrintable(report.value().problems.value(0).detail()));
        QCOMPARE(report.value().accounts, 2);
        QCOMPARE(report.value().invoices, 4);
        QCOMPARE(report.value().payments, 2);
        QCOMPARE(report.value().postings, 6);
        QCOMPARE(lastDone, 2);
        QCOMPARE(lastTotal, 2);
        // Another supplier's check sees none of it.
        auto other = LedgerRepository(*m_db).check(SupplierId(supplier + 100));
        QVERIFY(other.ok());
        QCOMPARE(other.value().accounts, 0);
    }

    // What LedgerWriter writes (an original, then a correction of it) passes the check, is what
    // effectiveDocuments gives back, and the credit held before pays the new invoice.
    void writerOutputPassesTheCheck()
    {
        pay(a1, 5000, QDate(2026, 10, 1)); // credit before any invoice
        const auto line = [](qint64 quantity, qint64 gross) {
            billing::InvoiceLine l;
            l.kind = billing::LineKind::ActiveEnergy;
            l.zone = domain::Zone::Total;
            l.quantity = Energy::fromMilli(quantity);
            l.tariff = Tariff::fromHundredThousandths(432000);
            l.net = M(gross - gross / 6);
            l.vat = M(gross / 6);
            l.gross = M(gross);
            return l;
        };
        const auto draft = [](billing::InvoiceType type, QList<billing::InvoiceLine> lines) {
            billing::InvoiceDraft d;
            d.type = type;
            d.lines = lines;
            for (const auto &l : lines) {
                d.net = M(d.net.kopecks() + l.net.kopecks());
                d.vat = M(d.vat.kopecks() + l.vat.kopecks());
                d.gross = M(d.gross.kopecks() + l.gross.kopecks());
            }
            return d;
        };
        LedgerWriter writer(*m_db);
        CalculationWrite w;
        w.account = AccountId(a1);
        w.district = DistrictId(district);
        w.period = P(202610);
        w.invoices = {draft(billing::InvoiceType::ActiveEnergy, {line(100000, 43200)})};
        w.corrects = {0};
        w.date = QDate(2026, 11, 5);
        w.dueDate = QDate(2026, 11, 20);
        qint64 original = 0;
        {
            Transaction tx(m_db->connection());
            auto written = writer.write({w}, kNow);
            QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().detail()));
            original = written.value().first().invoiceIds.value(0);
            QVERIFY(tx.commit());
        }
        LedgerRepository repo(*m_db);
        QCOMPARE(paidByInvoice(a1).value(original), 5000);
        w.invoices = {draft(billing::InvoiceType::Correction, {line(-100000, -43200), line(90000, 38880)})};
        w.corrects = {original};
        w.date = QDate(2026, 11, 21);
        {
            Transaction tx(m_db->connection());
            QVERIFY(writer.write({w}, kNow).ok());
            QVERIFY(tx.commit());
        }
        auto docs = repo.effectiveDocuments({AccountId(a1)}, P(202610));
        QVERIFY(docs.ok());
        const auto d = docs.value().value(AccountId(a1));
        QCOMPARE(d.size(), 1);
        QCOMPARE(d.first().lines.size(), 1);
        QCOMPARE(d.first().gross.kopecks(), 38880);
        auto report = repo.check();
        QVERIFY(report.ok());
        QVERIFY2(report.value().ok(), qPrintable(report.value().problems.value(0).detail()));
        QCOMPARE(report.value().invoices, 2);
        auto rows = repo.turnover(AccountId(a1), P(202610));
        QCOMPARE(rows.value().first().charged.kopecks(), 38880);
    }

    void checkFindsTampering_data()
    {
        QTest::addColumn<QString>("tamper");
        QTest::addColumn<QString>("detailPart");
        QTest::newRow("invoice amount") << u"amount"_s << u"its 1 lines sum to 100.00"_s;
        QTest::newRow("a line's amounts") << u"line"_s << u"its 1 lines sum to 100.01"_s;
        QTest::newRow("missing posting") << u"posting"_s << u"no charge posting"_s;
        QTest::newRow("payment posting") << u"payment"_s << u"payment posting"_s;
        QTest::newRow("over-allocated") << u"allocation"_s << u"allocations"_s;
        QTest::newRow("allocated from no credit note")
            << u"note"_s << u"allocations from credit notes 10.00 exceed the credit notes 0.00"_s;
        QTest::newRow("a posted advance") << u"advance_posted"_s << u"a planned advance with 1 posting(s)"_s;
        QTest::newRow("an allocated advance")
            << u"advance_paid"_s << u"a planned advance with allocations 10.00"_s;
    }

    void checkFindsTampering()
    {
        QFETCH(QString, tamper);
        QFETCH(QString, detailPart);
        const qint64 good = simpleInvoice(a1, 202609, u"2026-10-05"_s, 10000);
        QSqlDatabase c = m_db->connection();
        qint64 bad = 0;
        if (tamper == u"posting"_s)
            bad = invoice(a1, 202610, u"active_energy"_s, u"active_energy"_s, u"2026-11-05"_s,
                          {{u"active_energy"_s, u"total"_s, 1000, 432000, 1, 1, 5000}}, false);
        const StoredPayment p = pay(a1, 4000, QDate(2026, 11, 10));
        QVERIFY(p.id > 0);
        QSqlQuery q(c);
        if (tamper == u"amount"_s) {
            // Someone "fixes" the invoice in place: net + VAT still equals gross.
            QVERIFY(execPrepared(
                q,
                u"UPDATE invoices SET net_kopecks = 9000, vat_kopecks = 1800, gross_kopecks = 10800 "
                u"WHERE id = ?"_s,
                {good}));
        } else if (tamper == u"line"_s) {
            // The stored line says 83.34 + 16.66 = 100.01 (migration 14: lines live in invoices.lines).
            QVERIFY(execPrepared(q,
                                 u"UPDATE invoices SET lines = "
                                 u"'[[\"active_energy\",\"total\",1000,432000,1,1,8334,1666,10001,\"\"]]' "
                                 u"WHERE id = ?"_s,
                                 {good}));
        } else if (tamper == u"payment"_s) {
            QVERIFY(execPrepared(q, u"UPDATE payments SET amount_kopecks = 4100 WHERE id = ?"_s, {p.id}));
        } else if (tamper.startsWith(u"advance_"_s)) {
            // An advance of 2026-11: written as a charge would be.
            const qint64 advance = invoice(
                a1, 202611, u"planned_advance"_s, u"active_energy"_s, u"2026-10-26"_s,
                {{u"active_energy"_s, u"total"_s, 1000, 432000, 1, 1, 4320}}, tamper == u"advance_posted"_s);
            if (tamper == u"advance_paid"_s)
                QVERIFY(insertRow(c, u"allocations"_s,
                                  {{"payment_id", p.id},
                                   {"invoice_id", advance},
                                   {"amount_kopecks", 1000},
                                   {"created_at", kNow}}) > 0);
        } else if (tamper == u"note"_s) {
            // An allocation without a payment on an account that has no credit note.
            QVERIFY(insertRow(c, u"allocations"_s,
                              {{"payment_id", test::null()},
                               {"invoice_id", good},
                               {"amount_kopecks", 1000},
                               {"created_at", kNow}}) > 0);
        } else if (tamper == u"allocation"_s) {
            QVERIFY(execPrepared(q, u"UPDATE allocations SET amount_kopecks = 12000 WHERE payment_id = ?"_s,
                                 {p.id}));
        }
        Q_UNUSED(bad);
        auto report = LedgerRepository(*m_db).check();
        QVERIFY(report.ok());
        QVERIFY(!report.value().ok());
        bool named = false;
        for (const Error &e : report.value().problems) {
            QCOMPARE(e.code(), u"ledger.mismatch"_s);
            if (e.detail().contains(detailPart) && e.detail().contains(u"1807000001"_s))
                named = true;
        }
        QVERIFY2(named, qPrintable(report.value().problems.first().detail()));
    }

    // A row whose reference leads nowhere (written with the checks switched off, as a faulty import
    // or a manual repair could) is reported by the check, naming the table, the column and the id.
    void checkFindsOrphanRows_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("detailPart");
        QTest::newRow("invoice without calculation")
            << u"UPDATE invoices SET calculation_id = 987654321"_s << u"invoices.calculation_id: 987654321"_s;
        QTest::newRow("calculation without account")
            << u"UPDATE calculations SET account_id = 987654321"_s << u"calculations.account_id: 987654321"_s;
        QTest::newRow("invoice without account")
            << u"UPDATE invoices SET account_id = 987654321"_s << u"invoices.account_id: 987654321"_s;
        QTest::newRow("invoice without district")
            << u"UPDATE invoices SET district_id = 987654321"_s << u"invoices.district_id: 987654321"_s;
        QTest::newRow("correction of a missing invoice")
            << u"UPDATE invoices SET corrects_invoice_id = 987654321"_s
            << u"invoices.corrects_invoice_id: 987654321"_s;
    }
    void checkFindsOrphanRows()
    {
        QFETCH(QString, sql);
        QFETCH(QString, detailPart);
        const qint64 good = simpleInvoice(a1, 202609, u"2026-10-05"_s, 10000);
        QVERIFY(good > 0);
        QSqlDatabase c = m_db->connection();
        // (The good invoice's calculation is the one calculations row.)
        const bool postgres = m_db->dialect().kind() == SqlDialect::Kind::Postgres;
        QSqlQuery q(c);
        QVERIFY2(
            q.exec(postgres ? u"SET session_replication_role = replica"_s : u"PRAGMA foreign_keys = OFF"_s),
            qPrintable(q.lastError().text()));
        QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
        QVERIFY(
            q.exec(postgres ? u"SET session_replication_role = origin"_s : u"PRAGMA foreign_keys = ON"_s));
        auto report = LedgerRepository(*m_db).check();
        QVERIFY(report.ok());
        bool named = false;
        for (const Error &e : report.value().problems)
            named = named || e.detail().contains(detailPart);
        QVERIFY2(named, qPrintable(report.value().problems.value(0).detail()));
    }

    void checkLedgerCommand_data()
    {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<bool>("tampered");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("good ledger") << QStringList{} << false << 0;
        QTest::newRow("good ledger, the supplier")
            << QStringList{u"--supplier"_s, u"SUPPLIER"_s} << false << 0;
        QTest::newRow("tampered") << QStringList{} << true << 1;
        QTest::newRow("tampered, another supplier") << QStringList{u"--supplier"_s, u"999"_s} << true << 0;
        QTest::newRow("bad supplier") << QStringList{u"--supplier"_s, u"x"_s} << false << 2;
    }

    void checkLedgerCommand()
    {
        QFETCH(QStringList, extra);
        QFETCH(bool, tampered);
        QFETCH(int, exitCode);
        QFETCH_GLOBAL(QString, driver);
        if (driver != u"sqlite"_s)
            QSKIP("the command is the same on both drivers; run once on a SQLite file");
        const QString binary = qEnvironmentVariable("OBLIK_SERVER_BIN");
        if (binary.isEmpty() || !QFileInfo::exists(binary))
            QSKIP("OBLIK_SERVER_BIN is not built");
        const qint64 inv = simpleInvoice(a1, 202609, u"2026-10-05"_s, 10000);
        pay(a1, 4000, QDate(2026, 11, 10));
        if (tampered) {
            QSqlQuery q(m_db->connection());
            QVERIFY(execPrepared(
                q, u"UPDATE invoices SET net_kopecks = 0, vat_kopecks = 0, gross_kopecks = 0 WHERE id = ?"_s,
                {inv}));
        }
        extra.replaceInStrings(u"SUPPLIER"_s, QString::number(supplier));
        QProcess process;
        process.start(binary, QStringList{u"check-ledger"_s, u"--db"_s, m_url} + extra);
        QVERIFY(process.waitForFinished(60000));
        const QString out = QString::fromUtf8(process.readAllStandardOutput());
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QCOMPARE(process.exitCode(), exitCode);
        if (exitCode == 0)
            QVERIFY2(out.contains(u"agree"_s), qPrintable(out));
        if (exitCode == 1)
            QVERIFY2(out.contains(u"1807000001"_s) || err.contains(u"1807000001"_s), qPrintable(out + err));
        if (tampered) {
            // Leave the ledger good again for cleanup()'s check.
            QSqlQuery q(m_db->connection());
            QVERIFY(execPrepared(
                q,
                u"UPDATE invoices SET net_kopecks = 8333, vat_kopecks = 1667, gross_kopecks = 10000 WHERE id = ?"_s,
                {inv}));
        }
    }
};

QTEST_GUILESS_MAIN(TestLedgerRepository)
#include "tst_ledgerrepository.moc"

// The bill run (calc::BillRun and `oblik-server bill-run`), once per driver, on the generated demo
// district with the supplier's parameters added here: every account with processed readings is
// billed or reported; a second run writes nothing; a cancelled and resumed run, and a process killed
// with SIGKILL and run again, leave exactly the ledger of an uninterrupted run; missing parameters
// and missing readings are reported per account with their codes and arguments.

#include "storefixture.h"
#include "storetest.h"

#include "calc/billingservice.h"
#include "calc/billrun.h"
#include "store/demogenerator.h"
#include "store/ledgerrepository.h"
#include "store/migrator.h"
#include "store/sqlsupport.h"

#include <QProcess>
#include <QSet>
#include <QSqlRecord>
#include <QThread>
#include <QTimeZone>

#include <optional>
#include <thread>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::store;

namespace {

const QDate kToday(2026, 11, 25);

qint64 scalar(QSqlDatabase c, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery q(c);
    if (!execPrepared(q, sql, values) || !q.next()) {
        qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        return -1;
    }
    return q.value(0).toLongLong();
}

QStringList rows(QSqlDatabase c, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery q(c);
    QStringList out;
    if (!execPrepared(q, sql, values))
        qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
    while (q.next()) {
        QStringList cols;
        for (int i = 0; i < q.record().count(); ++i)
            cols << q.value(i).toString();
        out << cols.join(u'|');
    }
    return out;
}

// Everything a bill run writes that does not depend on when or by which run: the invoices with
// their numbers and amounts, lines, tax invoices and postings.
QStringList ledger(QSqlDatabase c)
{
    QStringList out;
    out << rows(
        c, u"SELECT a.number, i.number, i.type, i.article, i.period, i.date, i.due_date, i.net_kopecks, "
           u"i.vat_kopecks, i.gross_kopecks, COALESCE(k.number, '') FROM invoices i JOIN accounts a ON "
           u"a.id = i.account_id LEFT JOIN invoices k ON k.id = i.corrects_invoice_id ORDER BY i.number"_s);
    out << rows(
        c, u"SELECT i.number, l.position, l.kind, l.zone, l.quantity_milli, l.tariff_hundred_thousandths, "
           u"l.coef_num, l.coef_den, l.net_kopecks, l.vat_kopecks, l.gross_kopecks FROM invoice_lines l "
           u"JOIN invoices i ON i.id = l.invoice_id ORDER BY i.number, l.position"_s);
    out << rows(c, u"SELECT t.number, i.number, t.date, t.net_kopecks, t.vat_kopecks, t.gross_kopecks FROM "
                   u"tax_invoices t JOIN invoices i ON i.id = t.invoice_id ORDER BY t.number"_s);
    out << rows(
        c, u"SELECT a.number, p.article, p.period, p.kind, p.side, p.amount_kopecks, i.number, p.date "
           u"FROM postings p JOIN accounts a ON a.id = p.account_id JOIN invoices i ON i.id = p.invoice_id "
           u"ORDER BY i.number"_s);
    out << rows(
        c, u"SELECT a.number, c.period, c.seq FROM calculations c JOIN accounts a ON a.id = c.account_id "
           u"ORDER BY a.number, c.seq"_s);
    return out;
}

} // namespace

class TestBillRun : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    QString m_url;
    SupplierId m_supplier;
    Period m_period;

    // A fresh demo district with the supplier's parameters and every act of the period signed;
    // `withClass1` false leaves out the tariffs of class_1 (its accounts fail).
    void makeDistrict(const QString &url, bool withClass1 = true)
    {
        m_db.reset();
        m_url = url;
        OBLIK_OPEN_DATABASE(db, url);
        m_db = std::move(db);
        DemoOptions options;
        options.today = kToday;
        auto demo = DemoGenerator(*m_db, options).run();
        QVERIFY2(demo.ok(), qPrintable(demo.error().detail()));
        m_period = demoEntryPeriod(kToday).previous();
        QSqlDatabase c = m_db->connection();
        m_supplier = SupplierId(scalar(c, u"SELECT MIN(id) FROM suppliers"_s));
        // The demo writes its own parameters (store/demobilling.h); this test sets its own instead
        // (and may leave class_1 out), so it starts from none.
        for (const QString &table :
             {u"tariffs"_s, u"zone_coefficients"_s, u"supplier_parameters"_s, u"contract_limits"_s}) {
            QSqlQuery del(c);
            QVERIFY2(del.exec(u"DELETE FROM "_s + table), qPrintable(del.lastError().text()));
        }
        LedgerRepository ledger(*m_db);
        const billing::Validity always{Period(2020, 1), Period()};
        QStringList classes{u"household"_s, u"class_2"_s};
        if (withClass1)
            classes << u"class_1"_s;
        for (const QString &cls : classes)
            for (int voltage : {1, 2})
                QVERIFY(ledger
                            .addTariff(m_supplier, cls, voltage, always,
                                       Tariff::fromHundredThousandths(
                                           cls == u"household"_s ? 432000 : 612345 - voltage * 1000))
                            .isNull());
        using domain::Zone;
        const std::pair<billing::ZoneScheme, std::pair<Zone, billing::Fraction>> zones[] = {
            {billing::ZoneScheme::TwoZones, {Zone::Night, {1, 2}}},
            {billing::ZoneScheme::TwoZones, {Zone::Day, {1, 1}}},
            {billing::ZoneScheme::ThreeZones, {Zone::Night, {2, 5}}},
            {billing::ZoneScheme::ThreeZones, {Zone::HalfPeak, {1, 1}}},
            {billing::ZoneScheme::ThreeZones, {Zone::Peak, {3, 2}}}};
        for (const auto &z : zones)
            QVERIFY(ledger.addZoneCoefficient(m_supplier, z.first, z.second.first, always, z.second.second)
                        .isNull());
        QVERIFY(ledger.addReactiveTariff(m_supplier, always, Tariff::fromHundredThousandths(12345)).isNull());
        QVERIFY(
            ledger.addGenerationTariff(m_supplier, always, Tariff::fromHundredThousandths(350000)).isNull());
        QVERIFY(ledger.addOverLimitMultiple(m_supplier, always, billing::Fraction{2, 1}).isNull());
        QVERIFY(ledger.addVat(m_supplier, always, billing::VatRule{}).isNull());
        QSqlQuery q(c);
        QVERIFY2(
            execPrepared(q,
                         u"INSERT INTO readings_acts (account_id, period, signed_at) SELECT id, ?, 1 FROM "
                         u"accounts"_s,
                         {m_period.yyyymm()}),
            qPrintable(q.lastError().text()));
    }

    calc::BillRunStatus runAll(int chunk, std::atomic_bool *cancel = nullptr, int cancelAfterChunks = 0)
    {
        calc::BillRun run(*m_db);
        auto unfinished = run.unfinished(m_supplier, {}, m_period);
        [&] { QVERIFY(unfinished.ok()); }();
        qint64 id = unfinished.value() ? *unfinished.value() : 0;
        if (!id) {
            auto created = run.create(m_supplier, {}, m_period);
            [&] { QVERIFY2(created.ok(), qPrintable(created.error().detail())); }();
            id = created.value();
        }
        calc::BillRunOptions options;
        options.chunkAccounts = chunk;
        options.today = kToday;
        options.cancel = cancel;
        int chunks = 0;
        options.progress = [&](const calc::BillRunStatus &) {
            if (cancel && ++chunks == cancelAfterChunks)
                cancel->store(true);
        };
        auto result = run.run(id, options);
        [&] { QVERIFY2(result.ok(), qPrintable(result.error().detail())); }();
        return result.value();
    }

    qint64 count(const QString &table)
    {
        return scalar(m_db->connection(), u"SELECT COUNT(*) FROM "_s + table);
    }

    QString serverBinary() const { return qEnvironmentVariable("OBLIK_SERVER_BIN"); }

private Q_SLOTS:
    void initTestCase_data() { test::addDriverRows(); }
    // The ledger agrees after every case (LedgerRepository::check, what check-ledger runs).
    void cleanup()
    {
        if (m_db && !QTest::currentTestFailed()) {
            const auto report = LedgerRepository(*m_db).check();
            QVERIFY2(report.ok(), qPrintable(report.error().detail()));
            QStringList problems;
            for (const Error &e : report.value().problems)
                problems << e.detail();
            QVERIFY2(report.value().ok(), qPrintable(problems.join(u"; "_s)));
            QVERIFY(report.value().postings > 0);
        }
        m_db.reset();
    }

    void billsEveryAccountWithReadings()
    {
        OBLIK_FRESH_DATABASE(url, m_dir);
        makeDistrict(url);
        if (QTest::currentTestFailed())
            return;
        const calc::BillRunStatus s = runAll(7);
        QCOMPARE(s.state, u"done"_s);
        QSqlDatabase c = m_db->connection();
        const qint64 accounts = scalar(c, u"SELECT COUNT(*) FROM accounts"_s);
        QCOMPARE(s.accountsTotal, accounts);
        QCOMPARE(s.accountsDone + s.accountsFailed, accounts);
        QCOMPARE(s.failures.size(), s.accountsFailed);
        for (const auto &f : s.failures)
            QVERIFY2(f.error.code().startsWith(u"calc."_s),
                     qPrintable(f.accountNumber + u' ' + f.error.code()));
        // Billed = every account that did not fail and has a processed reading in the period.
        const QSet<QString> failed = [&] {
            QSet<QString> out;
            for (const auto &f : s.failures)
                out << f.accountNumber;
            return out;
        }();
        const QStringList withReadings = rows(
            c,
            u"SELECT DISTINCT a.number FROM accounts a JOIN objects o ON o.account_id = a.id JOIN "
            u"metering_points p ON p.object_id = o.id JOIN meters m ON m.metering_point_id = p.id JOIN "
            u"registers g ON g.meter_id = m.id JOIN readings r ON r.register_id = g.id WHERE r.period = ? "
            u"AND r.state = 'processed' AND r.consumption_milli > 0"_s,
            {m_period.yyyymm()});
        QVERIFY(withReadings.size() > 20);
        const QSet<QString> billed = [&] {
            const QStringList l =
                rows(c, u"SELECT DISTINCT a.number FROM invoices i JOIN accounts a ON a.id = "
                        u"i.account_id"_s);
            return QSet<QString>(l.begin(), l.end());
        }();
        for (const QString &number : withReadings)
            QVERIFY2(billed.contains(number) || failed.contains(number), qPrintable(number));
        QVERIFY(billed.size() >= withReadings.size() - failed.size());
        QCOMPARE(s.invoices, count(u"invoices"_s));
        QCOMPARE(count(u"postings"_s), count(u"invoices"_s));
        QCOMPARE(count(u"tax_invoices"_s), count(u"invoices"_s));
        // The postings carry the invoices' gross.
        QCOMPARE(
            scalar(c,
                   u"SELECT COALESCE(SUM(CASE WHEN side = 'debit' THEN amount_kopecks ELSE -amount_kopecks "
                   u"END), 0) FROM postings"_s),
            scalar(c, u"SELECT COALESCE(SUM(gross_kopecks), 0) FROM invoices"_s));
        QCOMPARE(
            scalar(c, u"SELECT COUNT(*) FROM calculations WHERE requester = 'bill_run' AND bill_run_id = ?"_s,
                   {s.id}),
            qint64(billed.size()));
        // Invoice numbers: consecutive from 1 in the district's series of the invoice year.
        QCOMPARE(scalar(c, u"SELECT MAX(last_number) FROM invoice_series"_s), count(u"invoices"_s));
    }

    // PostgreSQL: a chunk takes the ledgers' lock exclusive instead of locking its accounts' rows, and
    // every single writer takes it shared first (LedgerRepository::lockLedgers). So a chunk waits for a
    // writer that holds it and writes nothing meanwhile, and a single calculation or payment waits for
    // a chunk. The waits are seen in pg_locks.
    void chunkAndSingleWritersExcludeEachOther()
    {
        QFETCH_GLOBAL(QString, driver);
        if (driver != u"postgresql"_s)
            QSKIP("SQLite's write transaction serialises every writer");
        OBLIK_FRESH_DATABASE(url, m_dir);
        makeDistrict(url);
        if (QTest::currentTestFailed())
            return;
        auto opened = Database::open(url);
        QVERIFY(opened.ok());
        std::unique_ptr<Database> holder = std::move(opened).value();
        QSqlDatabase h = holder->connection();
        const auto waiting = [&] {
            return scalar(h, u"SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"_s);
        };
        const auto waitForWaiter = [&] {
            for (int i = 0; i < 300 && waiting() == 0; ++i)
                QThread::msleep(20);
            return waiting() > 0;
        };

        // 1. A single writer holds the lock: the run waits, writes nothing, and goes on after it commits.
        calc::BillRun run(*m_db);
        auto created = run.create(m_supplier, {}, m_period);
        QVERIFY(created.ok());
        QVERIFY(h.transaction());
        QVERIFY(LedgerRepository::lockLedgers(h, false).isNull());
        std::optional<Result<calc::BillRunStatus>> status;
        std::thread runner([&] {
            calc::BillRunOptions options;
            options.chunkAccounts = 7;
            options.today = kToday;
            status = calc::BillRun(*m_db).run(created.value(), options);
        });
        const bool runWaited = waitForWaiter();
        const qint64 writtenMeanwhile = scalar(h, u"SELECT COUNT(*) FROM invoices"_s);
        QVERIFY(h.commit());
        runner.join();
        QVERIFY(runWaited);
        QCOMPARE(writtenMeanwhile, 0);
        QVERIFY(status && status->ok());
        QCOMPARE(status->value().state, u"done"_s);
        QVERIFY(count(u"invoices"_s) > 0);

        // 2. A chunk holds it (taken here as a chunk takes it): a calculation and a payment wait.
        const AccountId account(scalar(h, u"SELECT MIN(account_id) FROM invoices"_s));
        FixedClock clock(QDateTime(kToday, QTime(12, 0), QTimeZone::utc()));
        calc::BillingService service(*m_db, clock);
        const qint64 paymentsBefore = count(u"payments"_s);
        for (const bool payment : {false, true}) {
            QVERIFY(h.transaction());
            QVERIFY(LedgerRepository::lockLedgers(h, true).isNull());
            bool ok = false;
            std::thread single([&] {
                if (payment) {
                    PaymentWrite w;
                    w.account = account;
                    w.article = billing::Article::ActiveEnergy;
                    w.amount = Money::fromKopecks(1234);
                    w.paidOn = kToday;
                    ok = service.registerPayment(w).ok();
                } else {
                    ok = service.calculate(account, m_period, billing::Requester::Clerk, std::nullopt).ok();
                }
            });
            const bool singleWaited = waitForWaiter();
            const qint64 paymentsMeanwhile = scalar(h, u"SELECT COUNT(*) FROM payments"_s);
            QVERIFY(h.commit());
            single.join();
            QVERIFY2(singleWaited, payment ? "payment" : "calculation");
            QCOMPARE(paymentsMeanwhile, paymentsBefore);
            QVERIFY(ok);
        }
        QCOMPARE(count(u"payments"_s), paymentsBefore + 1);
        holder.reset();
    }

    void secondRunWritesNothing()
    {
        OBLIK_FRESH_DATABASE(url, m_dir);
        makeDistrict(url);
        if (QTest::currentTestFailed())
            return;
        const calc::BillRunStatus first = runAll(9);
        QCOMPARE(first.state, u"done"_s);
        const QStringList before = ledger(m_db->connection());
        const qint64 postings = count(u"postings"_s);
        QVERIFY(postings > 0);
        const calc::BillRunStatus second = runAll(5);
        QCOMPARE(second.state, u"done"_s);
        QVERIFY(second.id != first.id);
        QCOMPARE(second.invoices, 0);
        QCOMPARE(count(u"postings"_s), postings);
        QCOMPARE(ledger(m_db->connection()), before);
        QCOMPARE(second.accountsFailed, first.accountsFailed);
    }

    void cancelledAndResumedEqualsUninterrupted()
    {
        QStringList interrupted;
        {
            OBLIK_FRESH_DATABASE(url, m_dir);
            makeDistrict(url);
            if (QTest::currentTestFailed())
                return;
            std::atomic_bool cancel{false};
            const calc::BillRunStatus s = runAll(8, &cancel, 1);
            QCOMPARE(s.state, u"cancelled"_s);
            QCOMPARE(s.accountsDone + s.accountsFailed, 8);
            const qint64 cursor = scalar(m_db->connection(), u"SELECT last_account_id FROM bill_runs"_s);
            QVERIFY(cursor > 0);
            const calc::BillRunStatus resumed = runAll(8);
            QCOMPARE(resumed.id, s.id);
            QCOMPARE(resumed.state, u"done"_s);
            QCOMPARE(resumed.accountsDone + resumed.accountsFailed, resumed.accountsTotal);
            interrupted = ledger(m_db->connection());
        }
        OBLIK_FRESH_DATABASE(url, m_dir);
        makeDistrict(url);
        if (QTest::currentTestFailed())
            return;
        const calc::BillRunStatus whole = runAll(1000);
        QCOMPARE(whole.state, u"done"_s);
        const QStringList uninterrupted = ledger(m_db->connection());
        QVERIFY(uninterrupted.size() > 100);
        QCOMPARE(interrupted, uninterrupted);
    }

    // A run cancelled through the table (from another server on the same database, or for a run whose
    // server stopped) stops before its next chunk; cancelling a run that does not run is refused; the
    // run resumes where it stopped and ends with the ledger of an uninterrupted run.
    void cancelledThroughTheTable()
    {
        OBLIK_FRESH_DATABASE(url, m_dir);
        makeDistrict(url);
        if (QTest::currentTestFailed())
            return;
        calc::BillRun run(*m_db);
        auto created = run.create(m_supplier, {}, m_period);
        QVERIFY2(created.ok(), qPrintable(created.error().detail()));
        const qint64 id = created.value();
        calc::BillRunOptions options;
        options.chunkAccounts = 8;
        options.today = kToday;
        int chunks = 0;
        bool marked = false;
        options.progress = [&](const calc::BillRunStatus &) {
            if (++chunks == 2) {
                auto r = calc::BillRun(*m_db).requestCancel(id);
                marked = r.ok() && r.value();
            }
        };
        auto stopped = run.run(id, options);
        QVERIFY2(stopped.ok(), qPrintable(stopped.error().detail()));
        QVERIFY(marked);
        QCOMPARE(stopped.value().state, u"cancelled"_s);
        QCOMPARE(stopped.value().accountsDone + stopped.value().accountsFailed, 16);
        // Not running any more: a second cancel is refused.
        auto again = calc::BillRun(*m_db).requestCancel(id);
        QVERIFY(again.ok());
        QVERIFY(!again.value());
        // A run left "running" by a stopped server can be cancelled too.
        QSqlQuery q(m_db->connection());
        QVERIFY(q.exec(u"UPDATE bill_runs SET state = 'running' WHERE id = "_s + QString::number(id)));
        auto stale = calc::BillRun(*m_db).requestCancel(id);
        QVERIFY(stale.ok() && stale.value());
        // Resumed: it continues after the cursor and finishes.
        options.progress = {};
        auto resumed = run.run(id, options);
        QVERIFY2(resumed.ok(), qPrintable(resumed.error().detail()));
        QCOMPARE(resumed.value().state, u"done"_s);
        QCOMPARE(resumed.value().accountsDone + resumed.value().accountsFailed,
                 resumed.value().accountsTotal);
        const QStringList interrupted = ledger(m_db->connection());
        QVERIFY(!interrupted.isEmpty());
        // The same district billed in one go writes the same ledger.
        OBLIK_FRESH_DATABASE(url2, m_dir);
        makeDistrict(url2);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(runAll(1000).state, u"done"_s);
        QCOMPARE(ledger(m_db->connection()), interrupted);
    }

    void failuresAreReportedAndOthersBilled()
    {
        OBLIK_FRESH_DATABASE(url, m_dir);
        makeDistrict(url, false); // no class_1 tariffs
        if (QTest::currentTestFailed())
            return;
        QSqlDatabase c = m_db->connection();
        // Missing readings: the period's readings of one household's registers are gone.
        const QString household =
            rows(c,
                 u"SELECT MIN(a.number) FROM accounts a JOIN contracts k ON k.id = a.contract_id JOIN "
                 u"objects o ON "
                 u"o.account_id = a.id JOIN metering_points p ON p.object_id = o.id JOIN meters m ON "
                 u"m.metering_point_id = p.id JOIN registers g ON g.meter_id = m.id JOIN readings r ON "
                 u"r.register_id = g.id WHERE k.consumer_class = 'household' AND r.period = ? AND r.state = "
                 u"'processed' AND m.status = 'working'"_s,
                 {m_period.yyyymm()})
                .value(0);
        QVERIFY(!household.isEmpty());
        {
            QSqlQuery q(c);
            QVERIFY(execPrepared(
                q,
                u"DELETE FROM readings WHERE period = ? AND register_id IN (SELECT g.id FROM registers "
                u"g JOIN meters m ON m.id = g.meter_id JOIN metering_points p ON p.id = "
                u"m.metering_point_id JOIN objects o ON o.id = p.object_id JOIN accounts a ON a.id = "
                u"o.account_id WHERE a.number = ?)"_s,
                {m_period.yyyymm(), household}));
        }
        const QStringList class1 =
            rows(c, u"SELECT a.number FROM accounts a JOIN contracts k ON k.id = "
                    u"a.contract_id WHERE k.consumer_class = 'class_1' ORDER BY a.number"_s);
        QVERIFY(!class1.isEmpty());

        const calc::BillRunStatus s = runAll(10);
        QCOMPARE(s.state, u"done"_s);
        QHash<QString, Error> byNumber;
        for (const auto &f : s.failures)
            byNumber.insert(f.accountNumber, f.error);
        QVERIFY(byNumber.contains(household));
        QCOMPARE(byNumber.value(household).code(), u"calc.readings_missing"_s);
        QCOMPARE(byNumber.value(household).args().value(1), m_period.toString());
        QVERIFY(!byNumber.value(household).args().value(0).isEmpty()); // the point's code
        int class1WithPoints = 0;
        for (const QString &number : class1) {
            if (!byNumber.contains(number))
                continue; // an account without any active consumption needs no tariff
            ++class1WithPoints;
            const Error e = byNumber.value(number);
            if (e.code() != u"calc.parameter_missing"_s)
                continue; // another failure of that account came first
            QCOMPARE(e.args().value(0), u"tariff"_s);
            QVERIFY2(e.args().value(1).startsWith(u"class=class_1;voltage_class="_s),
                     qPrintable(e.args().value(1)));
            QCOMPARE(e.args().value(2), m_period.toString());
            QCOMPARE(e.field(), u"tariff"_s);
            QVERIFY(!e.message().isEmpty());
        }
        QVERIFY(class1WithPoints > 0);
        // No invoice for any failed account; the others are billed.
        for (auto it = byNumber.cbegin(); it != byNumber.cend(); ++it)
            QCOMPARE(
                scalar(
                    c,
                    u"SELECT COUNT(*) FROM invoices i JOIN accounts a ON a.id = i.account_id WHERE a.number = ?"_s,
                    {it.key()}),
                0);
        QVERIFY(count(u"invoices"_s) > 0);
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM bill_run_failures WHERE bill_run_id = ?"_s, {s.id}),
                 qint64(byNumber.size()));
        QCOMPARE(s.accountsFailed, qint64(byNumber.size()));
    }

    // Planned advances (an advance run, docs/billing.md): the contract's monthly energy x the base
    // tariff of the voltage class most of the account's active points have, VAT extracted; one per
    // account and period however often the run is repeated or resumed; no tax invoice, no posting;
    // payments are not allocated to an advance, whose paid is the credit that covers it; an advance
    // of a period already charged is settled. Contracts without limits are passed over; a contract
    // whose limit ended before the period is reported.
    void advanceRun()
    {
        OBLIK_FRESH_DATABASE(url, m_dir);
        makeDistrict(url);
        if (QTest::currentTestFailed())
            return;
        QSqlDatabase c = m_db->connection();
        LedgerRepository ledger(*m_db);
        // Limits: every third contract none, one contract a limit that ended before the period, the
        // others (id x 1000 + 0.5) kWh.
        const QStringList contracts = rows(c, u"SELECT id, number FROM contracts ORDER BY id"_s);
        QVERIFY(contracts.size() > 10);
        QHash<qint64, qint64> limitOf; // contract -> milli-kWh
        QString ended;
        for (qsizetype i = 0; i < contracts.size(); ++i) {
            const qint64 id = contracts.at(i).section(u'|', 0, 0).toLongLong();
            if (i % 3 == 2)
                continue;
            if (ended.isEmpty()) {
                ended = contracts.at(i).section(u'|', 1);
                QVERIFY(ledger
                            .addLimit(ContractId(id), {Period(2020, 1), m_period.previous()},
                                      {Energy::fromMilli(5'000'000), 0})
                            .isNull());
                continue;
            }
            limitOf.insert(id, id * 1'000'000 + 500);
            QVERIFY(ledger
                        .addLimit(ContractId(id), {Period(2020, 1), Period()},
                                  {Energy::fromMilli(id * 1'000'000 + 500), 0})
                        .isNull());
        }
        // One account of each kind of contract is never billed (its readings are not processed): a
        // contract with a limit in force plans it by its share, the ended one reports it, a contract
        // without limits passes it over.
        QString firstLimited;
        for (qsizetype i = 0; i < contracts.size() && firstLimited.isEmpty(); ++i)
            if (limitOf.contains(contracts.at(i).section(u'|', 0, 0).toLongLong()))
                firstLimited = contracts.at(i).section(u'|', 1);
        for (const QString &number : {firstLimited, ended, contracts.at(2).section(u'|', 1)}) {
            QSqlQuery q(c);
            QVERIFY2(
                execPrepared(
                    q,
                    u"UPDATE readings SET state = 'submitted' WHERE period = ? AND register_id IN (SELECT "
                    u"g.id FROM registers g JOIN meters m ON m.id = g.meter_id JOIN metering_points p "
                    u"ON p.id = m.metering_point_id JOIN objects o ON o.id = p.object_id WHERE "
                    u"o.account_id = (SELECT MIN(a.id) FROM accounts a JOIN contracts k ON k.id = "
                    u"a.contract_id WHERE k.number = ?))"_s,
                    {m_period.yyyymm(), number}),
                qPrintable(q.lastError().text()));
        }
        auto advances = [&](Period p, int chunk, std::atomic_bool *cancel = nullptr) {
            calc::BillRun run(*m_db);
            auto unfinished = run.unfinished(m_supplier, {}, p, calc::BillRunKind::Advance);
            [&] { QVERIFY(unfinished.ok()); }();
            qint64 id = unfinished.value() ? *unfinished.value() : 0;
            if (!id)
                id = run.create(m_supplier, {}, p, {}, calc::BillRunKind::Advance).value();
            calc::BillRunOptions options;
            options.chunkAccounts = chunk;
            options.today = kToday;
            options.cancel = cancel;
            options.progress = [cancel](const calc::BillRunStatus &) {
                if (cancel)
                    cancel->store(true);
            };
            auto result = run.run(id, options);
            [&] { QVERIFY2(result.ok(), qPrintable(result.error().detail())); }();
            return result.value();
        };
        // The period's advances before it is charged: nothing billed yet, so each account of a
        // contract with a limit in force is planned by its share of the contract's energy.
        const calc::BillRunStatus early = advances(m_period, 1000);
        QCOMPARE(early.state, u"done"_s);
        QCOMPARE(early.accountsFailed, 0);
        QCOMPARE(
            early.invoices,
            scalar(c,
                   u"SELECT COUNT(*) FROM accounts a JOIN contract_limits l ON l.contract_id = a.contract_id "
                   u"WHERE l.valid_to IS NULL"_s));
        QCOMPARE(runAll(50).state, u"done"_s); // then the period is charged
        const qint64 postings = count(u"postings"_s), taxes = count(u"tax_invoices"_s);
        const Period next = m_period.next();
        // Cancelled after its first chunk, then resumed.
        std::atomic_bool cancel{false};
        const calc::BillRunStatus stopped = advances(next, 6, &cancel);
        QCOMPARE(stopped.state, u"cancelled"_s);
        QCOMPARE(calc::toString(stopped.kind), u"advance"_s);
        const calc::BillRunStatus s = advances(next, 6);
        QCOMPARE(s.id, stopped.id);
        QCOMPARE(s.state, u"done"_s);
        QCOMPARE(s.postings, 0);
        QCOMPARE(s.accountsFailed, 0);
        QCOMPARE(count(u"postings"_s), postings);
        QCOMPARE(count(u"tax_invoices"_s), taxes);
        // Each account's planned energy, worked out here from the ledger: a contract without a limit
        // in force (none, or one that ended) is passed over; otherwise the account's active energy
        // billed in the period (the only one billed), or, never billed, its share of the contract's.
        const QStringList issuedRows = rows(
            c,
            u"SELECT a.id, k.id, k.consumer_class, i.article, i.gross_kopecks, i.net_kopecks, i.vat_kopecks, "
            u"i.due_date, i.vat_rate_bp, i.vat_mode, l.quantity_milli, l.tariff_hundred_thousandths, "
            u"(SELECT COUNT(*) FROM invoice_lines x WHERE x.invoice_id = i.id) FROM invoices i "
            u"JOIN accounts a ON a.id = i.account_id JOIN contracts k ON k.id = a.contract_id "
            u"JOIN invoice_lines l ON l.invoice_id = i.id WHERE i.type = 'planned_advance' AND i.period = ? "
            u"ORDER BY a.id"_s,
            {next.yyyymm()});
        QHash<qint64, QStringList> issued;
        for (const QString &row : issuedRows)
            issued.insert(row.section(u'|', 0, 0).toLongLong(), row.split(u'|'));
        qint64 expected = 0, fromHistory = 0, fromContract = 0;
        for (const QString &row :
             rows(c, u"SELECT a.id, a.contract_id, a.number FROM accounts a ORDER BY a.id"_s)) {
            const qint64 account = row.section(u'|', 0, 0).toLongLong();
            const qint64 contract = row.section(u'|', 1, 1).toLongLong();
            if (!limitOf.contains(contract)) {
                QVERIFY2(!issued.contains(account), qPrintable(row)); // no limit in force
                continue;
            }
            const bool billed =
                scalar(c,
                       u"SELECT COUNT(*) FROM invoices i JOIN invoice_lines l ON l.invoice_id = i.id WHERE "
                       u"i.account_id = ? AND i.calculation_id IS NOT NULL AND l.kind = 'active_energy'"_s,
                       {account}) > 0;
            qint64 planned = 0;
            if (billed) {
                planned =
                    scalar(c,
                           u"SELECT SUM(l.quantity_milli) FROM invoices i JOIN invoice_lines l ON "
                           u"l.invoice_id = i.id WHERE i.account_id = ? AND i.calculation_id IS NOT NULL "
                           u"AND l.kind = 'active_energy'"_s,
                           {account});
                ++fromHistory;
            } else {
                const qint64 sharing =
                    scalar(c, u"SELECT COUNT(*) FROM accounts WHERE contract_id = ?"_s, {contract});
                planned = (2 * limitOf.value(contract) + sharing) / (2 * sharing); // half up
                ++fromContract;
            }
            if (planned <= 0) {
                QVERIFY2(!issued.contains(account), qPrintable(row));
                continue;
            }
            ++expected;
            QVERIFY2(issued.contains(account), qPrintable(row));
            const QStringList f = issued.value(account);
            QCOMPARE(f.at(3), u"active_energy"_s);
            QCOMPARE(f.at(12), u"1"_s);
            QCOMPARE(f.at(10).toLongLong(), planned);
            // The voltage class most active points of the account have (a tie: class 2).
            const qint64 class1 = scalar(c,
                                         u"SELECT COUNT(*) FROM metering_points p JOIN objects o ON o.id = "
                                         u"p.object_id WHERE o.account_id = ? AND p.kind = 'A' AND "
                                         u"p.voltage_v >= 27500"_s,
                                         {account});
            const qint64 all = scalar(c,
                                      u"SELECT COUNT(*) FROM metering_points p JOIN objects o ON o.id = "
                                      u"p.object_id WHERE o.account_id = ? AND p.kind = 'A'"_s,
                                      {account});
            const int voltage = class1 > all - class1 ? 1 : 2;
            const qint64 tariff = f.at(2) == u"household"_s ? 432000 : 612345 - voltage * 1000;
            QCOMPARE(f.at(11).toLongLong(), tariff);
            // gross = milli x hundred-thousandths / 10^6 kopecks, half up; net = gross / 1.2 half up.
            const __int128 product = __int128(planned) * tariff;
            const qint64 gross = qint64((product + 500'000) / 1'000'000);
            QCOMPARE(f.at(4).toLongLong(), gross);
            QCOMPARE(f.at(5).toLongLong(), (gross * 10 + 6) / 12);
            QCOMPARE(f.at(5).toLongLong() + f.at(6).toLongLong(), gross);
            // Pay by the eve of the period, or in ten days when that is later (this period has begun).
            const QDate eve = next.firstDay().addDays(-1);
            QCOMPARE(f.at(7), (eve >= kToday.addDays(10) ? eve : kToday.addDays(10)).toString(Qt::ISODate));
            QCOMPARE(f.at(8), u"2000"_s);
            QCOMPARE(f.at(9), u"extracted"_s);
        }
        QVERIFY(fromHistory > 5);
        QVERIFY2(fromContract > 0,
                 "no account was planned by its contract's energy: the case is not exercised");
        QCOMPARE(qint64(issued.size()), expected);
        QCOMPARE(s.invoices, expected);
        // Again: nothing more (one advance per account and period; the database refuses a second).
        const calc::BillRunStatus again = advances(next, 1000);
        QVERIFY(again.id != s.id);
        QCOMPARE(again.invoices, 0);
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM invoices WHERE type = 'planned_advance' AND period = ?"_s,
                        {next.yyyymm()}),
                 expected);
        // The charged period asks nothing more: its accounts hold an advance or are charged.
        QCOMPARE(advances(m_period, 1000).invoices, 0);

        // The advances of the charged period are settled, except the never billed account's (its
        // calculation failed).
        const qint64 neverBilled = scalar(c,
                                          u"SELECT MIN(a.id) FROM accounts a JOIN contracts k ON k.id = "
                                          u"a.contract_id WHERE k.number = ?"_s,
                                          {firstLimited});
        QVERIFY(neverBilled > 0);
        qint64 settledCount = 0;
        for (const QString &row :
             rows(c,
                  u"SELECT DISTINCT account_id FROM invoices WHERE type = 'planned_advance' "
                  u"AND period = ?"_s,
                  {m_period.yyyymm()})) {
            auto list = ledger.invoices(AccountId(row.toLongLong()), m_period);
            QVERIFY(list.ok());
            for (const StoredInvoice &i : list.value()) {
                if (i.type != billing::InvoiceType::PlannedAdvance)
                    continue;
                QCOMPARE(i.settled, row.toLongLong() != neverBilled);
                if (i.settled) {
                    QCOMPARE(i.remaining().kopecks(), 0);
                    ++settledCount;
                } else {
                    QCOMPARE(i.remaining().kopecks(), i.gross.kopecks());
                }
            }
        }
        QVERIFY(settledCount > 0);

        // A payment: not allocated to an advance, it waits as credit and covers the unsettled
        // advances oldest first (next's whole, then 10.00 of the one after).
        QVERIFY(advances(next.next(), 1000).invoices > 0);
        QString payerRow;
        for (const QString &row : issuedRows)
            if (payerRow.isEmpty() && row.section(u'|', 0, 0).toLongLong() != neverBilled)
                payerRow = row;
        QVERIFY(!payerRow.isEmpty());
        const AccountId payer(payerRow.section(u'|', 0, 0).toLongLong());
        const qint64 advanceGross = payerRow.section(u'|', 4, 4).toLongLong();
        auto before = ledger.invoices(payer);
        QVERIFY(before.ok());
        qint64 owed = 0;
        for (const StoredInvoice &i : before.value())
            if (i.article == billing::Article::ActiveEnergy && i.type != billing::InvoiceType::PlannedAdvance)
                owed += i.remaining().kopecks();
        const qint64 creditBefore =
            -scalar(c,
                    u"SELECT COALESCE(SUM(CASE WHEN side = 'debit' THEN amount_kopecks "
                    u"ELSE -amount_kopecks END), 0) FROM postings WHERE account_id = ? AND "
                    u"article = 'active_energy'"_s,
                    {payer.value()});
        QVERIFY(creditBefore <= 0); // it owes: no credit yet
        {
            Transaction t(c);
            PaymentWrite w;
            w.account = payer;
            w.amount = Money::fromKopecks(owed + advanceGross + 1000);
            w.paidOn = kToday;
            auto paid = ledger.registerPayment(w, QDateTime::currentMSecsSinceEpoch());
            QVERIFY2(paid.ok(), qPrintable(paid.error().code() + u' ' + paid.error().field()));
            QCOMPARE(paid.value().unallocated.kopecks(), advanceGross + 1000);
            QVERIFY(t.commit());
        }
        auto after = ledger.invoices(payer);
        QVERIFY(after.ok());
        int unsettled = 0;
        for (const StoredInvoice &i : after.value()) {
            if (i.type != billing::InvoiceType::PlannedAdvance || i.settled)
                continue;
            ++unsettled;
            if (i.period == next) {
                QCOMPARE(i.gross.kopecks(), advanceGross);
                QCOMPARE(i.paid.kopecks(), advanceGross);
                QCOMPARE(i.remaining().kopecks(), 0);
            } else {
                QCOMPARE(i.period, next.next());
                QCOMPARE(i.paid.kopecks(), std::min<qint64>(1000, i.gross.kopecks()));
                QCOMPARE(i.remaining().kopecks(),
                         i.gross.kopecks() - std::min<qint64>(1000, i.gross.kopecks()));
            }
        }
        QCOMPARE(unsettled, 2);
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM allocations a JOIN invoices i ON i.id = a.invoice_id WHERE "
                           u"i.type = 'planned_advance'"_s),
                 0);
        // The turnover of the next period charges nothing for the advances.
        auto turnover = ledger.turnover(payer, next);
        QVERIFY(turnover.ok());
        for (const billing::TurnoverRow &r : turnover.value())
            QCOMPARE(r.charged.kopecks(), 0);
        // A recalculation of the charged period corrects its calculated invoices only: no correction
        // of an advance (its advance is of the same article and period).
        const qint64 invoicesBefore = count(u"invoices"_s);
        QCOMPARE(runAll(50).invoices, 0);
        QCOMPARE(count(u"invoices"_s), invoicesBefore);
    }

    // `oblik-server bill-run`: killed with SIGKILL in the middle, then run again, it leaves the ledger
    // of a run that was never interrupted; its report lists the failures; exit codes.
    void killedProcessThenRerun()
    {
        if (serverBinary().isEmpty())
            QSKIP("OBLIK_SERVER_BIN is not set (ctest sets it)");
        QStringList killed;
        const QStringList args = {u"bill-run"_s, u"--period"_s, QString(), u"--chunk"_s, u"1"_s, u"--db"_s};
        {
            OBLIK_FRESH_DATABASE(url, m_dir);
            makeDistrict(url, false);
            if (QTest::currentTestFailed())
                return;
            m_db.reset(); // the process writes; reopened below
            QStringList a = args;
            a[2] = m_period.toString();
            a << url;
            QProcess p;
            p.setReadChannel(QProcess::StandardError);
            p.start(serverBinary(), a);
            QVERIFY(p.waitForStarted());
            // Kill it after a few committed chunks (progress lines on stderr).
            QByteArray err;
            while (err.count("accounts (") < 4 && p.state() == QProcess::Running) {
                p.waitForReadyRead(5000);
                err += p.readAllStandardError();
            }
            QVERIFY2(p.state() == QProcess::Running, err.constData());
            p.kill();
            QVERIFY(p.waitForFinished());
            {
                OBLIK_OPEN_DATABASE(db, url);
                const qint64 done =
                    scalar(db->connection(), u"SELECT accounts_done + accounts_failed FROM bill_runs"_s);
                QVERIFY2(done >= 3 && done < 60, qPrintable(QString::number(done)));
                QCOMPARE(rows(db->connection(), u"SELECT state FROM bill_runs"_s), QStringList{u"running"_s});
            }
            QProcess again;
            again.start(serverBinary(), a);
            QVERIFY(again.waitForFinished(120000));
            const QString out = QString::fromUtf8(again.readAllStandardOutput());
            const QString errText = QString::fromUtf8(again.readAllStandardError());
            QVERIFY2(errText.contains(u"resuming run 1"_s), qPrintable(errText));
            // class_1 accounts fail: exit status 1 and a line per failed account with code and args.
            QCOMPARE(again.exitCode(), 1);
            QVERIFY2(out.contains(u"calc.parameter_missing [\"tariff\",\"class=class_1;voltage_class="_s),
                     qPrintable(out));
            QVERIFY2(out.contains(u" done: "_s), qPrintable(out));
            OBLIK_OPEN_DATABASE(db, url);
            m_db = std::move(db);
            QCOMPARE(rows(m_db->connection(), u"SELECT state FROM bill_runs"_s), QStringList{u"done"_s});
            killed = ledger(m_db->connection());
        }
        OBLIK_FRESH_DATABASE(url, m_dir);
        makeDistrict(url, false);
        if (QTest::currentTestFailed())
            return;
        // The process dates its invoices today; so does this run.
        calc::BillRun run(*m_db);
        auto id = run.create(m_supplier, {}, m_period);
        QVERIFY(id.ok());
        calc::BillRunOptions options;
        options.today = QDate::currentDate();
        auto whole = run.run(id.value(), options);
        QVERIFY(whole.ok());
        QCOMPARE(killed, ledger(m_db->connection()));
    }
};

QTEST_GUILESS_MAIN(TestBillRun)
#include "tst_billrun.moc"

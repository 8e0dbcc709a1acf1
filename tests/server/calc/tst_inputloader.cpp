// calc::InputLoader, once per driver, on the demo district: what it loads for many accounts at once
// equals what billing::inputFromAccount builds from one account's tree (AccountRepository::load),
// the period's readings (ReadingRepository::ofPeriod) and each register's history
// (the query of ReadingRepository::closedHistory): an oracle made of other, per-account code. Plus what
// inputFromAccount does not cover (sub-consumers of other accounts, limits, signed acts), missing
// readings, and a statement count that does not grow with the number of accounts.

#include "storefixture.h"
#include "storetest.h"

#include "billing/calculation.h"
#include "calc/inputloader.h"
#include "store/accountrepository.h"
#include "store/demogenerator.h"
#include "store/readingrepository.h"

#include <QSqlDriver>

#ifdef OBLIK_HAVE_SQLITE3
#include <sqlite3.h>
#endif

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::store;

namespace {

const QDate kToday(2026, 11, 25);

QString describePoint(const billing::PointConsumption &p)
{
    QString s = u"point %1 %2 %3 %4V parent %5\n"_s.arg(p.id.value())
                    .arg(p.code, domain::toString(p.kind))
                    .arg(p.voltageV)
                    .arg(p.parentId ? p.parentId->value() : 0);
    for (const billing::RegisterConsumption &r : p.registers) {
        const QString h =
            Energy::fromMilli(r.history.sumMilli).toString() + u" in "_s + QString::number(r.history.periods);
        s += u"  register %1 meter %2 %3 %4 history [%5]%6\n"_s.arg(r.registerId.value())
                 .arg(r.meterId.value())
                 .arg(domain::toString(r.zone), r.consumption.toString(), h,
                      r.rangeConfirmed ? u" confirmed"_s : QString());
    }
    return s;
}

// Everything inputFromAccount sets, as text (QCOMPARE then shows the first difference).
QString describe(const billing::CalculationInput &in)
{
    QString s = u"account %1 period %2 class %3 self %4 act %5\n"_s.arg(in.account.value())
                    .arg(in.period.toString(), in.consumerClass)
                    .arg(in.selfCalculationAllowed)
                    .arg(in.requiresSignedAct);
    for (const billing::PointConsumption &p : in.points)
        s += describePoint(p);
    return s;
}

AccessScope adminOf(qint64 supplier)
{
    return {UserId(1), domain::Role::Admin, {}, SupplierId(supplier)};
}

qint64 scalar(QSqlDatabase db, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery q(db);
    q.prepare(sql);
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec() || !q.next()) {
        qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        return -1;
    }
    return q.value(0).toLongLong();
}

bool exec(QSqlDatabase db, const QString &sql, const QVariantList &values = {})
{
    QSqlQuery q(db);
    q.prepare(sql);
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec()) {
        qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        return false;
    }
    return true;
}

#ifdef OBLIK_HAVE_SQLITE3
int traceCallback(unsigned, void *counter, void *, void *)
{
    ++*static_cast<int *>(counter);
    return 0;
}
#endif

} // namespace

class TestInputLoader : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    // A fresh demo district of `accounts` accounts; the last closed period in *period.
    std::unique_ptr<Database> demo(const QString &url, int accounts, Period *period)
    {
        auto opened = Database::open(url);
        if (!opened)
            return {};
        std::unique_ptr<Database> db = std::move(opened).value();
        DemoOptions options;
        options.accounts = accounts;
        options.today = kToday;
        auto result = DemoGenerator(*db, options).run();
        if (!result) {
            qWarning("demo: %s", qPrintable(result.error().detail()));
            return {};
        }
        *period = demoEntryPeriod(kToday).previous();
        return db;
    }

    QList<AccountId> allAccounts(Database &db)
    {
        calc::InputLoader loader(db);
        auto ids = loader.accountIds(SupplierId(1), std::nullopt, 0, 100000);
        return ids ? ids.value() : QList<AccountId>();
    }

    // The oracle: one account at a time through other code.
    Result<billing::CalculationInput> oracle(Database &db, AccountId id, Period period)
    {
        auto detail = AccountRepository(db).load(adminOf(1), id);
        if (!detail)
            return detail.error();
        if (!detail.value())
            return Error::make(u"test.not_found"_s);
        ReadingRepository readings(db);
        auto ofPeriod = readings.ofPeriod(id, period);
        if (!ofPeriod)
            return ofPeriod.error();
        QHash<RegisterId, QList<Energy>> history;
        for (const auto &o : detail.value()->objects)
            for (const auto &p : o.meteringPoints)
                for (const auto &m : p.meters)
                    for (const auto &g : m.registers) {
                        // Per register, the plain way (ReadingRepository::closedHistory's query).
                        QSqlQuery q(db.connection());
                        q.prepare(
                            u"SELECT consumption_milli FROM readings WHERE register_id = ? AND period < ? "
                            u"AND state = 'processed' ORDER BY period DESC LIMIT 12"_s);
                        q.addBindValue(g.id.value());
                        q.addBindValue(period.yyyymm());
                        if (!q.exec())
                            return Error::make(u"test.query"_s, {}, {}, q.lastError().text());
                        QList<Energy> h;
                        while (q.next())
                            h.append(Energy::fromMilli(q.value(0).toLongLong()));
                        history.insert(g.id, h);
                    }
        return billing::inputFromAccount(*detail.value(), period, ofPeriod.value(), history);
    }

private Q_SLOTS:
    void initTestCase_data() { test::addDriverRows(); }

    void equalsInputFromAccountForEveryDemoAccount()
    {
        OBLIK_FRESH_DATABASE(url, m_dir);
        Period period;
        auto db = demo(url, 60, &period);
        QVERIFY(db);
        QSqlDatabase c = db->connection();
        // A reading a clerk accepted out of range, to see rangeConfirmed travel.
        const qint64 confirmedRegister =
            scalar(c, u"SELECT MIN(register_id) FROM readings WHERE period = ?"_s, {period.yyyymm()});
        QVERIFY(exec(
            c,
            u"UPDATE readings SET override_reason = 'checked on site' WHERE register_id = ? AND period = ?"_s,
            {confirmedRegister, period.yyyymm()}));

        const QList<AccountId> ids = allAccounts(*db);
        QCOMPARE(ids.size(), 60);
        auto loaded = calc::InputLoader(*db).load(ids, period);
        QVERIFY2(loaded.ok(), qPrintable(loaded.error().detail()));
        QCOMPARE(loaded.value().size(), ids.size());
        int registers = 0, confirmed = 0, withHistory = 0;
        for (int i = 0; i < ids.size(); ++i) {
            const calc::AccountInput &item = loaded.value()[i];
            QCOMPARE(item.account, ids[i]);
            QCOMPARE(item.supplier, SupplierId(1));
            QCOMPARE(item.district, DistrictId(1));
            QVERIFY(item.accountNumber.startsWith(u"1807"_s));
            QVERIFY2(item.input.ok(), qPrintable(item.input.error().code()));
            auto expected = oracle(*db, ids[i], period);
            QVERIFY2(expected.ok(), qPrintable(expected.error().code()));
            QCOMPARE(describe(item.input.value()), describe(expected.value()));
            QCOMPARE(item.input.value().requester, billing::Requester::Clerk);
            QVERIFY(!item.input.value().actSigned);
            // The demo has one limit: on the bakery's contract (the accountant's accounts).
            const qint64 limitRows = scalar(c,
                                            u"SELECT COUNT(*) FROM contract_limits l JOIN accounts a "
                                            u"ON a.contract_id = l.contract_id WHERE a.id = ?"_s,
                                            {ids[i].value()});
            QCOMPARE(qint64(item.input.value().limits.entries().size()), limitRows);
            if (limitRows > 0)
                QVERIFY(item.input.value().limits.at(period) != nullptr);
            for (const auto &p : item.input.value().points)
                for (const auto &r : p.registers) {
                    ++registers;
                    confirmed += r.rangeConfirmed ? 1 : 0;
                    withHistory += r.history.periods == 11 ? 1 : 0; // 12 demo periods, the last is this one
                    QVERIFY(r.consumption.milli() > 0);
                }
        }
        QCOMPARE(confirmed, 1);
        QCOMPARE(withHistory, registers);
        QCOMPARE(qint64(registers),
                 scalar(c, u"SELECT COUNT(*) FROM readings WHERE period = ? AND state = 'processed'"_s,
                        {period.yyyymm()}));

        // Order as asked, unknown ids left out.
        auto some = calc::InputLoader(*db).load({ids[5], AccountId(999999), ids[2]}, period);
        QVERIFY(some.ok());
        QCOMPARE(some.value().size(), 2);
        QCOMPARE(some.value()[0].account, ids[5]);
        QCOMPARE(some.value()[1].account, ids[2]);
        QCOMPARE(calc::InputLoader(*db).countAccounts(SupplierId(1), DistrictId(1)).value(), 60);
        QCOMPARE(calc::InputLoader(*db).countAccounts(SupplierId(1), DistrictId(2)).value(), 0);
        auto page = calc::InputLoader(*db).accountIds(SupplierId(1), DistrictId(1), ids[9].value(), 5);
        QVERIFY(page.ok());
        QCOMPARE(page.value(), ids.mid(10, 5));
    }

    // PostgreSQL reads each level of the tree over ranges of ids and leaves out the rows of ids in the
    // ranges' gaps: every third account, asked out of order, must still equal the oracle, with nothing
    // of the accounts in between. And the range history keeps the 12 newest readings before the period
    // when a register has more, and stops at the period asked for when later ones exist.
    void scatteredAccountsAndLongHistory()
    {
        OBLIK_FRESH_DATABASE(url, m_dir);
        Period period;
        auto db = demo(url, 60, &period);
        QVERIFY(db);
        QSqlDatabase c = db->connection();
        const QList<AccountId> all = allAccounts(*db);
        QCOMPARE(all.size(), 60);
        QList<AccountId> ids;
        for (qsizetype i = all.size() - 1; i >= 0; i -= 3)
            ids.append(all[i]);
        // Three readings older than the demo's first period for one register of the first account asked:
        // 14 before the last period, of which the 12 newest count.
        const qint64 longRegister = scalar(
            c,
            u"SELECT MIN(g.id) FROM registers g JOIN meters m ON m.id = g.meter_id JOIN metering_points p "
            u"ON p.id = m.metering_point_id JOIN objects o ON o.id = p.object_id WHERE o.account_id = ?"_s,
            {ids[0].value()});
        const qint64 firstPeriod =
            scalar(c, u"SELECT MIN(period) FROM readings WHERE register_id = ?"_s, {longRegister});
        QVERIFY(longRegister > 0 && firstPeriod > 0);
        Period older = Period::fromYyyymm(int(firstPeriod));
        for (int k = 0; k < 3; ++k) {
            older = older.previous();
            QVERIFY(
                exec(c,
                     u"INSERT INTO readings (register_id, period, taken_on, value_milli, consumption_milli, "
                     u"state) VALUES (?, ?, '2025-01-01', ?, ?, 'processed')"_s,
                     {longRegister, older.yyyymm(), 1000 + k, 900000000 + k}));
        }
        for (const Period p : {period, period.previous()}) {
            auto loaded = calc::InputLoader(*db).load(ids, p);
            QVERIFY2(loaded.ok(), qPrintable(loaded.error().detail()));
            QCOMPARE(loaded.value().size(), ids.size());
            int longHistory = 0;
            for (qsizetype i = 0; i < ids.size(); ++i) {
                const calc::AccountInput &item = loaded.value()[i];
                QCOMPARE(item.account, ids[i]);
                QVERIFY2(item.input.ok(), qPrintable(item.input.error().code()));
                auto expected = oracle(*db, ids[i], p);
                QVERIFY2(expected.ok(), qPrintable(expected.error().code()));
                QCOMPARE(describe(item.input.value()), describe(expected.value()));
                for (const auto &point : item.input.value().points)
                    for (const auto &r : point.registers)
                        if (r.registerId == RegisterId(longRegister)) {
                            ++longHistory;
                            QCOMPARE(r.history.periods, 12);
                        }
            }
            QCOMPARE(longHistory, 1);
        }
    }

    void subConsumersLimitsAndActs()
    {
        OBLIK_FRESH_DATABASE(url, m_dir);
        Period period;
        auto db = demo(url, 20, &period);
        QVERIFY(db);
        QSqlDatabase c = db->connection();
        const QList<AccountId> ids = allAccounts(*db);
        const AccountId parentAccount = ids[10], childAccount = ids[11];
        // Hang the first active point of childAccount under the first active point of parentAccount.
        const QString firstActive =
            u"SELECT MIN(p.id) FROM metering_points p JOIN objects o ON o.id = p.object_id "
            u"WHERE o.account_id = ? AND p.kind = 'A' AND p.parent_id IS NULL"_s;
        const qint64 parentPoint = scalar(c, firstActive, {parentAccount.value()});
        const qint64 childPoint = scalar(c, firstActive, {childAccount.value()});
        QVERIFY(parentPoint > 0 && childPoint > 0);
        QVERIFY(
            exec(c, u"UPDATE metering_points SET parent_id = ? WHERE id = ?"_s, {parentPoint, childPoint}));
        const qint64 childEnergy = scalar(
            c,
            u"SELECT SUM(r.consumption_milli) FROM readings r JOIN registers g ON g.id = r.register_id "
            u"JOIN meters m ON m.id = g.meter_id WHERE m.metering_point_id = ? AND r.period = ?"_s,
            {childPoint, period.yyyymm()});
        // A limit on parentAccount's contract from this period on, and a signed act for childAccount.
        const qint64 contract =
            scalar(c, u"SELECT contract_id FROM accounts WHERE id = ?"_s, {parentAccount.value()});
        QVERIFY(test::insertRow(c, u"contract_limits"_s,
                                {{"contract_id", contract},
                                 {"monthly_energy_milli", 1500000},
                                 {"power_w", 50000},
                                 {"valid_from", period.yyyymm()},
                                 {"valid_to", test::null()}}) > 0);
        QVERIFY(test::insertRow(c, u"readings_acts"_s,
                                {{"account_id", childAccount.value()},
                                 {"period", period.yyyymm()},
                                 {"signed_at", 1764000000000LL},
                                 {"signed_by", test::null()}}) > 0);
        QVERIFY(test::insertRow(c, u"readings_acts"_s, // not signed
                                {{"account_id", parentAccount.value()},
                                 {"period", period.yyyymm()},
                                 {"signed_at", test::null()},
                                 {"signed_by", test::null()}}) > 0);

        auto loaded = calc::InputLoader(*db).load({parentAccount, childAccount}, period);
        QVERIFY(loaded.ok());
        QCOMPARE(loaded.value().size(), 2);
        const billing::CalculationInput parent = loaded.value()[0].input.value();
        const billing::CalculationInput child = loaded.value()[1].input.value();
        QCOMPARE(parent.subConsumers.size(), 1);
        QCOMPARE(parent.subConsumers[0].id, MeteringPointId(childPoint));
        QCOMPARE(parent.subConsumers[0].parentId, std::optional(MeteringPointId(parentPoint)));
        qint64 sum = 0;
        for (const auto &r : parent.subConsumers[0].registers)
            sum += r.consumption.milli();
        QCOMPARE(sum, childEnergy);
        QVERIFY(child.subConsumers.isEmpty()); // the child is billed in full on its own account
        bool childHasPoint = false;
        for (const auto &p : child.points)
            childHasPoint = childHasPoint || (p.id == MeteringPointId(childPoint) && p.parentId);
        QVERIFY(childHasPoint);
        QVERIFY(!parent.actSigned);
        QVERIFY(child.actSigned);
        QVERIFY(parent.limits.at(period));
        QCOMPARE(parent.limits.at(period)->monthlyEnergy.milli(), 1500000);
        QCOMPARE(parent.limits.at(period)->powerW, 50000);
        QVERIFY(!parent.limits.at(period.previous()));
        QVERIFY(child.limits.isEmpty());

        // The child's reading missing: the child fails, and its parent too (it would be overcharged).
        QVERIFY(exec(
            c,
            u"UPDATE readings SET state = 'submitted' WHERE period = ? AND register_id IN "
            u"(SELECT g.id FROM registers g JOIN meters m ON m.id = g.meter_id WHERE m.metering_point_id = ?)"_s,
            {period.yyyymm(), childPoint}));
        loaded = calc::InputLoader(*db).load({parentAccount, childAccount, ids[0]}, period);
        QVERIFY(loaded.ok());
        QSqlQuery codeQuery(c);
        codeQuery.prepare(u"SELECT code FROM metering_points WHERE id = ?"_s);
        codeQuery.addBindValue(childPoint);
        QVERIFY(codeQuery.exec() && codeQuery.next());
        const QString childCode = codeQuery.value(0).toString();
        for (int i : {0, 1}) {
            QVERIFY(!loaded.value()[i].input.ok());
            QCOMPARE(loaded.value()[i].input.error().code(), u"calc.readings_missing"_s);
            QCOMPARE(loaded.value()[i].input.error().args(), QStringList({childCode, period.toString()}));
        }
        QVERIFY(loaded.value()[2].input.ok());
        // The same answer as the oracle for the child.
        auto expected = oracle(*db, childAccount, period);
        QVERIFY(!expected.ok());
        QCOMPARE(expected.error().code(), u"calc.readings_missing"_s);
        QCOMPARE(expected.error().args(), loaded.value()[1].input.error().args());
    }

    void replacedMeterAddsUp()
    {
        OBLIK_FRESH_DATABASE(url, m_dir);
        Period period;
        auto db = demo(url, 8, &period);
        QVERIFY(db);
        QSqlDatabase c = db->connection();
        const AccountId account = allAccounts(*db).last();
        // A removed meter with no reading of the period is skipped; with one it counts beside the new meter.
        const qint64 point =
            scalar(c,
                   u"SELECT MIN(p.id) FROM metering_points p JOIN objects o ON o.id = p.object_id "
                   u"WHERE o.account_id = ?"_s,
                   {account.value()});
        const qint64 oldMeter = test::insertRow(c, u"meters"_s,
                                                {{"metering_point_id", point},
                                                 {"number", u"000001"_s},
                                                 {"model", u"NIK 2102"_s},
                                                 {"digits", 6},
                                                 {"decimals", 0},
                                                 {"ratio", 1},
                                                 {"installed_on", u"2010-01-01"_s},
                                                 {"verification_due", u"2026-01-01"_s},
                                                 {"status", u"removed"_s}});
        const qint64 oldRegister = test::insertRow(
            c, u"registers"_s, {{"meter_id", oldMeter}, {"zone", u"total"_s}, {"position", 0}});
        QVERIFY(oldRegister > 0);
        auto before = calc::InputLoader(*db).load({account}, period);
        QVERIFY(before.ok() && before.value()[0].input.ok());
        QVERIFY(exec(
            c,
            u"INSERT INTO readings (register_id, period, taken_on, value_milli, consumption_milli, state) "
            u"VALUES (?, ?, ?, 7000, 7000, 'processed')"_s,
            {oldRegister, period.yyyymm(), period.firstDay().toString(Qt::ISODate)}));
        auto after = calc::InputLoader(*db).load({account}, period);
        QVERIFY(after.ok() && after.value()[0].input.ok());
        const auto registersOf = [&](const billing::CalculationInput &in) {
            for (const auto &p : in.points)
                if (p.id == MeteringPointId(point))
                    return p.registers;
            return QList<billing::RegisterConsumption>();
        };
        const auto old = registersOf(before.value()[0].input.value());
        const auto now = registersOf(after.value()[0].input.value());
        QCOMPARE(now.size(), old.size() + 1);
        QCOMPARE(now.last().registerId, RegisterId(oldRegister));
        QCOMPARE(now.last().consumption.milli(), 7000);
        // The calculation bills each meter in its own scheme: it needs to know whose register it is.
        QCOMPARE(now.last().meterId, MeterId(oldMeter));
        for (qsizetype i = 0; i + 1 < now.size(); ++i)
            QVERIFY(now[i].meterId.isValid() && now[i].meterId != MeterId(oldMeter));
        // The removed meter read in part (a second register without its closing reading): missing
        // readings, as billing::inputFromAccount says.
        QVERIFY(test::insertRow(c, u"registers"_s,
                                {{"meter_id", oldMeter}, {"zone", u"night"_s}, {"position", 1}}) > 0);
        auto partial = calc::InputLoader(*db).load({account}, period);
        QVERIFY(partial.ok());
        QVERIFY(!partial.value()[0].input.ok());
        QCOMPARE(partial.value()[0].input.error().code(), u"calc.readings_missing"_s);
    }

    void statementCountDoesNotGrowWithAccounts()
    {
        QFETCH_GLOBAL(QString, driver);
#ifndef OBLIK_HAVE_SQLITE3
        QSKIP("sqlite3.h not found: cannot count statements");
#endif
        if (driver != u"sqlite"_s)
            QSKIP("statements are counted on SQLite (sqlite3_trace_v2); the SQL is the same on PostgreSQL");
#ifdef OBLIK_HAVE_SQLITE3
        OBLIK_FRESH_DATABASE(url, m_dir);
        Period period;
        auto db = demo(url, 60, &period);
        QVERIFY(db);
        const QList<AccountId> ids = allAccounts(*db);
        QSqlDatabase c = db->connection();
        auto *handle = *static_cast<sqlite3 *const *>(c.driver()->handle().data());
        QVERIFY(handle);
        int statements = 0;
        sqlite3_trace_v2(handle, SQLITE_TRACE_STMT, traceCallback, &statements);
        QList<int> counts;
        for (int n : {1, 10, 60}) {
            statements = 0;
            auto loaded = calc::InputLoader(*db).load(ids.mid(0, n), period);
            QVERIFY(loaded.ok());
            QCOMPARE(loaded.value().size(), n);
            counts << statements;
        }
        // The oracle, one account at a time, for contrast: it grows.
        statements = 0;
        for (int i = 0; i < 10; ++i)
            QVERIFY(oracle(*db, ids[i], period).ok());
        const int perAccount = statements;
        sqlite3_trace_v2(handle, 0, nullptr, nullptr);
        qInfo("statements for 1, 10, 60 accounts: %d %d %d; the oracle for 10: %d", counts[0], counts[1],
              counts[2], perAccount);
        QVERIFY(counts[0] > 0);
        QCOMPARE(counts[1], counts[0]);
        QCOMPARE(counts[2], counts[0]);
        QVERIFY(perAccount > counts[0]);
#endif
    }
};

QTEST_GUILESS_MAIN(TestInputLoader)
#include "tst_inputloader.moc"

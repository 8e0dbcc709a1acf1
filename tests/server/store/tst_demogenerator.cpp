// The demo district: what its logins see and that its data obeys the domain's rules, once per driver.

#include "storetest.h"

#include "billing/parameterset.h"
#include "domain/readings.h"
#include "domain/taxid.h"
#include "store/accountrepository.h"
#include "store/demobilling.h"
#include "store/demogenerator.h"
#include "store/ledgerrepository.h"
#include "store/migrator.h"
#include "store/passwordhash.h"
#include "store/userrepository.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QSet>
#include <QSqlRecord>
#include <cmath>
#include <functional>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::store;

namespace {

const QDate kToday(2026, 11, 25);
const QStringList kTables{
    u"suppliers"_s, u"districts"_s,       u"consumers"_s, u"contracts"_s,      u"accounts"_s,
    u"objects"_s,   u"metering_points"_s, u"meters"_s,    u"registers"_s,      u"readings"_s,
    u"users"_s,     u"user_accounts"_s,   u"sessions"_s,  u"login_failures"_s, u"schema_migrations"_s};

qint64 scalar(QSqlDatabase db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next()) {
        qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        return -1;
    }
    return q.value(0).toLongLong();
}

QMap<QString, qint64> rowCounts(QSqlDatabase db)
{
    QMap<QString, qint64> out;
    const QStringList present = db.tables();
    for (const QString &t : kTables)
        out.insert(t, present.contains(t) ? scalar(db, u"SELECT COUNT(*) FROM "_s + t) : -1);
    return out;
}

// ISO 13616, written independently of the generator: move the country and check digits to the
// end, letters to numbers (A = 10), and the whole number mod 97 must be 1.
bool validIban(const QString &iban)
{
    if (iban.size() != 29 || !iban.startsWith(u"UA"_s))
        return false;
    const QString moved = iban.mid(4) + iban.left(4);
    int r = 0;
    for (const QChar c : moved) {
        const QString digits = c.isDigit() ? QString(c) : QString::number(c.unicode() - u'A' + 10);
        for (const QChar d : digits)
            r = (r * 10 + d.digitValue()) % 97;
    }
    return r == 1;
}

// Everything the seed decides, one hash per table: names, numbers, tree shape and every reading.
QStringList fingerprint(QSqlDatabase db)
{
    QStringList out;
    const QStringList queries{
        u"SELECT id, name, edrpou, iban FROM suppliers ORDER BY id"_s,
        u"SELECT id, kind, name, edrpou, ipn, address, iban, phone, email FROM consumers ORDER BY id"_s,
        u"SELECT id, consumer_id, number, signed_on, consumer_class, billing_day FROM contracts ORDER BY id"_s,
        u"SELECT id, contract_id, number, address, opened_on FROM accounts ORDER BY id"_s,
        u"SELECT id, object_id, code, name, kind, voltage_v, parent_id FROM metering_points ORDER BY id"_s,
        u"SELECT id, number, model, digits, decimals, ratio, installed_on, verification_due, status FROM meters ORDER BY id"_s,
        u"SELECT id, meter_id, zone, position FROM registers ORDER BY id"_s,
        u"SELECT id, register_id, period, taken_on, value_milli, consumption_milli FROM readings ORDER BY id"_s,
        u"SELECT login, display_name, role, district_id, supplier_id FROM users ORDER BY id"_s,
        u"SELECT user_id, account_id, access FROM user_accounts ORDER BY user_id, account_id"_s};
    for (const QString &sql : queries) {
        QCryptographicHash h(QCryptographicHash::Sha256);
        QSqlQuery q(db);
        if (!q.exec(sql))
            return {};
        while (q.next()) {
            for (int i = 0; i < q.record().count(); ++i)
                h.addData(QByteArray((q.isNull(i) ? u"NULL"_s : q.value(i).toString()).toUtf8() + '|'));
            h.addData("\n");
        }
        out << sql.section(u" FROM "_s, 1).section(u' ', 0, 0) + u' ' +
                   QString::fromLatin1(h.result().toHex().left(16));
    }
    return out;
}

} // namespace

class TestDemoGenerator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { test::addDriverRows(); }

    void fillsAnEmptyDatabase()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        DemoOptions options;
        options.accounts = 60;
        options.today = kToday;
        QList<qint64> progress;
        options.progress = [&](qint64 done, qint64 total) {
            QCOMPARE(total, 60);
            progress << done;
        };
        auto result = DemoGenerator(*db, options).run();
        QVERIFY2(result.ok(), qPrintable(result.error().detail()));
        const DemoSummary summary = result.value();
        QSqlDatabase c = db->connection();

        // Migrated first, and the summary tells the truth.
        QCOMPARE(Migrator(*db).currentVersion().value(), Migrator(*db).latestVersion());
        QCOMPARE(summary.accounts, 60);
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM accounts"_s), summary.accounts);
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM consumers"_s), summary.consumers);
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM metering_points"_s), summary.meteringPoints);
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM meters"_s), summary.meters);
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM readings"_s), summary.readings);
        QCOMPARE(summary.users, 5);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last(), 60);
        QVERIFY(std::is_sorted(progress.cbegin(), progress.cend()));
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM suppliers"_s), 1);
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM districts"_s), 1);

        // The logins, their password and what each one sees.
        UserRepository users(*db);
        AccountRepository accounts(*db);
        QHash<QString, UserRecord> byLogin;
        for (const QString &login :
             {u"accountant"_s, u"engineer"_s, u"household"_s, u"clerk"_s, u"admin"_s}) {
            auto found = users.findByLogin(login);
            QVERIFY2(found.ok() && found.value().has_value(), qPrintable(login));
            QVERIFY2(verifyPassword(found.value()->passwordHash, u"oblik-demo"_s), qPrintable(login));
            QVERIFY(found.value()->passwordHash.startsWith(u"$argon2id$v=19$m=19456,t=2,p=1$"_s));
            byLogin.insert(login, *found.value());
        }
        OBLIK_COMPARE_ENUM(byLogin[u"accountant"_s].user.role, domain::Role::Consumer);
        OBLIK_COMPARE_ENUM(byLogin[u"clerk"_s].user.role, domain::Role::Clerk);
        QVERIFY(byLogin[u"clerk"_s].user.district.has_value());
        OBLIK_COMPARE_ENUM(byLogin[u"admin"_s].user.role, domain::Role::Admin);
        QVERIFY(byLogin[u"admin"_s].user.supplier.has_value());

        auto visible = [&](const QString &login) {
            return accounts.list(AccessScope::of(byLogin[login].user), QString(), 1000, 0).value();
        };
        const AccountPage accountant = visible(u"accountant"_s);
        const AccountPage engineer = visible(u"engineer"_s);
        const AccountPage household = visible(u"household"_s);
        QCOMPARE(accountant.total, 3);
        QCOMPARE(engineer.total, 1);
        QCOMPARE(household.total, 1);
        QCOMPARE(visible(u"clerk"_s).total, 60);
        QCOMPARE(visible(u"admin"_s).total, 60);
        // The accountant's three accounts belong to one business; the engineer sees one of them.
        QSet<QString> businesses;
        for (const auto &a : accountant.items) {
            businesses.insert(a.consumerName);
            OBLIK_COMPARE_ENUM(a.consumerKind, domain::ConsumerKind::Legal);
        }
        QCOMPARE(businesses.size(), 1);
        QVERIFY(std::any_of(accountant.items.cbegin(), accountant.items.cend(),
                            [&](const auto &a) { return a.id == engineer.items.first().id; }));
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM user_accounts ua JOIN users u ON u.id = ua.user_id "
                           u"WHERE u.login = 'engineer' AND ua.access = 'engineer'"_s),
                 1);
        OBLIK_COMPARE_ENUM(household.items.first().consumerKind, domain::ConsumerKind::Household);

        // The named accounts' trees hold every case the client shows.
        QList<domain::Meter> named;
        QSet<QString> kinds;
        QSet<int> voltages, zoneCounts;
        int subConsumers = 0, ratioAboveOne = 0;
        for (const AccountPage *page : {&accountant, &household}) {
            for (const auto &summaryItem : page->items) {
                const auto detail =
                    accounts.load(AccessScope::of(byLogin[u"admin"_s].user), summaryItem.id).value();
                QVERIFY(detail.has_value());
                for (const auto &o : detail->objects) {
                    for (const auto &p : o.meteringPoints) {
                        kinds.insert(domain::toString(p.kind));
                        voltages.insert(p.voltageV);
                        subConsumers += p.parentId.has_value() ? 1 : 0;
                        for (const auto &m : p.meters) {
                            named << m;
                            zoneCounts.insert(int(m.registers.size()));
                            ratioAboveOne += m.ratio > 1 ? 1 : 0;
                        }
                    }
                }
            }
        }
        QCOMPARE(kinds, (QSet<QString>{u"A"_s, u"R"_s, u"G"_s}));
        QCOMPARE(voltages, (QSet<int>{400, 10000, 35000}));
        QVERIFY(subConsumers >= 1);
        QCOMPARE(zoneCounts, (QSet<int>{1, 2, 3}));
        QVERIFY(ratioAboveOne >= 1);
        const auto faulty = std::count_if(named.cbegin(), named.cend(), [](const auto &m) {
            return m.status == domain::MeterStatus::Faulty;
        });
        const auto expiring = std::count_if(named.cbegin(), named.cend(), [](const domain::Meter &m) {
            return domain::verificationExpiresSoon(m, kToday);
        });
        QCOMPARE(faulty, 1);
        QCOMPARE(expiring, 1);
        // ...and only there: the rest of the district is in order.
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM meters WHERE status <> 'working'"_s), 1);
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM meters WHERE verification_due <= '2026-12-25'"_s), 1);

        // Sub-consumers hang under a point of their own object.
        QCOMPARE(
            scalar(c, u"SELECT COUNT(*) FROM metering_points s JOIN metering_points p ON p.id = s.parent_id "
                      u"WHERE s.object_id <> p.object_id"_s),
            0);
        QVERIFY(scalar(c, u"SELECT COUNT(*) FROM metering_points WHERE parent_id IS NOT NULL"_s) >= 1);
        QVERIFY(scalar(c, u"SELECT COUNT(*) FROM meters WHERE ratio IN (20, 40, 100, 200)"_s) >= 3);
    }

    void writesValidCodes()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        DemoOptions options;
        options.accounts = 200;
        options.today = kToday;
        QVERIFY(DemoGenerator(*db, options).run().ok());
        QSqlDatabase c = db->connection();

        QSqlQuery q(c);
        QVERIFY(q.exec(u"SELECT edrpou, iban FROM suppliers"_s) && q.next());
        QVERIFY2(domain::validateEdrpou(q.value(0).toString()).isNull(), qPrintable(q.value(0).toString()));
        QVERIFY2(validIban(q.value(1).toString()), qPrintable(q.value(1).toString()));

        QVERIFY(q.exec(u"SELECT kind, name, edrpou, ipn, iban FROM consumers"_s));
        int legal = 0, households = 0, sole = 0;
        while (q.next()) {
            const QString kind = q.value(0).toString();
            const QString name = q.value(1).toString();
            const QString edrpou = q.value(2).isNull() ? QString() : q.value(2).toString();
            const QString ipn = q.value(3).isNull() ? QString() : q.value(3).toString();
            const QString iban = q.value(4).toString();
            QVERIFY2(!edrpou.isEmpty() || !ipn.isEmpty(), qPrintable(name));
            if (!edrpou.isEmpty())
                QVERIFY2(domain::validateEdrpou(edrpou).isNull(), qPrintable(name + u' ' + edrpou));
            if (!ipn.isEmpty())
                QVERIFY2(domain::validateIpn(ipn).isNull(), qPrintable(name + u' ' + ipn));
            if (!iban.isEmpty())
                QVERIFY2(validIban(iban), qPrintable(name + u' ' + iban));
            if (kind == u"household"_s) {
                ++households;
                QVERIFY(edrpou.isEmpty() && !ipn.isEmpty());
                QCOMPARE(name.split(u' ').size(), 3); // surname, first name, patronymic
            } else {
                ++legal;
                if (name.startsWith(u"ФОП "_s)) {
                    ++sole;
                    QVERIFY(edrpou.isEmpty() && !ipn.isEmpty());
                } else {
                    QVERIFY2(name.contains(u"«"_s) && !edrpou.isEmpty(), qPrintable(name));
                }
            }
        }
        QVERIFY(legal >= 3 && households >= 50 && sole >= 1);

        // Metering point codes are EIC codes: 16 characters under Ukraine's issuing office.
        QCOMPARE(
            scalar(
                c,
                u"SELECT COUNT(*) FROM metering_points WHERE code NOT LIKE '62Z%' OR LENGTH(code) <> 16"_s),
            0);
        // The identities continue after the explicit ids.
        QSqlQuery ins(c);
        QVERIFY2(
            ins.exec(
                u"INSERT INTO districts (supplier_id, code, name, address) VALUES (1, 'X', 'X', 'X') RETURNING id"_s),
            qPrintable(ins.lastError().text()));
        QVERIFY(ins.next());
        QCOMPARE(ins.value(0).toLongLong(), 2);
        QVERIFY(ins.exec(
            u"INSERT INTO readings (register_id, period, taken_on, value_milli, consumption_milli, state) "
            u"VALUES (1, 202612, '2027-01-02', 0, 0, 'ready') RETURNING id"_s));
        QVERIFY(ins.next());
        QCOMPARE(ins.value(0).toLongLong(), scalar(c, u"SELECT COUNT(*) FROM readings"_s));
    }

    void writesTwelveConsistentPeriods()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        DemoOptions options;
        options.accounts = 150;
        options.today = kToday;
        QVERIFY(DemoGenerator(*db, options).run().ok());
        QSqlDatabase c = db->connection();

        // On Wed Nov 25 2026 the demo logins' contracts (billing day 1, 30 working days) enter
        // October (its window opened Mon Nov 2), so the processed history is Oct 2025 .. Sep 2026.
        QCOMPARE(demoEntryPeriod(kToday), Period(2026, 10));
        QList<int> expectedPeriods;
        for (Period p(2025, 10); p <= Period(2026, 9); p = p.next())
            expectedPeriods << p.yyyymm();
        QCOMPARE(expectedPeriods.size(), 12);

        QSqlQuery q(c);
        q.setForwardOnly(true);
        QVERIFY(q.exec(
            u"SELECT r.register_id, r.period, r.taken_on, r.value_milli, r.consumption_milli, r.state, "
            u"m.digits, m.decimals, m.ratio, k.billing_day, k.window_working_days "
            u"FROM readings r JOIN registers g ON g.id = r.register_id JOIN meters m ON m.id = g.meter_id "
            u"JOIN metering_points p ON p.id = m.metering_point_id JOIN objects o ON o.id = p.object_id "
            u"JOIN accounts a ON a.id = o.account_id JOIN contracts k ON k.id = a.contract_id "
            u"ORDER BY r.register_id, r.period"_s));
        qint64 currentRegister = -1;
        QList<int> periods;
        Energy previous;
        int registersSeen = 0, rollovers = 0;
        auto finishRegister = [&]() {
            if (currentRegister >= 0)
                QCOMPARE(periods, expectedPeriods);
        };
        while (q.next()) {
            const qint64 reg = q.value(0).toLongLong();
            domain::Meter meter;
            meter.digits = q.value(6).toInt();
            meter.decimals = q.value(7).toInt();
            meter.ratio = q.value(8).toInt();
            domain::Contract contract;
            contract.billingDay = q.value(9).toInt();
            contract.windowWorkingDays = q.value(10).toInt();
            const Period period = Period::fromYyyymm(q.value(1).toInt());
            const QDate takenOn = QDate::fromString(q.value(2).toString(), Qt::ISODate);
            const Energy value = Energy::fromMilli(q.value(3).toLongLong());
            const Energy consumption = Energy::fromMilli(q.value(4).toLongLong());
            QCOMPARE(q.value(5).toString(), u"processed"_s);

            // The value fits the display: its digits and its decimals.
            qint64 modulus = 1000;
            for (int i = 0; i < meter.digits; ++i)
                modulus *= 10;
            QVERIFY(value.milli() >= 0 && value.milli() < modulus);
            const qint64 unit = meter.decimals >= 3 ? 1 : qint64(std::pow(10, 3 - meter.decimals));
            QCOMPARE(value.milli() % unit, 0);
            QVERIFY(consumption.milli() > 0);
            // Taken in the period's readings window (or today, for a window still to open).
            const auto window = domain::readingsWindow(contract, period);
            QVERIFY2(window.contains(takenOn) || (window.first > kToday && takenOn == kToday),
                     qPrintable(takenOn.toString(Qt::ISODate)));

            if (reg != currentRegister) {
                finishRegister();
                currentRegister = reg;
                periods.clear();
                ++registersSeen;
            } else {
                // Consumption is what the domain computes from the two readings, roll-overs included.
                auto expected = domain::consumption(meter, previous, value);
                QVERIFY2(expected.ok(), qPrintable(expected.error().code()));
                QCOMPARE(consumption, expected.value());
                rollovers += value < previous ? 1 : 0;
            }
            periods << period.yyyymm();
            previous = value;
        }
        finishRegister();
        QCOMPARE(registersSeen, scalar(c, u"SELECT COUNT(*) FROM registers"_s));
        QVERIFY(rollovers >= 1);
    }

    // Every generated database can be billed: parameters in force for every class and voltage the
    // demo's accounts use, in the 12 processed periods and the one before, and a limit on the
    // accountant's contract that some of its periods exceed and others do not.
    void hasBillingParameters()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        DemoOptions options;
        options.accounts = 150;
        options.today = kToday;
        QVERIFY(DemoGenerator(*db, options).run().ok());
        QSqlDatabase c = db->connection();
        LedgerRepository ledger(*db);
        auto set = ledger.parameters(SupplierId(scalar(c, u"SELECT MIN(id) FROM suppliers"_s)));
        QVERIFY(set.ok());
        const billing::ParameterSet &p = set.value();

        QSqlQuery q(c);
        QVERIFY(q.exec(u"SELECT DISTINCT k.consumer_class, mp.voltage_v FROM contracts k "
                       u"JOIN accounts a ON a.contract_id = k.id JOIN objects o ON o.account_id = a.id "
                       u"JOIN metering_points mp ON mp.object_id = o.id"_s));
        QSet<QString> classes;
        QSet<int> voltageClasses;
        QList<std::pair<QString, int>> used;
        while (q.next()) {
            used.append({q.value(0).toString(), billing::voltageClass(q.value(1).toInt())});
            classes.insert(q.value(0).toString());
            voltageClasses.insert(used.last().second);
        }
        QCOMPARE(classes, (QSet<QString>{u"household"_s, u"class_1"_s, u"class_2"_s}));
        QCOMPARE(voltageClasses, (QSet<int>{1, 2}));
        for (Period period(2025, 9); period <= Period(2026, 10); period = period.next()) {
            for (const auto &[consumerClass, voltage] : used)
                QVERIFY2(p.tariff(consumerClass, voltage, period).ok(), qPrintable(consumerClass));
            for (auto scheme : {billing::ZoneScheme::TwoZones, billing::ZoneScheme::ThreeZones}) {
                for (domain::Zone zone : billing::zonesOf(scheme))
                    QVERIFY(p.zoneCoefficient(scheme, zone, period).ok());
            }
            QCOMPARE(p.reactiveTariff(period).value().hundredThousandths(), kDemoReactiveTariff);
            QCOMPARE(p.generationTariff(period).value().hundredThousandths(), kDemoGenerationTariff);
            QVERIFY(p.overLimitMultiple(period).value() == (billing::Fraction{2, 1}));
            QVERIFY(p.vat(period).value() == (billing::VatRule{2000, billing::VatMode::ExtractedFromGross}));
        }
        QCOMPARE(p.tariff(u"household"_s, 2, Period(2026, 7)).value().hundredThousandths(), 432000);
        QVERIFY(!p.tariff(u"household"_s, 2, Period(2025, 8)).ok()); // 13 periods back, not more
        QVERIFY(p.zoneCoefficient(billing::ZoneScheme::ThreeZones, domain::Zone::Night, Period(2026, 1))
                    .value() == (billing::Fraction{2, 5}));

        // The bakery (the accountant's first account): its contract's limit against its payable
        // active energy (the intake minus the café, a sub-consumer on the same account).
        const qint64 bakery = scalar(c, u"SELECT MIN(ua.account_id) FROM user_accounts ua JOIN users u "
                                        u"ON u.id = ua.user_id WHERE u.login = 'accountant'"_s);
        const qint64 contract = scalar(c, u"SELECT contract_id FROM accounts WHERE id = %1"_s.arg(bakery));
        auto limits = ledger.limits({ContractId(contract)});
        QVERIFY(limits.ok());
        const auto timeline = limits.value().value(ContractId(contract));
        QVERIFY(timeline.at(Period(2025, 10)));
        QCOMPARE(timeline.at(Period(2025, 10))->monthlyEnergy.milli(), kDemoBakeryLimitKwh * 1000);
        QSqlQuery e(c);
        QVERIFY(e.exec(
            u"SELECT r.period, SUM(CASE WHEN mp.parent_id IS NULL THEN r.consumption_milli "
            u"ELSE -r.consumption_milli END) FROM readings r JOIN registers g ON g.id = r.register_id "
            u"JOIN meters m ON m.id = g.meter_id JOIN metering_points mp ON mp.id = m.metering_point_id "
            u"JOIN objects o ON o.id = mp.object_id WHERE o.account_id = %1 AND mp.kind = 'A' "
            u"GROUP BY r.period"_s.arg(bakery)));
        int over = 0, under = 0;
        while (e.next())
            (e.value(1).toLongLong() > kDemoBakeryLimitKwh * 1000 ? over : under)++;
        QCOMPARE(over + under, 12);
        QVERIFY2(over >= 1 && under >= 1, qPrintable(u"%1 over, %2 under"_s.arg(over).arg(under)));
    }

    // The demo can be tried on the day it is generated: the demo logins' accounts have their entry
    // period unread, with a window open today, and their history ends just before it.
    void demoLoginsCanEnterToday_data()
    {
        QTest::addColumn<QDate>("today");
        QTest::addColumn<QString>("entry");
        QTest::newRow("Wed Nov 25 2026: October") << QDate(2026, 11, 25) << u"2026-10"_s;
        QTest::newRow("Sun Nov 1 2026 (billing day a Sunday): September")
            << QDate(2026, 11, 1) << u"2026-09"_s;
        QTest::newRow("Tue Dec 1 2026: November") << QDate(2026, 12, 1) << u"2026-11"_s;
        QTest::newRow("Thu Dec 31 2026: November") << QDate(2026, 12, 31) << u"2026-11"_s;
    }
    void demoLoginsCanEnterToday()
    {
        QFETCH(QDate, today);
        QFETCH(QString, entry);
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        DemoOptions options;
        options.accounts = 20;
        options.today = today;
        QVERIFY(DemoGenerator(*db, options).run().ok());
        QCOMPARE(demoEntryPeriod(today).toString(), entry);
        QSqlDatabase c = db->connection();
        QSqlQuery q(c);
        QVERIFY(q.exec(u"SELECT DISTINCT a.id, k.billing_day, k.window_working_days FROM users u "
                       u"JOIN user_accounts ua ON ua.user_id = u.id JOIN accounts a ON a.id = ua.account_id "
                       u"JOIN contracts k ON k.id = a.contract_id "
                       u"WHERE u.login IN ('accountant', 'engineer', 'household') ORDER BY a.id"_s));
        int accounts = 0;
        while (q.next()) {
            ++accounts;
            domain::Contract k;
            k.billingDay = q.value(1).toInt();
            k.windowWorkingDays = q.value(2).toInt();
            QCOMPARE(k.billingDay, 1);
            QCOMPARE(k.windowWorkingDays, kDemoWindowDays);
            const Period p = domain::entryPeriod(k, today);
            QCOMPARE(p.toString(), entry);
            QVERIFY2(domain::readingsWindow(k, p).contains(today) || !domain::isWorkingDay(today),
                     "the window is open today");
            // Open for weeks still: two weeks on it is either still open or the next one is.
            const QDate later = today.addDays(14);
            QVERIFY(domain::readingsWindow(k, domain::entryPeriod(k, later)).contains(later) ||
                    !domain::isWorkingDay(later));
            const QString account = q.value(0).toString();
            QCOMPARE(
                scalar(c,
                       u"SELECT COUNT(*) FROM readings r JOIN registers g ON g.id = r.register_id "
                       u"JOIN meters m ON m.id = g.meter_id JOIN metering_points p ON p.id = "
                       u"m.metering_point_id JOIN objects o ON o.id = p.object_id WHERE o.account_id = "_s +
                           account + u" AND r.period >= "_s + QString::number(p.yyyymm())),
                0);
            QCOMPARE(
                scalar(c,
                       u"SELECT MAX(r.period) FROM readings r JOIN registers g ON g.id = r.register_id "
                       u"JOIN meters m ON m.id = g.meter_id JOIN metering_points p ON p.id = "
                       u"m.metering_point_id JOIN objects o ON o.id = p.object_id WHERE o.account_id = "_s +
                           account),
                p.previous().yyyymm());
        }
        QCOMPARE(accounts, 4); // three of the accountant (the engineer shares one) and the household's
    }

    void isDeterministicAcrossRunsAndDrivers()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        DemoOptions options;
        options.accounts = 80;
        options.today = kToday;
        QVERIFY(DemoGenerator(*db, options).run().ok());

        QTemporaryDir other;
        OBLIK_OPEN_DATABASE(reference, u"sqlite:"_s + other.filePath(u"reference.db"_s));
        QVERIFY(DemoGenerator(*reference, options).run().ok());
        const QStringList mine = fingerprint(db->connection());
        QVERIFY(!mine.isEmpty());
        QCOMPARE(mine, fingerprint(reference->connection()));

        QTemporaryDir third;
        OBLIK_OPEN_DATABASE(reseeded, u"sqlite:"_s + third.filePath(u"reseeded.db"_s));
        options.seed += 1;
        QVERIFY(DemoGenerator(*reseeded, options).run().ok());
        QVERIFY(fingerprint(reseeded->connection()) != mine);
    }

    void spansSeveralTransactions()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        DemoOptions options;
        options.accounts = 2345; // three transactions of at most 1000 accounts after the named ones
        options.accountsPerTransaction = 1000;
        options.today = kToday;
        QList<qint64> progress;
        options.progress = [&](qint64 done, qint64) { progress << done; };
        auto result = DemoGenerator(*db, options).run();
        QVERIFY2(result.ok(), qPrintable(result.error().detail()));
        QCOMPARE(progress, (QList<qint64>{5, 1005, 2005, 2345}));
        QSqlDatabase c = db->connection();
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM accounts"_s), 2345);
        QCOMPARE(scalar(c, u"SELECT MAX(id) FROM accounts"_s), 2345);
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM readings"_s), result.value().readings);
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM readings"_s),
                 12 * scalar(c, u"SELECT COUNT(*) FROM registers"_s));
        // Every account has its tree.
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM accounts a WHERE NOT EXISTS "
                           u"(SELECT 1 FROM objects o WHERE o.account_id = a.id)"_s),
                 0);
    }

    // The bill-run benchmark's shape: two more single-zone points per household, only the newest
    // period's readings, and the newest period's readings equal to those of a full demo.
    void benchmarkShape()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        DemoOptions options;
        options.accounts = 400;
        options.today = kToday;
        options.extraHouseholdPoints = 2;
        options.readingPeriods = 1;
        auto result = DemoGenerator(*db, options).run();
        QVERIFY2(result.ok(), qPrintable(result.error().detail()));
        QSqlDatabase c = db->connection();
        const qint64 households = scalar(c, u"SELECT COUNT(*) FROM accounts a JOIN contracts k ON k.id = "
                                            u"a.contract_id WHERE k.consumer_class = 'household'"_s);
        QVERIFY(households > 300);
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM metering_points WHERE name LIKE '%однофазний' AND name NOT "
                           u"LIKE 'Ввід%'"_s),
                 2 * (households - 1)); // the demo household login's account is written by hand
        QVERIFY(result.value().meteringPoints > 2 * 400);
        QCOMPARE(scalar(c, u"SELECT COUNT(DISTINCT period) FROM readings"_s), 1);
        QCOMPARE(scalar(c, u"SELECT MAX(period) FROM readings"_s),
                 demoEntryPeriod(kToday).previous().yyyymm());
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM readings"_s),
                 scalar(c, u"SELECT COUNT(*) FROM registers"_s));
    }

    void refusesANonEmptyDatabase()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        DemoOptions options;
        options.accounts = 20;
        options.today = kToday;
        QVERIFY(DemoGenerator(*db, options).run().ok());
        const auto before = rowCounts(db->connection());
        const QStringList print = fingerprint(db->connection());

        auto again = DemoGenerator(*db, options).run();
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code(), u"demo.not_empty"_s);
        QCOMPARE(rowCounts(db->connection()), before);
        QCOMPARE(fingerprint(db->connection()), print);
    }

    void refusesAMigratedDatabaseWithAUser()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        QVERIFY(Migrator(*db).migrate().ok());
        QVERIFY(UserRepository(*db)
                    .create(u"root"_s, u"Root"_s, hashPassword(u"x"_s), domain::Role::Consumer, std::nullopt,
                            std::nullopt)
                    .ok());
        const auto before = rowCounts(db->connection());
        DemoOptions options;
        options.today = kToday;
        auto result = DemoGenerator(*db, options).run();
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code(), u"demo.not_empty"_s);
        QCOMPARE(rowCounts(db->connection()), before);
    }

    // Opt-in timing of a big district: OBLIK_STORE_BENCH_ACCOUNTS=100000 ./tst_demogenerator benchmark
    // (a million accounts takes minutes: raise QTEST_FUNCTION_TIMEOUT, in ms, above its 300000)
    // (add :sqlite or :postgresql to time one driver).
    void benchmark()
    {
        const int accounts = qEnvironmentVariableIntValue("OBLIK_STORE_BENCH_ACCOUNTS");
        if (accounts < 5)
            QSKIP("set OBLIK_STORE_BENCH_ACCOUNTS to time a demo district of that many accounts");
        QTemporaryDir dir;
        // OBLIK_STORE_BENCH_DIR keeps the SQLite file there for a look afterwards.
        if (!qEnvironmentVariableIsEmpty("OBLIK_STORE_BENCH_DIR"))
            dir.setAutoRemove(false);
        QTemporaryDir keep(qEnvironmentVariable("OBLIK_STORE_BENCH_DIR") + u"/bench-XXXXXX"_s);
        OBLIK_FRESH_DATABASE(url, qEnvironmentVariableIsEmpty("OBLIK_STORE_BENCH_DIR") ? dir : keep);
        keep.setAutoRemove(false);
        OBLIK_OPEN_DATABASE(db, url);
        qInfo("database: %s", qPrintable(db->url().redacted()));
        DemoOptions options;
        options.accounts = accounts;
        options.today = kToday;
        QElapsedTimer timer;
        timer.start();
        options.progress = [&](qint64 done, qint64 total) {
            qInfo("%lld / %lld accounts after %.1f s", done, total, timer.elapsed() / 1000.0);
        };
        auto result = DemoGenerator(*db, options).run();
        QVERIFY2(result.ok(), qPrintable(result.error().detail()));
        const DemoSummary &s = result.value();
        qInfo("demo of %lld accounts (%lld consumers, %lld points, %lld meters, %lld readings) in %.1f s",
              s.accounts, s.consumers, s.meteringPoints, s.meters, s.readings, timer.elapsed() / 1000.0);
        QCOMPARE(scalar(db->connection(), u"SELECT COUNT(*) FROM accounts"_s), qint64(accounts));

        // What reading the district costs at this size.
        const UserRecord admin = *UserRepository(*db).findByLogin(u"admin"_s).value();
        const UserRecord clerk = *UserRepository(*db).findByLogin(u"clerk"_s).value();
        const UserRecord accountant = *UserRepository(*db).findByLogin(u"accountant"_s).value();
        AccountRepository repo(*db);
        auto time = [&](const char *what, int times, const std::function<void(int)> &work) {
            QElapsedTimer t;
            t.start();
            for (int i = 0; i < times; ++i)
                work(i);
            qInfo("%s: %.2f ms", what, t.nsecsElapsed() / 1e6 / times);
        };
        time("list, admin, first page of 100", 5, [&](int) {
            QVERIFY(repo.list(AccessScope::of(admin.user), QString(), 100, 0).value().total == accounts);
        });
        time("list, clerk, page 500 of 100", 5,
             [&](int) { QVERIFY(repo.list(AccessScope::of(clerk.user), QString(), 100, 50000).ok()); });
        time("list, clerk, q = name part", 5,
             [&](int) { QVERIFY(repo.list(AccessScope::of(clerk.user), u"коваль"_s, 100, 0).ok()); });
        time("list, clerk, q = number prefix", 5,
             [&](int) { QVERIFY(repo.list(AccessScope::of(clerk.user), u"18070012"_s, 100, 0).ok()); });
        time("list, accountant", 20, [&](int) {
            QVERIFY(repo.list(AccessScope::of(accountant.user), QString(), 100, 0).value().total == 3);
        });
        time("load, admin, account tree", 200, [&](int i) {
            QVERIFY(repo.load(AccessScope::of(admin.user), AccountId(1 + (i * 7919) % accounts))
                        .value()
                        .has_value());
        });
    }

    void refusesTooFewAccounts()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        DemoOptions options;
        options.accounts = 4;
        auto result = DemoGenerator(*db, options).run();
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code(), u"request.invalid_field"_s);
        QCOMPARE(result.error().field(), u"accounts"_s);
        QCOMPARE(Migrator(*db).currentVersion().value(), 0); // nothing touched
    }
};

QTEST_GUILESS_MAIN(TestDemoGenerator)
#include "tst_demogenerator.moc"

// Account lists and trees as each role may see them, once per driver, on a hand-made district pair
// (so every expectation below can be checked against the rows inserted in init()).

#include "storefixture.h"
#include "storetest.h"

#include "store/accountrepository.h"
#include "store/migrator.h"
#include "store/sqlsupport.h"

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::store;
using test::insertRow;

namespace {

QStringList numbers(const AccountPage &page)
{
    QStringList out;
    for (const auto &a : page.items)
        out << a.number;
    return out;
}

} // namespace

class TestAccountRepository : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    // Ids of the fixture.
    qint64 s1 = 0, s2 = 0, d1 = 0, d2 = 0, d3 = 0;
    qint64 a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0;
    qint64 o1 = 0, o2 = 0, p1 = 0, p2 = 0, p3 = 0, p4 = 0, m1 = 0, m2 = 0, m3 = 0, m4 = 0, m5 = 0;
    qint64 g1night = 0, g1half = 0, g1peak = 0;
    qint64 consumerUser = 0, lonelyUser = 0;

    AccessScope consumer() const { return {UserId(consumerUser), domain::Role::Consumer, {}, {}}; }
    AccessScope clerk(qint64 district) const
    {
        return {UserId(900), domain::Role::Clerk, DistrictId(district), {}};
    }
    AccessScope admin(qint64 supplier) const
    {
        return {UserId(901), domain::Role::Admin, {}, SupplierId(supplier)};
    }

    qint64 consumerRow(QSqlDatabase c, qint64 district, const QString &kind, const QString &name)
    {
        return insertRow(c, u"consumers"_s,
                         {{"district_id", district},
                          {"kind", kind},
                          {"name", name},
                          {"name_folded", foldForSearch(name)},
                          {"edrpou", kind == u"legal"_s ? QVariant(u"41234567"_s)
                                                        : QVariant(QMetaType::fromType<QString>())},
                          {"ipn", kind == u"household"_s ? QVariant(u"2845611234"_s)
                                                         : QVariant(QMetaType::fromType<QString>())},
                          {"address", QString(u"адреса "_s + name)},
                          {"iban", u"UA213223130000026007233566001"_s},
                          {"phone", u"+380 67 000 00 00"_s},
                          {"email", u"x@example.org"_s}});
    }
    qint64 contractRow(QSqlDatabase c, qint64 consumer, const QString &number)
    {
        return insertRow(c, u"contracts"_s,
                         {{"consumer_id", consumer},
                          {"number", number},
                          {"signed_on", u"2019-01-14"_s},
                          {"consumer_class", u"class_2"_s},
                          {"billing_day", 5},
                          {"window_working_days", 3},
                          {"requires_signed_act", 1},
                          {"self_calculation", 0}});
    }
    qint64 accountRow(QSqlDatabase c, qint64 contract, const QString &number)
    {
        return insertRow(c, u"accounts"_s,
                         {{"contract_id", contract},
                          {"number", number},
                          {"address", QString(u"вул. "_s + number)},
                          {"opened_on", u"2019-02-01"_s}});
    }
    qint64 meterRow(QSqlDatabase c, qint64 point, const QString &number, int ratio, const QString &status)
    {
        return insertRow(c, u"meters"_s,
                         {{"metering_point_id", point},
                          {"number", number},
                          {"model", QString(u"Model "_s + number)},
                          {"digits", 6},
                          {"decimals", 1},
                          {"ratio", ratio},
                          {"installed_on", u"2018-05-04"_s},
                          {"verification_due", u"2034-05-04"_s},
                          {"status", status}});
    }
    qint64 registerRow(QSqlDatabase c, qint64 meter, const QString &zone, int position)
    {
        return insertRow(c, u"registers"_s, {{"meter_id", meter}, {"zone", zone}, {"position", position}});
    }
    void readingRow(QSqlDatabase c, qint64 reg, int period, qint64 value, qint64 consumption,
                    const QString &state)
    {
        QVERIFY(
            insertRow(c, u"readings"_s,
                      {{"register_id", reg},
                       {"period", period},
                       {"taken_on", u"%1-%2-28"_s.arg(period / 100).arg(period % 100, 2, 10, QChar(u'0'))},
                       {"value_milli", value},
                       {"consumption_milli", consumption},
                       {"state", state}}) > 0);
    }

private Q_SLOTS:
    void initTestCase_data() { test::addDriverRows(); }

    void init()
    {
        OBLIK_FRESH_DATABASE(url, m_dir);
        OBLIK_OPEN_DATABASE(db, url);
        m_db = std::move(db);
        QVERIFY(Migrator(*m_db).migrate().ok());
        QSqlDatabase c = m_db->connection();

        s1 = insertRow(c, u"suppliers"_s,
                       {{"name", u"Постачальник 1"_s},
                        {"edrpou", u"11111111"_s},
                        {"iban", u"UA1"_s},
                        {"address", u"Житомир"_s}});
        s2 = insertRow(c, u"suppliers"_s,
                       {{"name", u"Постачальник 2"_s},
                        {"edrpou", u"22222222"_s},
                        {"iban", u"UA2"_s},
                        {"address", u"Київ"_s}});
        d1 = insertRow(c, u"districts"_s,
                       {{"supplier_id", s1},
                        {"code", u"D1"_s},
                        {"name", u"Перший РЕМ"_s},
                        {"address", u"вул. Перша, 1"_s},
                        {"phone", u"+380 1"_s}});
        d2 = insertRow(c, u"districts"_s,
                       {{"supplier_id", s1},
                        {"code", u"D2"_s},
                        {"name", u"Другий РЕМ"_s},
                        {"address", u"вул. Друга, 2"_s},
                        {"phone", u"+380 2"_s}});
        d3 = insertRow(c, u"districts"_s,
                       {{"supplier_id", s2},
                        {"code", u"D3"_s},
                        {"name", u"Третій РЕМ"_s},
                        {"address", u"вул. Третя, 3"_s},
                        {"phone", u"+380 3"_s}});

        const qint64 c1 = consumerRow(c, d1, u"legal"_s, u"ТОВ «Ковальчук і Партнери»"_s);
        const qint64 c2 = consumerRow(c, d1, u"household"_s, u"Ковальчук Марія Іванівна"_s);
        const qint64 c3 = consumerRow(c, d2, u"legal"_s, u"ПрАТ «Зоря_100%»"_s);
        const qint64 c4 = consumerRow(c, d3, u"household"_s, u"Петренко Іван Петрович"_s);
        const qint64 k1 = contractRow(c, c1, u"K-1"_s);
        const qint64 k2 = contractRow(c, c2, u"K-2"_s);
        const qint64 k3 = contractRow(c, c3, u"K-3"_s);
        const qint64 k4 = contractRow(c, c4, u"K-4"_s);
        a1 = accountRow(c, k1, u"1000001"_s);
        a2 = accountRow(c, k1, u"1000002"_s);
        a3 = accountRow(c, k2, u"2000001"_s);
        a4 = accountRow(c, k3, u"3000001"_s);
        a5 = accountRow(c, k4, u"4000001"_s);

        // The tree of a1: two objects; an A and an R point at 10 kV, a sub-consumer under the A
        // point, a generation point; a removed meter beside the working one on p1.
        o1 = insertRow(c, u"objects"_s,
                       {{"account_id", a1}, {"name", u"Цех"_s}, {"address", u"вул. Заводська, 1"_s}});
        o2 = insertRow(c, u"objects"_s,
                       {{"account_id", a1}, {"name", u"Дах"_s}, {"address", u"вул. Заводська, 1а"_s}});
        p1 = insertRow(c, u"metering_points"_s,
                       {{"object_id", o1},
                        {"code", u"62Z0000000000011"_s},
                        {"name", u"Ввід 10 кВ"_s},
                        {"kind", u"A"_s},
                        {"voltage_v", 10000},
                        {"parent_id", test::null()}});
        p2 = insertRow(c, u"metering_points"_s,
                       {{"object_id", o1},
                        {"code", u"62Z0000000000022"_s},
                        {"name", u"Реактивна"_s},
                        {"kind", u"R"_s},
                        {"voltage_v", 10000},
                        {"parent_id", test::null()}});
        p3 = insertRow(c, u"metering_points"_s,
                       {{"object_id", o1},
                        {"code", u"62Z0000000000033"_s},
                        {"name", u"Орендар"_s},
                        {"kind", u"A"_s},
                        {"voltage_v", 400},
                        {"parent_id", p1}});
        p4 = insertRow(c, u"metering_points"_s,
                       {{"object_id", o2},
                        {"code", u"62Z0000000000044"_s},
                        {"name", u"СЕС"_s},
                        {"kind", u"G"_s},
                        {"voltage_v", 400},
                        {"parent_id", test::null()}});
        m2 = meterRow(c, p1, u"OLD-1"_s, 200, u"removed"_s);
        m1 = meterRow(c, p1, u"M-1"_s, 200, u"working"_s);
        m3 = meterRow(c, p2, u"M-3"_s, 200, u"verification_expired"_s);
        m4 = meterRow(c, p3, u"M-4"_s, 20, u"working"_s);
        m5 = meterRow(c, p4, u"M-5"_s, 1, u"faulty"_s);
        // Registers inserted out of position order: the tree orders them by position.
        g1peak = registerRow(c, m1, u"peak"_s, 2);
        g1night = registerRow(c, m1, u"night"_s, 0);
        g1half = registerRow(c, m1, u"half_peak"_s, 1);
        registerRow(c, m2, u"total"_s, 0);
        const qint64 g3 = registerRow(c, m3, u"total"_s, 0);
        registerRow(c, m4, u"day"_s, 0);
        registerRow(c, m4, u"night"_s, 1);
        const qint64 g5 = registerRow(c, m5, u"total"_s, 0);
        readingRow(c, g1night, 202601, 1000'000, 0, u"processed"_s);
        readingRow(c, g1night, 202602, 1500'500, 100'100'000, u"processed"_s);
        readingRow(c, g1night, 202603, 1200'000, 0, u"rejected"_s); // not what a new reading continues from
        readingRow(c, g1peak, 202512, 99'000, 0, u"processed"_s);
        readingRow(c, g1peak, 202601, 99'500, 100'000, u"submitted"_s);
        readingRow(c, g3, 202602, 7'000, 1'400'000, u"processed"_s);
        readingRow(c, g5, 202602, 5'000, 5'000, u"ready"_s);

        consumerUser = insertRow(c, u"users"_s,
                                 {{"login", u"acc"_s},
                                  {"display_name", u"Бухгалтер"_s},
                                  {"password_hash", u"x"_s},
                                  {"role", u"consumer"_s}});
        lonelyUser = insertRow(c, u"users"_s,
                               {{"login", u"lonely"_s},
                                {"display_name", u"Самотній"_s},
                                {"password_hash", u"x"_s},
                                {"role", u"consumer"_s}});
        QVERIFY(insertRow(c, u"user_accounts"_s,
                          {{"user_id", consumerUser}, {"account_id", a1}, {"access", u"accountant"_s}},
                          false) == 0);
        QVERIFY(insertRow(c, u"user_accounts"_s,
                          {{"user_id", consumerUser}, {"account_id", a3}, {"access", u"accountant"_s}},
                          false) == 0);
        QVERIFY(a5 > 0 && g5 > 0 && lonelyUser > 0);
    }

    void cleanup() { m_db.reset(); }

    void listsWhatEachScopeMaySee_data()
    {
        QTest::addColumn<QString>("who");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("consumer: bound accounts") << u"consumer"_s << QStringList{u"1000001"_s, u"2000001"_s};
        QTest::newRow("consumer without bindings") << u"lonely"_s << QStringList{};
        QTest::newRow("clerk of D1") << u"clerk1"_s << QStringList{u"1000001"_s, u"1000002"_s, u"2000001"_s};
        QTest::newRow("clerk of D2") << u"clerk2"_s << QStringList{u"3000001"_s};
        QTest::newRow("clerk without district") << u"clerk0"_s << QStringList{};
        QTest::newRow("admin of S1") << u"admin1"_s
                                     << QStringList{u"1000001"_s, u"1000002"_s, u"2000001"_s, u"3000001"_s};
        QTest::newRow("admin of S2") << u"admin2"_s << QStringList{u"4000001"_s};
        QTest::newRow("admin without supplier") << u"admin0"_s << QStringList{};
    }
    void listsWhatEachScopeMaySee()
    {
        QFETCH(QString, who);
        QFETCH(QStringList, expected);
        const AccessScope scope = scopeOf(who);
        AccountRepository repo(*m_db);
        auto page = repo.list(scope, QString(), 100, 0);
        QVERIFY2(page.ok(), qPrintable(page.error().detail()));
        QCOMPARE(numbers(page.value()), expected);
        QCOMPARE(page.value().total, qint64(expected.size()));

        // load agrees with list for every account of the fixture.
        for (const qint64 id : {a1, a2, a3, a4, a5}) {
            auto detail = repo.load(scope, AccountId(id));
            QVERIFY(detail.ok());
            const bool visible =
                std::any_of(page.value().items.cbegin(), page.value().items.cend(),
                            [&](const domain::AccountSummary &s) { return s.id.value() == id; });
            QCOMPARE(detail.value().has_value(), visible);
        }
        QVERIFY(!repo.load(scope, AccountId(987654)).value().has_value());
    }

    void listSummaryFields()
    {
        AccountRepository repo(*m_db);
        auto page = repo.list(admin(s1), u"2000001"_s, 10, 0).value();
        QCOMPARE(page.items.size(), 1);
        const domain::AccountSummary &s = page.items.first();
        QCOMPARE(s.id, AccountId(a3));
        QCOMPARE(s.address, u"вул. 2000001"_s);
        QCOMPARE(s.consumerName, u"Ковальчук Марія Іванівна"_s);
        OBLIK_COMPARE_ENUM(s.consumerKind, domain::ConsumerKind::Household);
        QCOMPARE(s.contractNumber, u"K-2"_s);
        QCOMPARE(s.districtName, u"Перший РЕМ"_s);
    }

    void searchesNumberPrefixAndNameCaseInsensitively_data()
    {
        QTest::addColumn<QString>("q");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("number prefix") << u"1000"_s << QStringList{u"1000001"_s, u"1000002"_s};
        QTest::newRow("whole number") << u"3000001"_s << QStringList{u"3000001"_s};
        QTest::newRow("number middle is no match") << u"00001"_s << QStringList{};
        QTest::newRow("name part, lower case")
            << u"коваль"_s << QStringList{u"1000001"_s, u"1000002"_s, u"2000001"_s};
        QTest::newRow("name part, upper case")
            << u"КОВАЛЬЧУК"_s << QStringList{u"1000001"_s, u"1000002"_s, u"2000001"_s};
        QTest::newRow("name part, mixed case") << u"мАРІЯ"_s << QStringList{u"2000001"_s};
        QTest::newRow("legal form and quotes") << u"тов «ков"_s << QStringList{u"1000001"_s, u"1000002"_s};
        QTest::newRow("blank is no filter")
            << u"  "_s << QStringList{u"1000001"_s, u"1000002"_s, u"2000001"_s, u"3000001"_s};
        QTest::newRow("percent is literal") << u"%"_s << QStringList{u"3000001"_s};
        QTest::newRow("underscore is literal") << u"я_1"_s << QStringList{u"3000001"_s};
        QTest::newRow("lone underscore") << u"_"_s << QStringList{u"3000001"_s};
        QTest::newRow("other supplier's name") << u"петренко"_s << QStringList{};
        QTest::newRow("quote in input") << u"' OR 1=1 --"_s << QStringList{};
    }
    void searchesNumberPrefixAndNameCaseInsensitively()
    {
        QFETCH(QString, q);
        QFETCH(QStringList, expected);
        auto page = AccountRepository(*m_db).list(admin(s1), q, 100, 0);
        QVERIFY2(page.ok(), qPrintable(page.error().detail()));
        QCOMPARE(numbers(page.value()), expected);
        QCOMPARE(page.value().total, qint64(expected.size()));
    }

    void pagesWithLimitAndOffset_data()
    {
        QTest::addColumn<int>("limit");
        QTest::addColumn<int>("offset");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("first two") << 2 << 0 << QStringList{u"1000001"_s, u"1000002"_s};
        QTest::newRow("next two") << 2 << 2 << QStringList{u"2000001"_s, u"3000001"_s};
        QTest::newRow("last one") << 3 << 3 << QStringList{u"3000001"_s};
        QTest::newRow("past the end") << 2 << 4 << QStringList{};
        QTest::newRow("limit 0 counts only") << 0 << 0 << QStringList{};
        QTest::newRow("everything") << 1000 << 0
                                    << QStringList{u"1000001"_s, u"1000002"_s, u"2000001"_s, u"3000001"_s};
    }
    void pagesWithLimitAndOffset()
    {
        QFETCH(int, limit);
        QFETCH(int, offset);
        QFETCH(QStringList, expected);
        auto page = AccountRepository(*m_db).list(admin(s1), QString(), limit, offset);
        QVERIFY(page.ok());
        QCOMPARE(numbers(page.value()), expected);
        QCOMPARE(page.value().total, qint64(4)); // the total ignores the page
    }

    void refusesNegativePaging()
    {
        AccountRepository repo(*m_db);
        QCOMPARE(repo.list(admin(s1), QString(), -1, 0).error().field(), u"limit"_s);
        QCOMPARE(repo.list(admin(s1), QString(), 10, -5).error().field(), u"offset"_s);
    }

    void loadsTheWholeTree()
    {
        auto loaded = AccountRepository(*m_db).load(consumer(), AccountId(a1));
        QVERIFY2(loaded.ok(), qPrintable(loaded.error().detail()));
        QVERIFY(loaded.value().has_value());
        const domain::AccountDetail &a = *loaded.value();
        QCOMPARE(a.id, AccountId(a1));
        QCOMPARE(a.number, u"1000001"_s);
        QCOMPARE(a.address, u"вул. 1000001"_s);
        QCOMPARE(a.openedOn, QDate(2019, 2, 1));

        OBLIK_COMPARE_ENUM(a.consumer.kind, domain::ConsumerKind::Legal);
        QCOMPARE(a.consumer.name, u"ТОВ «Ковальчук і Партнери»"_s);
        QCOMPARE(a.consumer.edrpou, u"41234567"_s);
        QCOMPARE(a.consumer.ipn, QString()); // NULL
        QCOMPARE(a.consumer.iban, u"UA213223130000026007233566001"_s);
        QCOMPARE(a.consumer.phone, u"+380 67 000 00 00"_s);
        QCOMPARE(a.consumer.email, u"x@example.org"_s);
        QCOMPARE(a.consumer.districtId, DistrictId(d1));
        QCOMPARE(a.district.code, u"D1"_s);
        QCOMPARE(a.district.name, u"Перший РЕМ"_s);
        QCOMPARE(a.district.address, u"вул. Перша, 1"_s);
        QCOMPARE(a.district.phone, u"+380 1"_s);
        QCOMPARE(a.supplier.id, SupplierId(s1));
        QCOMPARE(a.supplier.name, u"Постачальник 1"_s);
        QCOMPARE(a.supplier.edrpou, u"11111111"_s);

        QCOMPARE(a.contracts.size(), 1);
        QCOMPARE(a.contracts[0].number, u"K-1"_s);
        QCOMPARE(a.contracts[0].signedOn, QDate(2019, 1, 14));
        QCOMPARE(a.contracts[0].consumerClass, u"class_2"_s);
        QCOMPARE(a.contracts[0].billingDay, 5);
        QCOMPARE(a.contracts[0].windowWorkingDays, 3);
        QCOMPARE(a.contracts[0].requiresSignedAct, true);
        QCOMPARE(a.contracts[0].selfCalculation, false);

        QCOMPARE(a.objects.size(), 2);
        QCOMPARE(a.objects[0].id, ObjectId(o1));
        QCOMPARE(a.objects[0].name, u"Цех"_s);
        QCOMPARE(a.objects[1].address, u"вул. Заводська, 1а"_s);
        const auto &pts = a.objects[0].meteringPoints;
        QCOMPARE(pts.size(), 3);
        QCOMPARE(pts[0].id, MeteringPointId(p1));
        QCOMPARE(pts[0].code, u"62Z0000000000011"_s);
        OBLIK_COMPARE_ENUM(pts[0].kind, domain::PointKind::Active);
        QCOMPARE(pts[0].voltageV, 10000);
        QVERIFY(!pts[0].parentId.has_value());
        OBLIK_COMPARE_ENUM(pts[1].kind, domain::PointKind::Reactive);
        QCOMPARE(pts[2].parentId, std::optional<MeteringPointId>(MeteringPointId(p1)));
        QCOMPARE(pts[2].voltageV, 400);
        QCOMPARE(a.objects[1].meteringPoints.size(), 1);
        OBLIK_COMPARE_ENUM(a.objects[1].meteringPoints[0].kind, domain::PointKind::Generation);

        // The removed meter is not part of the tree.
        QCOMPARE(pts[0].meters.size(), 1);
        const domain::Meter &meter = pts[0].meters[0];
        QCOMPARE(meter.id, MeterId(m1));
        QCOMPARE(meter.number, u"M-1"_s);
        QCOMPARE(meter.model, u"Model M-1"_s);
        QCOMPARE(meter.digits, 6);
        QCOMPARE(meter.decimals, 1);
        QCOMPARE(meter.ratio, 200);
        QCOMPARE(meter.installedOn, QDate(2018, 5, 4));
        QCOMPARE(meter.verificationDue, QDate(2034, 5, 4));
        OBLIK_COMPARE_ENUM(meter.status, domain::MeterStatus::Working);
        OBLIK_COMPARE_ENUM(pts[1].meters[0].status, domain::MeterStatus::VerificationExpired);
        OBLIK_COMPARE_ENUM(a.objects[1].meteringPoints[0].meters[0].status, domain::MeterStatus::Faulty);

        QCOMPARE(meter.registers.size(), 3);
        QCOMPARE(meter.registers[0].id, RegisterId(g1night));
        OBLIK_COMPARE_ENUM(meter.registers[0].zone, domain::Zone::Night);
        OBLIK_COMPARE_ENUM(meter.registers[1].zone, domain::Zone::HalfPeak);
        OBLIK_COMPARE_ENUM(meter.registers[2].zone, domain::Zone::Peak);
        // The latest reading that was not rejected.
        QVERIFY(meter.registers[0].lastReading.has_value());
        const domain::Reading &r = *meter.registers[0].lastReading;
        QCOMPARE(r.period, Period(2026, 2));
        QCOMPARE(r.takenOn, QDate(2026, 2, 28));
        QCOMPARE(r.value, Energy::fromMilli(1500'500));
        QCOMPARE(r.consumption, Energy::fromMilli(100'100'000));
        OBLIK_COMPARE_ENUM(r.state, domain::ReadingState::Processed);
        QVERIFY(!meter.registers[1].lastReading.has_value());
        QCOMPARE(meter.registers[2].lastReading->period, Period(2026, 1));
        OBLIK_COMPARE_ENUM(meter.registers[2].lastReading->state, domain::ReadingState::Submitted);

        const auto &sub = pts[2].meters;
        QCOMPARE(sub.size(), 1);
        QCOMPARE(sub[0].ratio, 20);
        QCOMPARE(sub[0].registers.size(), 2);
        OBLIK_COMPARE_ENUM(sub[0].registers[0].zone, domain::Zone::Day);
        OBLIK_COMPARE_ENUM(sub[0].registers[1].zone, domain::Zone::Night);
        QVERIFY(!sub[0].registers[0].lastReading.has_value());
    }

    void loadsAnAccountWithoutObjects()
    {
        auto loaded = AccountRepository(*m_db).load(admin(s2), AccountId(a5));
        QVERIFY(loaded.ok() && loaded.value().has_value());
        OBLIK_COMPARE_ENUM(loaded.value()->consumer.kind, domain::ConsumerKind::Household);
        QCOMPARE(loaded.value()->consumer.ipn, u"2845611234"_s);
        QCOMPARE(loaded.value()->consumer.edrpou, QString());
        QVERIFY(loaded.value()->objects.isEmpty());
    }

private:
    AccessScope scopeOf(const QString &who) const
    {
        if (who == u"consumer"_s)
            return consumer();
        if (who == u"lonely"_s)
            return {UserId(lonelyUser), domain::Role::Consumer, {}, {}};
        if (who == u"clerk1"_s)
            return clerk(d1);
        if (who == u"clerk2"_s)
            return clerk(d2);
        if (who == u"clerk0"_s)
            return {UserId(902), domain::Role::Clerk, {}, {}};
        if (who == u"admin1"_s)
            return admin(s1);
        if (who == u"admin2"_s)
            return admin(s2);
        return {UserId(903), domain::Role::Admin, {}, {}};
    }
};

QTEST_GUILESS_MAIN(TestAccountRepository)
#include "tst_accountrepository.moc"

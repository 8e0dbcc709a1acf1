// AccountTreeModel: structure, texts and the warning roles of faulty, expired and soon-due meters,
// fed from a fixture decoded by the protocol codecs.

#include "fixtures.h"
#include "models/accounttreemodel.h"
#include "models/meterhealth.h"

#include "translations/languages.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QIcon>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using oblik::client::AccountTreeModel;
using oblik::client::MeterHealth;

class TestAccountTreeModel : public QObject
{
    Q_OBJECT
    oblik::i18n::Translators m_translators;

    // The fixture's meters are judged on this day.
    const QDate today{2026, 11, 5};

    // The index of the row whose entity id is `id`, searched depth first.
    static QModelIndex findId(const QAbstractItemModel &m, qint64 id, const QModelIndex &parent = {})
    {
        for (int r = 0; r < m.rowCount(parent); ++r) {
            const QModelIndex i = m.index(r, 0, parent);
            if (i.data(AccountTreeModel::IdRole).toLongLong() == id)
                return i;
            const QModelIndex found = findId(m, id, i);
            if (found.isValid())
                return found;
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        // English texts with their plural forms, and British dates (dd/MM/yyyy).
        QVERIFY(m_translators.install(u"en"_s));
    }

    void passesModelTester()
    {
        AccountTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setToday(today);
        model.setAccount(oblik::testing::accountFixture());
        model.retranslate();
        model.setToday(today.addDays(1));
        model.clear();
        model.setAccount(oblik::testing::accountFixture());
    }

    void structure()
    {
        AccountTreeModel model;
        model.setAccount(oblik::testing::accountFixture());
        QCOMPARE(model.rowCount(), 2); // objects
        const QModelIndex base = model.index(0, 0);
        QCOMPARE(base.data().toString(), u"Виробнича база"_s);
        QCOMPARE(base.data(AccountTreeModel::NodeTypeRole).toInt(), int(AccountTreeModel::NodeType::Object));
        QCOMPARE(model.rowCount(base), 3); // metering points
        const QModelIndex input1 = model.index(0, 0, base);
        QCOMPARE(input1.data(AccountTreeModel::NodeTypeRole).toInt(),
                 int(AccountTreeModel::NodeType::MeteringPoint));
        QVERIFY(input1.data().toString().startsWith(u"62Z1234567890123"_s));
        QCOMPARE(model.rowCount(input1), 2); // meters
        // A one-zone meter has no register rows; a three-zone meter has one per zone.
        QCOMPARE(model.rowCount(model.index(0, 0, input1)), 0);
        const QModelIndex zoned = model.index(1, 0, input1);
        QCOMPARE(model.rowCount(zoned), 3);
        QCOMPARE(model.index(0, 0, zoned).data(AccountTreeModel::NodeTypeRole).toInt(),
                 int(AccountTreeModel::NodeType::Register));
        QCOMPARE(model.index(0, 0, zoned).parent(), zoned);
        // A point without meters is a leaf.
        const QModelIndex store = model.index(1, 0);
        QCOMPARE(model.rowCount(store), 3);
        QCOMPARE(model.rowCount(model.index(2, 0, store)), 0);
        QCOMPARE(model.meterCount(), 8);
    }

    void columns()
    {
        AccountTreeModel model;
        model.setToday(today);
        model.setAccount(oblik::testing::accountFixture());
        const auto cell = [&](qint64 id, int column) {
            const QModelIndex i = findId(model, id);
            return model.index(i.row(), column, i.parent()).data().toString();
        };
        QCOMPARE(cell(11, AccountTreeModel::KindColumn), u"A"_s);
        QCOMPARE(cell(13, AccountTreeModel::KindColumn), u"R"_s);
        QCOMPARE(cell(21, AccountTreeModel::KindColumn), u"G"_s);
        QCOMPARE(cell(11, AccountTreeModel::VoltageColumn), u"10 kV"_s);
        QCOMPARE(cell(12, AccountTreeModel::VoltageColumn), u"0.4 kV"_s);
        // The sub-consumer names its parent point by code; a main point has none.
        QCOMPARE(cell(12, AccountTreeModel::ParentColumn), u"62Z1234567890123"_s);
        QCOMPARE(cell(11, AccountTreeModel::ParentColumn), QString());
        QCOMPARE(cell(111, AccountTreeModel::MeterNumberColumn), u"01234567"_s);
        QCOMPARE(cell(111, AccountTreeModel::ModelColumn), u"NIK 2303 ARP3"_s);
        QCOMPARE(cell(111, AccountTreeModel::DigitsColumn), u"6"_s);
        QCOMPARE(cell(111, AccountTreeModel::DecimalsColumn), u"2"_s);
        QCOMPARE(cell(111, AccountTreeModel::RatioColumn), u"40"_s);
        QCOMPARE(cell(112, AccountTreeModel::ZonesColumn), u"Day, Night, Peak"_s);
        QCOMPARE(cell(111, AccountTreeModel::VerificationColumn), u"01/05/2030"_s);
        // A one-zone meter shows its reading on its own row, with the meter's decimals.
        QCOMPARE(cell(111, AccountTreeModel::LastPeriodColumn), u"October 2026"_s);
        QCOMPARE(cell(111, AccountTreeModel::LastReadingColumn), u"12,345.67"_s);
        QCOMPARE(cell(111, AccountTreeModel::ConsumptionColumn), u"8,400.000"_s);
        // Registers show their own; a zoned meter's row shows none.
        QCOMPARE(cell(112, AccountTreeModel::LastReadingColumn), QString());
        QCOMPARE(cell(1121, AccountTreeModel::NameColumn), u"Day"_s);
        QCOMPARE(cell(1121, AccountTreeModel::LastReadingColumn), u"4,521.3"_s);
        QCOMPARE(cell(1123, AccountTreeModel::LastReadingColumn), u"no readings yet"_s);
        QCOMPARE(cell(1123, AccountTreeModel::LastPeriodColumn), QString());
    }

    void health_data()
    {
        QTest::addColumn<qint64>("meterId");
        QTest::addColumn<int>("health");
        QTest::addColumn<bool>("blocked");
        // today is 2026-11-05
        QTest::newRow("working, due 2030") << qint64(111) << int(MeterHealth::Ok) << false;
        QTest::newRow("due in 15 days") << qint64(112) << int(MeterHealth::VerificationSoon) << false;
        QTest::newRow("status faulty") << qint64(121) << int(MeterHealth::Faulty) << true;
        QTest::newRow("due date passed") << qint64(131) << int(MeterHealth::VerificationExpired) << true;
        QTest::newRow("status verification_expired")
            << qint64(211) << int(MeterHealth::VerificationExpired) << true;
        QTest::newRow("due in exactly 30 days") << qint64(221) << int(MeterHealth::VerificationSoon) << false;
        QTest::newRow("due in 31 days") << qint64(222) << int(MeterHealth::Ok) << false;
        QTest::newRow("due today") << qint64(223) << int(MeterHealth::VerificationSoon) << false;
    }

    void health()
    {
        QFETCH(qint64, meterId);
        QFETCH(int, health);
        QFETCH(bool, blocked);
        AccountTreeModel model;
        model.setToday(today);
        model.setAccount(oblik::testing::accountFixture());
        const QModelIndex meter = findId(model, meterId);
        QVERIFY(meter.isValid());
        QCOMPARE(meter.data(AccountTreeModel::NodeTypeRole).toInt(), int(AccountTreeModel::NodeType::Meter));
        QCOMPARE(meter.data(AccountTreeModel::HealthRole).toInt(), health);
        QCOMPARE(meter.data(AccountTreeModel::BlockedRole).toBool(), blocked);
        const QModelIndex status = meter.siblingAtColumn(AccountTreeModel::StatusColumn);
        // Anything but Ok is marked three ways: icon, coloured text, tinted row, and explained.
        const bool marked = health != int(MeterHealth::Ok);
        QCOMPARE(!status.data(Qt::DecorationRole).value<QIcon>().isNull(), marked);
        QCOMPARE(status.data(Qt::ForegroundRole).isValid(), marked);
        QCOMPARE(meter.data(Qt::BackgroundRole).isValid(), marked);
        QCOMPARE(!meter.data(Qt::ToolTipRole).toString().isEmpty(), marked);
    }

    void blockedAndSoonLookDifferent()
    {
        AccountTreeModel model;
        model.setToday(today);
        model.setAccount(oblik::testing::accountFixture());
        const auto bg = [&](qint64 id) {
            return findId(model, id).data(Qt::BackgroundRole).value<QBrush>().color();
        };
        QVERIFY(bg(121) != bg(112)); // faulty vs soon
        QCOMPARE(bg(121), bg(131));  // faulty and expired: both refuse readings
        QCOMPARE(model.meterCount(MeterHealth::Ok), 2);
        QCOMPARE(model.meterCount(MeterHealth::VerificationSoon), 3);
        QCOMPARE(model.meterCount(MeterHealth::VerificationExpired), 2);
        QCOMPARE(model.meterCount(MeterHealth::Faulty), 1);
        // Registers of a marked meter carry its state too.
        QCOMPARE(findId(model, 1121).data(AccountTreeModel::HealthRole).toInt(),
                 int(MeterHealth::VerificationSoon));
    }

    void todayMovesTheRule()
    {
        AccountTreeModel model;
        model.setToday(today);
        model.setAccount(oblik::testing::accountFixture());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        // 31 days before 2026-12-06 the meter A-31 becomes "due soon".
        model.setToday(QDate(2026, 11, 6));
        QVERIFY(changed.count() > 0);
        QCOMPARE(findId(model, 222).data(AccountTreeModel::HealthRole).toInt(),
                 int(MeterHealth::VerificationSoon));
        // And after its date it is expired.
        model.setToday(QDate(2026, 12, 7));
        QCOMPARE(findId(model, 222).data(AccountTreeModel::HealthRole).toInt(),
                 int(MeterHealth::VerificationExpired));
    }

    void headers()
    {
        AccountTreeModel model;
        QCOMPARE(model.columnCount(), int(AccountTreeModel::ColumnCount));
        for (int c = 0; c < model.columnCount(); ++c)
            QVERIFY2(!model.headerData(c, Qt::Horizontal).toString().isEmpty(),
                     qPrintable(QString::number(c)));
        QCOMPARE(model.headerData(AccountTreeModel::RatioColumn, Qt::Horizontal).toString(), u"Ratio"_s);
    }
};

QTEST_MAIN(TestAccountTreeModel)
#include "tst_accounttreemodel.moc"

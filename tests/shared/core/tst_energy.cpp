// Energy: thousandths of a kWh, always three decimals in the API, rounded half away from zero on screen.

#include "core/energy.h"

#include <QTest>
#include <limits>

using namespace Qt::StringLiterals;
using oblik::Energy;

class TestEnergy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void toString_data();
    void toString();
    void format_data();
    void format();
    void arithmetic_data();
    void arithmetic();
};

void TestEnergy::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("milli");
    QTest::addColumn<QString>("error");

    QTest::newRow("API form") << u"12345.678"_s << qint64(12345678) << QString();
    QTest::newRow("whole") << u"840"_s << qint64(840000) << QString();
    QTest::newRow("comma, one decimal") << u"12 345,6"_s << qint64(12345600) << QString();
    QTest::newRow("no-break space group") << u"12\u00a0345,678"_s << qint64(12345678) << QString();
    QTest::newRow("negative") << u"-3"_s << qint64(-3000) << QString();
    QTest::newRow("one watt-hour") << u"0.001"_s << qint64(1) << QString();
    QTest::newRow("largest") << u"9223372036854775.807"_s << std::numeric_limits<qint64>::max() << QString();

    QTest::newRow("four decimals") << u"0.0005"_s << qint64(0) << u"energy.too_many_decimals"_s;
    QTest::newRow("letters") << u"12a"_s << qint64(0) << u"energy.invalid"_s;
    QTest::newRow("empty") << QString() << qint64(0) << u"energy.invalid"_s;
    QTest::newRow("bad grouping") << u"1 23"_s << qint64(0) << u"energy.invalid"_s;
    QTest::newRow("too large") << u"9223372036854775.808"_s << qint64(0) << u"energy.overflow"_s;
}

void TestEnergy::parse()
{
    QFETCH(QString, text);
    QFETCH(qint64, milli);
    QFETCH(QString, error);

    const oblik::Result<Energy> r = Energy::parse(text);
    if (error.isEmpty()) {
        QVERIFY2(r.ok(), qPrintable(r.error().code()));
        QCOMPARE(r.value().milli(), milli);
    } else {
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), error);
    }
}

void TestEnergy::toString_data()
{
    QTest::addColumn<qint64>("milli");
    QTest::addColumn<QString>("expected");

    QTest::newRow("three decimals") << qint64(12345678) << u"12345.678"_s;
    QTest::newRow("whole kWh keeps zeros") << qint64(840000) << u"840.000"_s;
    QTest::newRow("zero") << qint64(0) << u"0.000"_s;
    QTest::newRow("one watt-hour") << qint64(1) << u"0.001"_s;
    QTest::newRow("negative") << qint64(-1500) << u"-1.500"_s;
}

void TestEnergy::toString()
{
    QFETCH(qint64, milli);
    QFETCH(QString, expected);
    QCOMPARE(Energy::fromMilli(milli).toString(), expected);
    QCOMPARE(Energy::parse(expected).value().milli(), milli);
}

void TestEnergy::format_data()
{
    QTest::addColumn<qint64>("milli");
    QTest::addColumn<int>("decimals");
    QTest::addColumn<QString>("expected"); // in the C-like "en_US" locale

    QTest::newRow("default 3 decimals with group") << qint64(12345678) << 3 << u"12,345.678"_s;
    QTest::newRow("12.345 to 2: half up") << qint64(12345) << 2 << u"12.35"_s;
    QTest::newRow("-12.345 to 2: half away from zero") << qint64(-12345) << 2 << u"-12.35"_s;
    QTest::newRow("12.344 to 2: down") << qint64(12344) << 2 << u"12.34"_s;
    QTest::newRow("1.5 to 0") << qint64(1500) << 0 << u"2"_s;
    QTest::newRow("-1.5 to 0") << qint64(-1500) << 0 << u"-2"_s;
    QTest::newRow("1.499 to 0") << qint64(1499) << 0 << u"1"_s;
    QTest::newRow("-0.4 to 0 has no minus") << qint64(-400) << 0 << u"0"_s;
    QTest::newRow("999.95 to 1 carries") << qint64(999950) << 1 << u"1,000.0"_s;
    QTest::newRow("pads past 3") << qint64(1500) << 5 << u"1.50000"_s;
}

void TestEnergy::format()
{
    QFETCH(qint64, milli);
    QFETCH(int, decimals);
    QFETCH(QString, expected);
    QCOMPARE(Energy::fromMilli(milli).format(QLocale(u"en_US"_s), decimals), expected);
}

void TestEnergy::arithmetic_data()
{
    QTest::addColumn<QString>("op");
    QTest::addColumn<qint64>("a");
    QTest::addColumn<qint64>("b");
    QTest::addColumn<qint64>("result");
    QTest::addColumn<bool>("overflows");

    constexpr qint64 max = std::numeric_limits<qint64>::max();
    constexpr qint64 min = std::numeric_limits<qint64>::min();
    QTest::newRow("30 - 999950 (negative is allowed here)")
        << u"subtract"_s << qint64(30000) << qint64(999950000) << qint64(-999920000) << false;
    QTest::newRow("50 kWh x ratio 40")
        << u"multiply"_s << qint64(50000) << qint64(40) << qint64(2000000) << false;
    QTest::newRow("1 + 2") << u"add"_s << qint64(1000) << qint64(2000) << qint64(3000) << false;
    QTest::newRow("max + 1 Wh") << u"add"_s << max << qint64(1) << qint64(0) << true;
    QTest::newRow("min - 1 Wh") << u"subtract"_s << min << qint64(1) << qint64(0) << true;
    QTest::newRow("max x ratio 40") << u"multiply"_s << max << qint64(40) << qint64(0) << true;
}

void TestEnergy::arithmetic()
{
    QFETCH(QString, op);
    QFETCH(qint64, a);
    QFETCH(qint64, b);
    QFETCH(qint64, result);
    QFETCH(bool, overflows);

    const Energy ea = Energy::fromMilli(a);
    const oblik::Result<Energy> r = op == u"add"_s        ? ea.add(Energy::fromMilli(b))
                                    : op == u"subtract"_s ? ea.subtract(Energy::fromMilli(b))
                                                          : ea.multiply(b);
    if (overflows) {
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), u"energy.overflow"_s);
    } else {
        QVERIFY(r.ok());
        QCOMPARE(r.value().milli(), result);
    }
}

QTEST_GUILESS_MAIN(TestEnergy)
#include "tst_energy.moc"

// The one rounding rule and the products built on it: cost = energy x tariff, ratios and coefficients.

#include "core/amounts.h"

#include <QTest>
#include <limits>

using namespace Qt::StringLiterals;
using namespace oblik;

namespace {
constexpr qint64 kMax = std::numeric_limits<qint64>::max();
constexpr qint64 kMin = std::numeric_limits<qint64>::min();
} // namespace

class TestAmounts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rounding_data();
    void rounding();
    void cost_data();
    void cost();
    void costWithCoefficient_data();
    void costWithCoefficient();
    void moneyRatio_data();
    void moneyRatio();
    void energyRatio_data();
    void energyRatio();
};

void TestAmounts::rounding_data()
{
    // numerator = a x b, computed in 128 bits so that rows can show products beyond 64 bits.
    QTest::addColumn<qint64>("a");
    QTest::addColumn<qint64>("b");
    QTest::addColumn<qint64>("denominator");
    QTest::addColumn<bool>("fits");
    QTest::addColumn<qint64>("expected");

    QTest::newRow("5/2 = 2.5 -> 3") << qint64(5) << qint64(1) << qint64(2) << true << qint64(3);
    QTest::newRow("-5/2 = -2.5 -> -3") << qint64(-5) << qint64(1) << qint64(2) << true << qint64(-3);
    QTest::newRow("4/2 = 2 exact") << qint64(4) << qint64(1) << qint64(2) << true << qint64(2);
    QTest::newRow("7/3 = 2.33 -> 2") << qint64(7) << qint64(1) << qint64(3) << true << qint64(2);
    QTest::newRow("8/3 = 2.67 -> 3") << qint64(8) << qint64(1) << qint64(3) << true << qint64(3);
    QTest::newRow("-7/3 = -2.33 -> -2") << qint64(-7) << qint64(1) << qint64(3) << true << qint64(-2);
    QTest::newRow("-8/3 = -2.67 -> -3") << qint64(-8) << qint64(1) << qint64(3) << true << qint64(-3);
    QTest::newRow("1/-2 = -0.5 -> -1") << qint64(1) << qint64(1) << qint64(-2) << true << qint64(-1);
    QTest::newRow("-1/-2 = 0.5 -> 1") << qint64(-1) << qint64(1) << qint64(-2) << true << qint64(1);
    QTest::newRow("0/5 = 0") << qint64(0) << qint64(1) << qint64(5) << true << qint64(0);
    QTest::newRow("149/100 -> 1") << qint64(149) << qint64(1) << qint64(100) << true << qint64(1);
    QTest::newRow("150/100 -> 2") << qint64(150) << qint64(1) << qint64(100) << true << qint64(2);
    QTest::newRow("max x max / max = max (no intermediate overflow)") << kMax << kMax << kMax << true << kMax;
    QTest::newRow("min x 3 / 3 = min") << kMin << qint64(3) << qint64(3) << true << kMin;
    QTest::newRow("max x 2 / 1 does not fit") << kMax << qint64(2) << qint64(1) << false << qint64(0);
    QTest::newRow("min / -1 does not fit") << kMin << qint64(1) << qint64(-1) << false << qint64(0);
    QTest::newRow("division by zero") << qint64(5) << qint64(1) << qint64(0) << false << qint64(0);
}

void TestAmounts::rounding()
{
    QFETCH(qint64, a);
    QFETCH(qint64, b);
    QFETCH(qint64, denominator);
    QFETCH(bool, fits);
    QFETCH(qint64, expected);

    const std::optional<qint64> r = roundHalfAwayFromZero(static_cast<__int128>(a) * b, denominator);
    QCOMPARE(r.has_value(), fits);
    if (fits)
        QCOMPARE(*r, expected);
}

void TestAmounts::cost_data()
{
    QTest::addColumn<QString>("energy");
    QTest::addColumn<QString>("tariff");
    QTest::addColumn<QString>("expected"); // money, or an error code

    QTest::newRow("840 kWh x 4.32168 = 3630.2112") << u"840.000"_s << u"4.32168"_s << u"3630.21"_s;
    QTest::newRow("1 kWh x 0.005 = half a kopeck -> 0.01") << u"1.000"_s << u"0.00500"_s << u"0.01"_s;
    QTest::newRow("1 kWh x 0.00499 -> 0.00") << u"1.000"_s << u"0.00499"_s << u"0.00"_s;
    QTest::newRow("-1 kWh x 0.005 (a correction) -> -0.01") << u"-1.000"_s << u"0.00500"_s << u"-0.01"_s;
    QTest::newRow("0.001 kWh x 0.00001 -> 0.00") << u"0.001"_s << u"0.00001"_s << u"0.00"_s;
    QTest::newRow("123.456 kWh x 2.64 = 325.92384") << u"123.456"_s << u"2.64"_s << u"325.92"_s;
    QTest::newRow("max energy x 0.00001: 92233720368.547758 UAH, no intermediate overflow")
        << u"9223372036854775.807"_s << u"0.00001"_s << u"92233720368.55"_s;
    QTest::newRow("max energy x 1000000 UAH does not fit")
        << u"9223372036854775.807"_s << u"1000000"_s << u"money.overflow"_s;
}

void TestAmounts::cost()
{
    QFETCH(QString, energy);
    QFETCH(QString, tariff);
    QFETCH(QString, expected);

    const Result<Money> r = oblik::cost(Energy::parse(energy).value(), Tariff::parse(tariff).value());
    if (expected.front().isLetter()) { // an error code
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), expected);
    } else {
        QVERIFY2(r.ok(), qPrintable(r.error().code()));
        QCOMPARE(r.value().toString(), expected);
    }
}

void TestAmounts::costWithCoefficient_data()
{
    QTest::addColumn<QString>("energy");
    QTest::addColumn<QString>("tariff");
    QTest::addColumn<qint64>("numerator");
    QTest::addColumn<qint64>("denominator");
    QTest::addColumn<QString>("expected"); // money, or an error code

    QTest::newRow("night 300 x 4.32168 x 2/5 = 518.6016")
        << u"300"_s << u"4.32168"_s << qint64(2) << qint64(5) << u"518.60"_s;
    QTest::newRow("peak 140 x 4.32168 x 3/2 = 907.5528")
        << u"140"_s << u"4.32168"_s << qint64(3) << qint64(2) << u"907.55"_s;
    // Rounded once: 1 x 0.00500 x 3/1 = 1.5 kopecks -> 0.02, where rounding the cost first
    // (0.5 -> 1 kopeck) and then x 3 would give 0.03.
    QTest::newRow("rounded once, not cost first")
        << u"1"_s << u"0.00500"_s << qint64(3) << qint64(1) << u"0.02"_s;
    QTest::newRow("2/3 of 1 kWh x 0.01 = 0.667 kopeck -> 0.01")
        << u"1"_s << u"0.01000"_s << qint64(2) << qint64(3) << u"0.01"_s;
    QTest::newRow("negative energy rounds away from zero")
        << u"-1"_s << u"0.00500"_s << qint64(3) << qint64(1) << u"-0.02"_s;
    QTest::newRow("zero denominator") << u"1"_s << u"1"_s << qint64(1) << qint64(0) << u"money.overflow"_s;
    QTest::newRow("three large factors overflow 128 bits")
        << u"9223372036854775.807"_s << u"92233720368547.75807"_s << qint64(9223372036854775807) << qint64(1)
        << u"money.overflow"_s;
}

void TestAmounts::costWithCoefficient()
{
    QFETCH(QString, energy);
    QFETCH(QString, tariff);
    QFETCH(qint64, numerator);
    QFETCH(qint64, denominator);
    QFETCH(QString, expected);

    const Result<Money> r =
        oblik::cost(Energy::parse(energy).value(), Tariff::parse(tariff).value(), numerator, denominator);
    if (expected.front().isLetter()) {
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), expected);
    } else {
        QVERIFY2(r.ok(), qPrintable(r.error().code()));
        QCOMPARE(r.value().toString(), expected);
    }
}

void TestAmounts::moneyRatio_data()
{
    QTest::addColumn<QString>("amount");
    QTest::addColumn<qint64>("numerator");
    QTest::addColumn<qint64>("denominator");
    QTest::addColumn<QString>("expected");

    QTest::newRow("VAT 20% of 100.00") << u"100.00"_s << qint64(20) << qint64(100) << u"20.00"_s;
    QTest::newRow("VAT of 0.03 = 0.006 -> 0.01") << u"0.03"_s << qint64(20) << qint64(100) << u"0.01"_s;
    QTest::newRow("VAT of 0.02 = 0.004 -> 0.00") << u"0.02"_s << qint64(20) << qint64(100) << u"0.00"_s;
    QTest::newRow("VAT of -0.03 -> -0.01") << u"-0.03"_s << qint64(20) << qint64(100) << u"-0.01"_s;
    QTest::newRow("5 kop. x 1/10 = half a kopeck -> 0.01")
        << u"0.05"_s << qint64(1) << qint64(10) << u"0.01"_s;
    QTest::newRow("zero denominator") << u"1.00"_s << qint64(1) << qint64(0) << u"money.overflow"_s;
    QTest::newRow("x 3 of the largest")
        << u"92233720368547758.07"_s << qint64(3) << qint64(1) << u"money.overflow"_s;
}

void TestAmounts::moneyRatio()
{
    QFETCH(QString, amount);
    QFETCH(qint64, numerator);
    QFETCH(qint64, denominator);
    QFETCH(QString, expected);

    const Result<Money> r = applyRatio(Money::parse(amount).value(), numerator, denominator);
    if (expected.front().isLetter()) { // an error code
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), expected);
    } else {
        QVERIFY2(r.ok(), qPrintable(r.error().code()));
        QCOMPARE(r.value().toString(), expected);
    }
}

void TestAmounts::energyRatio_data()
{
    QTest::addColumn<QString>("energy");
    QTest::addColumn<qint64>("numerator");
    QTest::addColumn<qint64>("denominator");
    QTest::addColumn<QString>("expected");

    QTest::newRow("losses 1.25% of 840") << u"840.000"_s << qint64(125) << qint64(10000) << u"10.500"_s;
    QTest::newRow("half of 1 Wh -> 1 Wh") << u"0.001"_s << qint64(1) << qint64(2) << u"0.001"_s;
    QTest::newRow("ratio 40 as 40/1") << u"3.000"_s << qint64(40) << qint64(1) << u"120.000"_s;
    QTest::newRow("zero denominator") << u"1.000"_s << qint64(1) << qint64(0) << u"energy.overflow"_s;
}

void TestAmounts::energyRatio()
{
    QFETCH(QString, energy);
    QFETCH(qint64, numerator);
    QFETCH(qint64, denominator);
    QFETCH(QString, expected);

    const Result<Energy> r = applyRatio(Energy::parse(energy).value(), numerator, denominator);
    if (expected.front().isLetter()) { // an error code
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), expected);
    } else {
        QVERIFY2(r.ok(), qPrintable(r.error().code()));
        QCOMPARE(r.value().toString(), expected);
    }
}

QTEST_GUILESS_MAIN(TestAmounts)
#include "tst_amounts.moc"

// Parameters with validity periods: the value in force in a period, calc.parameter_missing naming
// the parameter, its key and the period at every boundary, overlaps refused, exact coefficients.

#include "billingfixtures.h"

#include "billing/parameterset.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace billingtest;

class TestParameterSet : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tariffAtPeriod_data();
    void tariffAtPeriod();
    void overlap_data();
    void overlap();
    void zoneCoefficient_data();
    void zoneCoefficient();
    void supplierWide();
    void missingMessage();
    void fraction_data();
    void fraction();
    void voltageClasses_data();
    void voltageClasses();
};

namespace {
// legal / class 2: 4.32168 for 2026-01..2026-06, 4.50000 for 2026-08 on (2026-07 is a gap).
ParameterSet history()
{
    ParameterSet p;
    p.addTariff(u"legal"_s, 2, between("2026-01", "2026-06"), tariff(u"4.32168"_s));
    p.addTariff(u"legal"_s, 2, from("2026-08"), tariff(u"4.50000"_s));
    return p;
}
} // namespace

void TestParameterSet::tariffAtPeriod_data()
{
    QTest::addColumn<QString>("consumerClass");
    QTest::addColumn<int>("voltageClass");
    QTest::addColumn<QString>("period");
    QTest::addColumn<QString>("expected"); // a tariff, or the missing key

    QTest::newRow("month before the first value")
        << u"legal"_s << 2 << u"2025-12"_s << u"missing class=legal;voltage_class=2"_s;
    QTest::newRow("first month of the first value") << u"legal"_s << 2 << u"2026-01"_s << u"4.32168"_s;
    QTest::newRow("last month of the first value") << u"legal"_s << 2 << u"2026-06"_s << u"4.32168"_s;
    QTest::newRow("the gap between values")
        << u"legal"_s << 2 << u"2026-07"_s << u"missing class=legal;voltage_class=2"_s;
    QTest::newRow("first month of the open-ended value") << u"legal"_s << 2 << u"2026-08"_s << u"4.50000"_s;
    QTest::newRow("years later, still open-ended") << u"legal"_s << 2 << u"2031-01"_s << u"4.50000"_s;
    QTest::newRow("another voltage class")
        << u"legal"_s << 1 << u"2026-03"_s << u"missing class=legal;voltage_class=1"_s;
    QTest::newRow("another consumer class")
        << u"household"_s << 2 << u"2026-03"_s << u"missing class=household;voltage_class=2"_s;
}

void TestParameterSet::tariffAtPeriod()
{
    QFETCH(QString, consumerClass);
    QFETCH(int, voltageClass);
    QFETCH(QString, period);
    QFETCH(QString, expected);

    const Period p = Period::parse(period).value();
    const Result<Tariff> t = history().tariff(consumerClass, voltageClass, p);
    if (expected.startsWith(u"missing "_s)) {
        QVERIFY(!t.ok());
        QCOMPARE(t.error().code(), u"calc.parameter_missing"_s);
        QCOMPARE(t.error().field(), u"tariff"_s);
        QCOMPARE(t.error().args(), (QStringList{u"tariff"_s, expected.mid(8), period}));
    } else {
        QVERIFY(t.ok());
        QCOMPARE(t.value().toString(), expected);
    }
}

void TestParameterSet::overlap_data()
{
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("last"); // empty = open-ended
    QTest::addColumn<bool>("accepted");

    QTest::newRow("inside the first value") << u"2026-03"_s << u"2026-04"_s << false;
    QTest::newRow("ends in the first month") << u"2025-06"_s << u"2026-01"_s << false;
    QTest::newRow("fills the gap exactly") << u"2026-07"_s << u"2026-07"_s << true;
    QTest::newRow("starts in the open-ended value") << u"2027-01"_s << QString() << false;
    QTest::newRow("open-ended from the gap runs into the next") << u"2026-07"_s << QString() << false;
    QTest::newRow("ends just before the first value") << u"2025-01"_s << u"2025-12"_s << true;
    QTest::newRow("ends before it starts") << u"2025-05"_s << u"2025-04"_s << false;
}

void TestParameterSet::overlap()
{
    QFETCH(QString, first);
    QFETCH(QString, last);
    QFETCH(bool, accepted);

    ParameterSet p = history();
    const Validity v{Period::parse(first).value(), last.isEmpty() ? Period() : Period::parse(last).value()};
    const Error e = p.addTariff(u"legal"_s, 2, v, tariff(u"9.99999"_s));
    QCOMPARE(e.isNull(), accepted);
    if (!accepted) {
        QCOMPARE(e.code(), u"calc.parameter_overlap"_s);
        QCOMPARE(e.args().value(0), u"tariff"_s);
        // The values held before stay as they were.
        QCOMPARE(p.tariff(u"legal"_s, 2, period("2026-03")).value().toString(), u"4.32168"_s);
    } else {
        QCOMPARE(p.tariff(u"legal"_s, 2, v.from).value().toString(), u"9.99999"_s);
    }
}

void TestParameterSet::zoneCoefficient_data()
{
    QTest::addColumn<int>("scheme");
    QTest::addColumn<int>("zone");
    QTest::addColumn<QString>("period");
    QTest::addColumn<QString>("expected"); // a coefficient, or "missing"

    const int one = int(ZoneScheme::OneZone), two = int(ZoneScheme::TwoZones),
              three = int(ZoneScheme::ThreeZones);
    QTest::newRow("one zone is 1 without any parameter") << one << int(Zone::Total) << u"2020-01"_s << u"1"_s;
    QTest::newRow("three zones night 0.4") << three << int(Zone::Night) << u"2026-01"_s << u"0.4"_s;
    QTest::newRow("three zones half-peak 1") << three << int(Zone::HalfPeak) << u"2026-01"_s << u"1"_s;
    QTest::newRow("three zones peak 1.5") << three << int(Zone::Peak) << u"2026-01"_s << u"1.5"_s;
    QTest::newRow("two zones night 0.5") << two << int(Zone::Night) << u"2026-01"_s << u"0.5"_s;
    QTest::newRow("two zones day 1") << two << int(Zone::Day) << u"2026-01"_s << u"1"_s;
    QTest::newRow("three zones night before the schemes start")
        << three << int(Zone::Night) << u"2025-12"_s << u"missing"_s;
    QTest::newRow("two zones have no peak") << two << int(Zone::Peak) << u"2026-01"_s << u"missing"_s;
}

void TestParameterSet::zoneCoefficient()
{
    QFETCH(int, scheme);
    QFETCH(int, zone);
    QFETCH(QString, period);
    QFETCH(QString, expected);

    ParameterSet p;
    QVERIFY(p.addStandardZoneCoefficients(from("2026-01")).isNull());
    const Result<Fraction> c = p.zoneCoefficient(static_cast<ZoneScheme>(scheme), static_cast<Zone>(zone),
                                                 Period::parse(period).value());
    if (expected == u"missing"_s) {
        QVERIFY(!c.ok());
        QCOMPARE(c.error().code(), u"calc.parameter_missing"_s);
        QCOMPARE(c.error().args(),
                 (QStringList{u"zone_coefficient"_s,
                              ParameterSet::zoneKey(static_cast<ZoneScheme>(scheme), static_cast<Zone>(zone)),
                              period}));
    } else {
        QVERIFY(c.ok());
        QCOMPARE(c.value().toString(), expected);
    }
}

void TestParameterSet::supplierWide()
{
    ParameterSet p = standardParameters();
    QCOMPARE(p.reactiveTariff(period("2026-10")).value().toString(), u"0.15000"_s);
    QCOMPARE(p.generationTariff(period("2026-10")).value().toString(), u"3.00000"_s);
    QCOMPARE(p.overLimitMultiple(period("2026-10")).value(), (Fraction{2, 1}));
    QCOMPARE(p.vat(period("2026-10")).value(), (VatRule{2000, VatMode::ExtractedFromGross}));
    for (const auto &[name, error] :
         {std::pair{u"reactive_tariff"_s, p.reactiveTariff(period("2025-12")).error()},
          std::pair{u"generation_tariff"_s, p.generationTariff(period("2025-12")).error()},
          std::pair{u"over_limit_multiple"_s, p.overLimitMultiple(period("2025-12")).error()},
          std::pair{u"vat"_s, p.vat(period("2025-12")).error()}}) {
        QCOMPARE(error.code(), u"calc.parameter_missing"_s);
        QCOMPARE(error.args(), (QStringList{name, QString(), u"2025-12"_s}));
    }
    QCOMPARE(p.addVat(from("2030-01"), VatRule{12000, VatMode::FromNet}).code(),
             u"calc.invalid_coefficient"_s);
    QCOMPARE(p.addOverLimitMultiple(from("2030-01"), Fraction{1, 0}).code(), u"calc.invalid_coefficient"_s);
    QCOMPARE(p.tariffHistory(u"legal"_s, 2).size(), 1);
}

void TestParameterSet::missingMessage()
{
    // The user takes the message to the supplier: it names the parameter, its key and the period.
    const Error e = history().tariff(u"legal"_s, 2, period("2026-07")).error();
    const QString text = e.message();
    QVERIFY2(text.contains(u"tariff"_s), qPrintable(text));
    QVERIFY2(text.contains(u"class=legal;voltage_class=2"_s), qPrintable(text));
    QVERIFY2(text.contains(u"2026-07"_s), qPrintable(text));
}

void TestParameterSet::fraction_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("numerator"); // 0/0 = invalid
    QTest::addColumn<qint64>("denominator");
    QTest::addColumn<QString>("printed");

    QTest::newRow("0.4 = 2/5") << u"0.4"_s << qint64(2) << qint64(5) << u"0.4"_s;
    QTest::newRow("1,5 = 3/2") << u"1,5"_s << qint64(3) << qint64(2) << u"1.5"_s;
    QTest::newRow("2 = 2/1") << u"2"_s << qint64(2) << qint64(1) << u"2"_s;
    QTest::newRow("0.125 = 1/8") << u"0.125"_s << qint64(1) << qint64(8) << u"0.125"_s;
    QTest::newRow("2/3 has no short decimal") << u"2/3"_s << qint64(2) << qint64(3) << u"2/3"_s;
    QTest::newRow("4/10 prints reduced") << u"4/10"_s << qint64(4) << qint64(10) << u"0.4"_s;
    QTest::newRow("1/0 is not a number") << u"1/0"_s << qint64(0) << qint64(0) << QString();
    QTest::newRow("negative") << u"-1"_s << qint64(0) << qint64(0) << QString();
    QTest::newRow("words") << u"half"_s << qint64(0) << qint64(0) << QString();
}

void TestParameterSet::fraction()
{
    QFETCH(QString, text);
    QFETCH(qint64, numerator);
    QFETCH(qint64, denominator);
    QFETCH(QString, printed);

    const Result<Fraction> f = Fraction::parse(text);
    if (denominator == 0) {
        QVERIFY(!f.ok());
        QCOMPARE(f.error().code(), u"calc.invalid_coefficient"_s);
        return;
    }
    QVERIFY(f.ok());
    QCOMPARE(f.value(), (Fraction{numerator, denominator}));
    QCOMPARE(f.value().toString(), printed);
}

void TestParameterSet::voltageClasses_data()
{
    QTest::addColumn<int>("volts");
    QTest::addColumn<int>("expected");
    QTest::newRow("0.4 kV") << 400 << 2;
    QTest::newRow("10 kV") << 10000 << 2;
    QTest::newRow("27.499 kV") << 27499 << 2;
    QTest::newRow("27.5 kV") << 27500 << 1;
    QTest::newRow("110 kV") << 110000 << 1;
}

void TestParameterSet::voltageClasses()
{
    QFETCH(int, volts);
    QFETCH(int, expected);
    QCOMPARE(voltageClass(volts), expected);
}

QTEST_GUILESS_MAIN(TestParameterSet)
#include "tst_parameterset.moc"

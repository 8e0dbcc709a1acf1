// Readings math and rules: every row is a case a reader can check with a pencil.

#include "domain/readings.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::domain;

namespace {

Meter meter(int digits, int decimals = 0, int ratio = 1)
{
    Meter m;
    m.number = u"M-1"_s;
    m.digits = digits;
    m.decimals = decimals;
    m.ratio = ratio;
    return m;
}

Energy kWh(const QString &text)
{
    return Energy::parse(text).value();
}

// "100, 90.5" -> two energies; empty text -> no history.
QList<Energy> energies(const QString &commaSeparated)
{
    QList<Energy> list;
    for (const QString &part : commaSeparated.split(u", "_s, Qt::SkipEmptyParts))
        list.append(kWh(part));
    return list;
}

Contract contract(int billingDay, int windowWorkingDays)
{
    Contract c;
    c.billingDay = billingDay;
    c.windowWorkingDays = windowWorkingDays;
    return c;
}

} // namespace

class TestReadings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parseValue_data();
    void parseValue();
    void consumption_data();
    void consumption();
    void meterUsable_data();
    void meterUsable();
    void expiresSoon_data();
    void expiresSoon();
    void window_data();
    void window();
    void windowWithHolidays_data();
    void windowWithHolidays();
    void entryPeriod_data();
    void entryPeriod();
    void holidays();
    void readingDate_data();
    void readingDate();
    void readingDateOnHoliday();
    void range_data();
    void range();
    void subConsumer_data();
    void subConsumer();
    void meterMatches_data();
    void meterMatches();
};

void TestReadings::parseValue_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("digits");
    QTest::addColumn<int>("decimals");
    QTest::addColumn<QString>("expected"); // the value as Energy::toString(), or an error code
    QTest::addColumn<QStringList>("args");

    const QStringList none;
    QTest::newRow("6 digits: 123456") << u"123456"_s << 6 << 0 << u"123456.000"_s << none;
    QTest::newRow("largest on 6 digits") << u"999999"_s << 6 << 0 << u"999999.000"_s << none;
    QTest::newRow("leading zeros as the display shows") << u"001234"_s << 6 << 0 << u"1234.000"_s << none;
    QTest::newRow("many leading zeros") << u"0000000000123"_s << 6 << 0 << u"123.000"_s << none;
    QTest::newRow("surrounding spaces") << u"  42  "_s << 6 << 0 << u"42.000"_s << none;
    QTest::newRow("grouped thousands") << u"12 345"_s << 6 << 0 << u"12345.000"_s << none;
    QTest::newRow("decimal point") << u"12345.6"_s << 5 << 1 << u"12345.600"_s << none;
    QTest::newRow("decimal comma") << u"12345,6"_s << 5 << 1 << u"12345.600"_s << none;
    QTest::newRow("trailing zero on a meter without decimals")
        << u"1234.0"_s << 6 << 0 << u"1234.000"_s << none;
    QTest::newRow("three decimals") << u"1.234"_s << 6 << 3 << u"1.234"_s << none;
    QTest::newRow("12 digits, 3 decimals")
        << u"999999999999.999"_s << 12 << 3 << u"999999999999.999"_s << none;
    QTest::newRow("zero") << u"0"_s << 6 << 0 << u"0.000"_s << none;
    QTest::newRow("minus zero is zero") << u"-0"_s << 6 << 0 << u"0.000"_s << none;

    QTest::newRow("7 digits on a 6-digit meter")
        << u"1234567"_s << 6 << 0 << u"reading.too_many_digits"_s << QStringList{u"6"_s};
    QTest::newRow("6 digits on a 5-digit meter with decimals")
        << u"123456.7"_s << 5 << 1 << u"reading.too_many_digits"_s << QStringList{u"5"_s};
    QTest::newRow("a decimal on a meter without")
        << u"1234.5"_s << 6 << 0 << u"reading.too_many_decimals"_s << QStringList{u"0"_s};
    QTest::newRow("4 decimals on a 3-decimal meter")
        << u"1.2345"_s << 6 << 3 << u"reading.too_many_decimals"_s << QStringList{u"3"_s};
    QTest::newRow("negative") << u"-5"_s << 6 << 0 << u"reading.negative"_s << none;
    QTest::newRow("negative beats too many digits")
        << u"-1234567"_s << 6 << 0 << u"reading.negative"_s << none;
    QTest::newRow("letters") << u"abc"_s << 6 << 0 << u"reading.not_a_number"_s << none;
    QTest::newRow("empty") << QString() << 6 << 0 << u"reading.not_a_number"_s << none;
    QTest::newRow("two separators") << u"12,345.6"_s << 6 << 1 << u"reading.not_a_number"_s << none;
    QTest::newRow("unit typed along") << u"123 kWh"_s << 6 << 0 << u"reading.not_a_number"_s << none;
}

void TestReadings::parseValue()
{
    QFETCH(QString, text);
    QFETCH(int, digits);
    QFETCH(int, decimals);
    QFETCH(QString, expected);
    QFETCH(QStringList, args);

    const Result<Energy> r = parseReadingValue(text, meter(digits, decimals));
    if (expected.startsWith(u"reading."_s)) {
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), expected);
        QCOMPARE(r.error().field(), u"value"_s);
        QCOMPARE(r.error().args(), args);
    } else {
        QVERIFY2(r.ok(), qPrintable(r.error().code()));
        QCOMPARE(r.value().toString(), expected);
    }
}

void TestReadings::consumption_data()
{
    QTest::addColumn<int>("digits");
    QTest::addColumn<int>("ratio");
    QTest::addColumn<QString>("previous");
    QTest::addColumn<QString>("current");
    QTest::addColumn<QString>("expected"); // energy, or an error code

    QTest::newRow("250 kWh") << 6 << 1 << u"1000"_s << u"1250"_s << u"250.000"_s;
    QTest::newRow("250 x ratio 40") << 6 << 40 << u"1000"_s << u"1250"_s << u"10000.000"_s;
    QTest::newRow("no change") << 6 << 40 << u"1000"_s << u"1000"_s << u"0.000"_s;
    QTest::newRow("with decimals: 12400.1 - 12345.6")
        << 5 << 1 << u"12345.6"_s << u"12400.1"_s << u"54.500"_s;
    QTest::newRow("roll-over: 6 digits, 999950 -> 30 is 80 kWh, x 40")
        << 6 << 40 << u"999950"_s << u"30"_s << u"3200.000"_s;
    QTest::newRow("roll-over: 4 digits, 9990 -> 5 is 15 kWh") << 4 << 1 << u"9990"_s << u"5"_s << u"15.000"_s;
    QTest::newRow("roll-over with decimals: 99999.9 -> 0.3 is 0.4")
        << 5 << 1 << u"99999.9"_s << u"0.3"_s << u"0.400"_s;
    QTest::newRow("roll-over just under half the range: 500001 -> 0 is 499999")
        << 6 << 1 << u"500001"_s << u"0"_s << u"499999.000"_s;
    QTest::newRow("half the range is not a roll-over: 500000 -> 0")
        << 6 << 1 << u"500000"_s << u"0"_s << u"reading.less_than_previous"_s;
    QTest::newRow("typo, not a roll-over: 1250 -> 1000")
        << 6 << 1 << u"1250"_s << u"1000"_s << u"reading.less_than_previous"_s;
    QTest::newRow("previous beyond the display (another meter)")
        << 4 << 1 << u"12000"_s << u"5"_s << u"reading.less_than_previous"_s;
    QTest::newRow("10^12 kWh x ratio 10^7 does not fit")
        << 12 << 10000000 << u"0"_s << u"999999999999"_s << u"energy.overflow"_s;
}

void TestReadings::consumption()
{
    QFETCH(int, digits);
    QFETCH(int, ratio);
    QFETCH(QString, previous);
    QFETCH(QString, current);
    QFETCH(QString, expected);

    const Result<Energy> r = domain::consumption(meter(digits, 1, ratio), kWh(previous), kWh(current));
    if (expected.front().isLetter()) {
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), expected);
        if (expected == u"reading.less_than_previous"_s)
            QCOMPARE(r.error().args(), QStringList{kWh(previous).toString()});
    } else {
        QVERIFY2(r.ok(), qPrintable(r.error().code()));
        QCOMPARE(r.value().toString(), expected);
    }
}

void TestReadings::meterUsable_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<QDate>("due");
    QTest::addColumn<QDate>("on");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QStringList>("args");

    const QDate on(2026, 11, 2);
    const QStringList none;
    QTest::newRow("working, verified until 2030")
        << u"working"_s << QDate(2030, 1, 1) << on << QString() << none;
    QTest::newRow("working, due today") << u"working"_s << on << on << QString() << none;
    QTest::newRow("working, no due date known") << u"working"_s << QDate() << on << QString() << none;
    QTest::newRow("removed meters are not judged here")
        << u"removed"_s << QDate(2030, 1, 1) << on << QString() << none;
    QTest::newRow("faulty") << u"faulty"_s << QDate(2030, 1, 1) << on << u"reading.meter_faulty"_s << none;
    QTest::newRow("faulty and overdue: faulty first")
        << u"faulty"_s << QDate(2020, 1, 1) << on << u"reading.meter_faulty"_s << none;
    QTest::newRow("working, due yesterday")
        << u"working"_s << QDate(2026, 11, 1) << on << u"reading.verification_expired"_s
        << QStringList{u"2026-11-01"_s};
    QTest::newRow("status says expired, date in the future")
        << u"verification_expired"_s << QDate(2030, 1, 1) << on << u"reading.verification_expired"_s
        << QStringList{u"2030-01-01"_s};
    QTest::newRow("status says expired, no date")
        << u"verification_expired"_s << QDate() << on << u"reading.verification_expired"_s << none;
}

void TestReadings::meterUsable()
{
    QFETCH(QString, status);
    QFETCH(QDate, due);
    QFETCH(QDate, on);
    QFETCH(QString, error);
    QFETCH(QStringList, args);

    Meter m = meter(6);
    m.status = meterStatusFromString(status).value();
    m.verificationDue = due;
    const Error e = checkMeterUsable(m, on);
    QCOMPARE(e.code(), error);
    QCOMPARE(e.args(), args);
    if (!error.isEmpty())
        QCOMPARE(e.field(), u"meter"_s);
}

void TestReadings::expiresSoon_data()
{
    QTest::addColumn<QDate>("due");
    QTest::addColumn<bool>("soon");

    // on = 2026-11-02 in every row.
    QTest::newRow("due today") << QDate(2026, 11, 2) << true;
    QTest::newRow("due in 30 days (Dec 2)") << QDate(2026, 12, 2) << true;
    QTest::newRow("due in 31 days (Dec 3)") << QDate(2026, 12, 3) << false;
    QTest::newRow("overdue since yesterday") << QDate(2026, 11, 1) << false;
    QTest::newRow("no due date") << QDate() << false;
}

void TestReadings::expiresSoon()
{
    QFETCH(QDate, due);
    QFETCH(bool, soon);
    Meter m = meter(6);
    m.verificationDue = due;
    QCOMPARE(verificationExpiresSoon(m, QDate(2026, 11, 2)), soon);
}

void TestReadings::window_data()
{
    QTest::addColumn<QString>("period");
    QTest::addColumn<int>("billingDay");
    QTest::addColumn<int>("workingDays");
    QTest::addColumn<QDate>("first");
    QTest::addColumn<QDate>("last");

    QTest::newRow("Oct 2026: Sun Nov 1 -> Mon Nov 2 .. Wed Nov 4")
        << u"2026-10"_s << 1 << 3 << QDate(2026, 11, 2) << QDate(2026, 11, 4);
    QTest::newRow("Nov 2026: Tue Dec 1 .. Thu Dec 3")
        << u"2026-11"_s << 1 << 3 << QDate(2026, 12, 1) << QDate(2026, 12, 3);
    QTest::newRow("Nov 2026, day 3: Thu Dec 3, Fri 4, Mon 7")
        << u"2026-11"_s << 3 << 3 << QDate(2026, 12, 3) << QDate(2026, 12, 7);
    QTest::newRow("Dec 2026 opens in 2027: Fri Jan 1, Mon Jan 4")
        << u"2026-12"_s << 1 << 2 << QDate(2027, 1, 1) << QDate(2027, 1, 4);
    QTest::newRow("one day, Sat Nov 7 -> Mon Nov 9")
        << u"2026-10"_s << 7 << 1 << QDate(2026, 11, 9) << QDate(2026, 11, 9);
    QTest::newRow("crosses the month: Sat Nov 28 -> Mon Nov 30 .. Fri Dec 4")
        << u"2026-10"_s << 28 << 5 << QDate(2026, 11, 30) << QDate(2026, 12, 4);
    QTest::newRow("10 days from Thu Mar 5 2026 to Wed Mar 18")
        << u"2026-02"_s << 5 << 10 << QDate(2026, 3, 5) << QDate(2026, 3, 18);
}

void TestReadings::window()
{
    QFETCH(QString, period);
    QFETCH(int, billingDay);
    QFETCH(int, workingDays);
    QFETCH(QDate, first);
    QFETCH(QDate, last);

    const ReadingsWindow w = readingsWindow(contract(billingDay, workingDays), Period::parse(period).value());
    QCOMPARE(w.first, first);
    QCOMPARE(w.last, last);
}

void TestReadings::windowWithHolidays_data()
{
    QTest::addColumn<QString>("period");
    QTest::addColumn<int>("billingDay");
    QTest::addColumn<int>("workingDays");
    QTest::addColumn<QList<QDate>>("holidays");
    QTest::addColumn<QDate>("first");
    QTest::addColumn<QDate>("last");

    QTest::newRow("no holidays: Nov 2026, Tue Dec 1 .. Thu Dec 3")
        << u"2026-11"_s << 1 << 3 << QList<QDate>{} << QDate(2026, 12, 1) << QDate(2026, 12, 3);
    QTest::newRow("holiday Wed Dec 2 inside: Tue Dec 1, Thu 3, Fri 4")
        << u"2026-11"_s << 1 << 3 << QList<QDate>{QDate(2026, 12, 2)} << QDate(2026, 12, 1)
        << QDate(2026, 12, 4);
    QTest::newRow("holiday after the window does not count: Tue Dec 1 .. Thu Dec 3")
        << u"2026-11"_s << 1 << 3 << QList<QDate>{QDate(2026, 12, 4)} << QDate(2026, 12, 1)
        << QDate(2026, 12, 3);
    QTest::newRow("billing day Fri Jan 1 2027 a holiday: Mon Jan 4 .. Tue Jan 5")
        << u"2026-12"_s << 1 << 2 << QList<QDate>{QDate(2027, 1, 1)} << QDate(2027, 1, 4)
        << QDate(2027, 1, 5);
    QTest::newRow("holiday on Mon after a Sat billing day: Sat Nov 7 -> Tue Nov 10")
        << u"2026-10"_s << 7 << 1 << QList<QDate>{QDate(2026, 11, 9)} << QDate(2026, 11, 10)
        << QDate(2026, 11, 10);
    QTest::newRow("a holiday on a Sunday changes nothing: Mon Nov 2 .. Wed Nov 4")
        << u"2026-10"_s << 1 << 3 << QList<QDate>{QDate(2026, 11, 1)} << QDate(2026, 11, 2)
        << QDate(2026, 11, 4);
    QTest::newRow("billing day 31 in February 2027: Sun Feb 28 -> Mon Mar 1 .. Wed Mar 3")
        << u"2027-01"_s << 31 << 3 << QList<QDate>{} << QDate(2027, 3, 1) << QDate(2027, 3, 3);
    QTest::newRow("billing day 31 in leap February 2024: Thu Feb 29, Fri Mar 1, Mon Mar 4")
        << u"2024-01"_s << 31 << 3 << QList<QDate>{} << QDate(2024, 2, 29) << QDate(2024, 3, 4);
    QTest::newRow("spans into the next month with a holiday: Mon Nov 30, Tue Dec 1, Thu 3")
        << u"2026-10"_s << 28 << 3 << QList<QDate>{QDate(2026, 12, 2)} << QDate(2026, 11, 30)
        << QDate(2026, 12, 3);
    QTest::newRow("25 working days from Mon Nov 2 2026 to Fri Dec 4")
        << u"2026-10"_s << 1 << 25 << QList<QDate>{} << QDate(2026, 11, 2) << QDate(2026, 12, 4);
}

void TestReadings::windowWithHolidays()
{
    QFETCH(QString, period);
    QFETCH(int, billingDay);
    QFETCH(int, workingDays);
    QFETCH(QList<QDate>, holidays);
    QFETCH(QDate, first);
    QFETCH(QDate, last);

    const ReadingsWindow w =
        readingsWindow(contract(billingDay, workingDays), Period::parse(period).value(), Holidays(holidays));
    QCOMPARE(w.first, first);
    QCOMPARE(w.last, last);
}

void TestReadings::entryPeriod_data()
{
    QTest::addColumn<QDate>("today");
    QTest::addColumn<int>("billingDay");
    QTest::addColumn<int>("workingDays");
    QTest::addColumn<QList<QDate>>("holidays");
    QTest::addColumn<QString>("period");
    QTest::addColumn<bool>("open"); // today inside the period's window

    // Period 2026-10 with billing day 1: Sun Nov 1 -> Mon Nov 2 .. Wed Nov 4 (3 working days).
    QTest::newRow("Sat Oct 31: October's window not started, September's is over")
        << QDate(2026, 10, 31) << 1 << 3 << QList<QDate>{} << u"2026-09"_s << false;
    QTest::newRow("Sun Nov 1, billing day on a Sunday: still September")
        << QDate(2026, 11, 1) << 1 << 3 << QList<QDate>{} << u"2026-09"_s << false;
    QTest::newRow("Mon Nov 2: October opens")
        << QDate(2026, 11, 2) << 1 << 3 << QList<QDate>{} << u"2026-10"_s << true;
    QTest::newRow("Wed Nov 4: last day of October's window")
        << QDate(2026, 11, 4) << 1 << 3 << QList<QDate>{} << u"2026-10"_s << true;
    QTest::newRow("Wed Nov 25: October's window is over, November's not started")
        << QDate(2026, 11, 25) << 1 << 3 << QList<QDate>{} << u"2026-10"_s << false;
    QTest::newRow("Wed Nov 25, 25 working days: October still open")
        << QDate(2026, 11, 25) << 1 << 25 << QList<QDate>{} << u"2026-10"_s << true;
    QTest::newRow("Tue Dec 1, 25 working days: November opens, October is closed")
        << QDate(2026, 12, 1) << 1 << 25 << QList<QDate>{} << u"2026-11"_s << true;
    QTest::newRow("Thu Dec 3, billing day 28: window Mon Nov 30 .. Fri Dec 4 spans the month end")
        << QDate(2026, 12, 3) << 28 << 5 << QList<QDate>{} << u"2026-10"_s << true;
    QTest::newRow("Sun Dec 27, billing day 28: still October, its window is over")
        << QDate(2026, 12, 27) << 28 << 5 << QList<QDate>{} << u"2026-10"_s << false;
    QTest::newRow("Mon Dec 28, billing day 28: November opens")
        << QDate(2026, 12, 28) << 28 << 5 << QList<QDate>{} << u"2026-11"_s << true;
    QTest::newRow("Fri Jan 1 2027: December opens on New Year's day")
        << QDate(2027, 1, 1) << 1 << 3 << QList<QDate>{} << u"2026-12"_s << true;
    QTest::newRow("Fri Jan 1 2027 a holiday: December opens Mon Jan 4, so November")
        << QDate(2027, 1, 1) << 1 << 3 << QList<QDate>{QDate(2027, 1, 1)} << u"2026-11"_s << false;
    QTest::newRow("Mon Jan 4 2027 after the holiday: December")
        << QDate(2027, 1, 4) << 1 << 3 << QList<QDate>{QDate(2027, 1, 1)} << u"2026-12"_s << true;
    QTest::newRow("Tue Dec 1 and Wed Dec 2 holidays: on Dec 2 still October")
        << QDate(2026, 12, 2) << 1 << 3 << QList<QDate>{QDate(2026, 12, 1), QDate(2026, 12, 2)}
        << u"2026-10"_s << false;
    QTest::newRow("billing day 31, Sat Feb 27 2027: January opens Mon Mar 1, so December")
        << QDate(2027, 2, 27) << 31 << 3 << QList<QDate>{} << u"2026-12"_s << false;
    QTest::newRow("billing day 31, Sun Feb 28 2027 (last day, a Sunday): still December")
        << QDate(2027, 2, 28) << 31 << 3 << QList<QDate>{} << u"2026-12"_s << false;
    QTest::newRow("billing day 31, Mon Mar 1 2027: January")
        << QDate(2027, 3, 1) << 31 << 3 << QList<QDate>{} << u"2027-01"_s << true;
    QTest::newRow("billing day 31, Thu Feb 29 2024 (leap): January")
        << QDate(2024, 2, 29) << 31 << 3 << QList<QDate>{} << u"2024-01"_s << true;
    QTest::newRow("billing day 31, Wed Feb 28 2024: still December 2023")
        << QDate(2024, 2, 28) << 31 << 3 << QList<QDate>{} << u"2023-12"_s << false;
    QTest::newRow("billing day 30, Mon Mar 30 2026: February opens")
        << QDate(2026, 3, 30) << 30 << 3 << QList<QDate>{} << u"2026-02"_s << true;
}

void TestReadings::entryPeriod()
{
    QFETCH(QDate, today);
    QFETCH(int, billingDay);
    QFETCH(int, workingDays);
    QFETCH(QList<QDate>, holidays);
    QFETCH(QString, period);
    QFETCH(bool, open);

    const Contract c = contract(billingDay, workingDays);
    const Holidays h(holidays);
    const Period p = domain::entryPeriod(c, today, h);
    QCOMPARE(p.toString(), period);
    QCOMPARE(readingsWindow(c, p, h).contains(today), open);
    // The definition itself: its window has started, the next period's has not.
    QVERIFY(readingsWindow(c, p, h).first <= today);
    QVERIFY(today < readingsWindow(c, p.next(), h).first);
}

void TestReadings::holidays()
{
    const Holidays h({QDate(2026, 12, 25), QDate(), QDate(2026, 1, 1), QDate(2026, 12, 25)});
    QCOMPARE(h.days(), (QList<QDate>{QDate(2026, 1, 1), QDate(2026, 12, 25)}));
    QVERIFY(h.contains(QDate(2026, 12, 25)));
    QVERIFY(!h.contains(QDate(2026, 12, 24)));
    QCOMPARE(h.between(QDate(2026, 12, 1), QDate(2026, 12, 31)), QList<QDate>{QDate(2026, 12, 25)});
    QCOMPARE(h.between(QDate(2026, 1, 2), QDate(2026, 12, 24)), QList<QDate>{});
    QVERIFY(isWorkingDay(QDate(2026, 12, 24), h));  // Thursday
    QVERIFY(!isWorkingDay(QDate(2026, 12, 25), h)); // Friday, a holiday
    QVERIFY(!isWorkingDay(QDate(2026, 12, 26), h)); // Saturday
    QVERIFY(isWorkingDay(QDate(2026, 12, 25)));     // no calendar: just a Friday
}

void TestReadings::readingDate_data()
{
    QTest::addColumn<QDate>("date");
    QTest::addColumn<bool>("accepted");

    // Period 2026-10, billing day 1, 3 working days: Mon Nov 2 .. Wed Nov 4.
    QTest::newRow("Sat Oct 31") << QDate(2026, 10, 31) << false;
    QTest::newRow("Sun Nov 1, the billing day itself, is a Sunday") << QDate(2026, 11, 1) << false;
    QTest::newRow("Mon Nov 2, first day") << QDate(2026, 11, 2) << true;
    QTest::newRow("Wed Nov 4, last day") << QDate(2026, 11, 4) << true;
    QTest::newRow("Thu Nov 5") << QDate(2026, 11, 5) << false;
    QTest::newRow("no date") << QDate() << false;
}

void TestReadings::readingDate()
{
    QFETCH(QDate, date);
    QFETCH(bool, accepted);

    const Error e = checkReadingDate(contract(1, 3), Period(2026, 10), date);
    QCOMPARE(e.isNull(), accepted);
    if (!accepted) {
        QCOMPARE(e.code(), u"reading.outside_window"_s);
        QCOMPARE(e.field(), u"taken_on"_s);
        QCOMPARE(e.args(), (QStringList{u"2026-11-02"_s, u"2026-11-04"_s}));
    }
}

void TestReadings::readingDateOnHoliday()
{
    // Period 2026-11, billing day 1, 3 working days, Wed Dec 2 a holiday: Tue Dec 1, Thu 3, Fri 4.
    const Holidays h({QDate(2026, 12, 2)});
    QVERIFY(checkReadingDate(contract(1, 3), Period(2026, 11), QDate(2026, 12, 4), h).isNull());
    const Error e = checkReadingDate(contract(1, 3), Period(2026, 11), QDate(2026, 12, 7), h);
    QCOMPARE(e.code(), u"reading.outside_window"_s);
    QCOMPARE(e.args(), (QStringList{u"2026-12-01"_s, u"2026-12-04"_s}));
    // A taken_on on the holiday itself lies inside the window's span and is accepted: the window is
    // a range of days, the holidays only make it longer.
    QVERIFY(checkReadingDate(contract(1, 3), Period(2026, 11), QDate(2026, 12, 2), h).isNull());
}

void TestReadings::range_data()
{
    QTest::addColumn<QString>("consumption");
    QTest::addColumn<QString>("history");  // newest first
    QTest::addColumn<QStringList>("args"); // empty: within range

    const QStringList ok;
    QTest::newRow("no history: anything goes") << u"100000"_s << QString() << ok;
    QTest::newRow("average 100, 100") << u"100"_s << u"100, 100, 100"_s << ok;
    QTest::newRow("average 100, exactly half") << u"50"_s << u"90, 110"_s << ok;
    QTest::newRow("average 100, just under half")
        << u"49.999"_s << u"90, 110"_s << QStringList{u"49.999"_s, u"100.000"_s};
    QTest::newRow("average 100, exactly four times") << u"400"_s << u"90, 110"_s << ok;
    QTest::newRow("average 100, just over four times")
        << u"400.001"_s << u"90, 110"_s << QStringList{u"400.001"_s, u"100.000"_s};
    QTest::newRow("average 150 of 100 and 200, 1000 is too much")
        << u"1000"_s << u"100, 200"_s << QStringList{u"1000.000"_s, u"150.000"_s};
    QTest::newRow("only 12 periods count: the 13th (1000000) is ignored")
        << u"100"_s << u"100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 1000000"_s << ok;
    QTest::newRow("average 0.0015 is shown rounded as 0.002")
        << u"1"_s << u"0.001, 0.002"_s << QStringList{u"1.000"_s, u"0.002"_s};
    QTest::newRow("nothing used before, nothing now") << u"0"_s << u"0, 0"_s << ok;
    QTest::newRow("nothing used before, something now")
        << u"1"_s << u"0, 0"_s << QStringList{u"1.000"_s, u"0.000"_s};
}

void TestReadings::range()
{
    QFETCH(QString, consumption);
    QFETCH(QString, history);
    QFETCH(QStringList, args);

    const Error e = checkRange(kWh(consumption), energies(history));
    if (args.isEmpty()) {
        QVERIFY2(e.isNull(), qPrintable(e.code() + u' ' + e.args().join(u' ')));
    } else {
        QCOMPARE(e.code(), u"reading.out_of_range"_s);
        QCOMPARE(e.field(), u"consumption"_s);
        QCOMPARE(e.args(), args);
    }
    // The bill run reads only the sum and count of the history (one row per register): the same answer.
    const RangeHistory summed = RangeHistory::of(energies(history));
    QVERIFY(summed.periods <= 12);
    const Error fromSums = checkRange(kWh(consumption), summed);
    QCOMPARE(fromSums.code(), e.code());
    QCOMPARE(fromSums.args(), e.args());
}

void TestReadings::subConsumer_data()
{
    QTest::addColumn<QString>("parent");
    QTest::addColumn<QString>("subTotal");
    QTest::addColumn<bool>("exceeds");

    QTest::newRow("subs 99.999 of 100") << u"100"_s << u"99.999"_s << false;
    QTest::newRow("subs use all 100") << u"100"_s << u"100"_s << false;
    QTest::newRow("subs 100.001 of 100") << u"100"_s << u"100.001"_s << true;
    QTest::newRow("no subs") << u"100"_s << u"0"_s << false;
}

void TestReadings::subConsumer()
{
    QFETCH(QString, parent);
    QFETCH(QString, subTotal);
    QFETCH(bool, exceeds);

    const Error e = checkSubConsumer(kWh(parent), kWh(subTotal));
    QCOMPARE(!e.isNull(), exceeds);
    if (exceeds) {
        QCOMPARE(e.code(), u"reading.sub_exceeds_parent"_s);
        QCOMPARE(e.args(), (QStringList{kWh(subTotal).toString(), kWh(parent).toString()}));
    }
}

void TestReadings::meterMatches_data()
{
    QTest::addColumn<QString>("number");
    QTest::addColumn<int>("digits");
    QTest::addColumn<int>("decimals");
    QTest::addColumn<int>("ratio");
    QTest::addColumn<QString>("changed"); // field(); empty: the same meter

    // The local copy is always M-1, 6 digits, 0 decimals, ratio 1.
    QTest::newRow("same meter") << u"M-1"_s << 6 << 0 << 1 << QString();
    QTest::newRow("replaced: new number") << u"M-2"_s << 6 << 0 << 1 << u"number"_s;
    QTest::newRow("digits") << u"M-1"_s << 7 << 0 << 1 << u"digits"_s;
    QTest::newRow("decimals") << u"M-1"_s << 6 << 1 << 1 << u"decimals"_s;
    QTest::newRow("ratio") << u"M-1"_s << 6 << 0 << 40 << u"ratio"_s;
    QTest::newRow("number and ratio") << u"M-2"_s << 6 << 0 << 40 << u"number,ratio"_s;
}

void TestReadings::meterMatches()
{
    QFETCH(QString, number);
    QFETCH(int, digits);
    QFETCH(int, decimals);
    QFETCH(int, ratio);
    QFETCH(QString, changed);

    Meter server = meter(digits, decimals, ratio);
    server.number = number;
    const Error e = checkMeterMatches(meter(6, 0, 1), server);
    if (changed.isEmpty()) {
        QVERIFY(e.isNull());
    } else {
        QCOMPARE(e.code(), u"reading.meter_changed"_s);
        QCOMPARE(e.field(), changed);
        QVERIFY(!e.detail().isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestReadings)
#include "tst_readings.moc"

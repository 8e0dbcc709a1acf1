// Period: the month YYYYMM, its text form "2026-10", neighbours and first/last days.

#include "core/period.h"

#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using oblik::Period;

class TestPeriod : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void navigation_data();
    void navigation();
    void days_data();
    void days();
    void invalid();
    void yyyymm();
    void orderingAndHash();
};

void TestPeriod::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("yyyymm"); // 0: period.invalid

    QTest::newRow("October 2026") << u"2026-10"_s << 202610;
    QTest::newRow("January") << u"2026-01"_s << 202601;
    QTest::newRow("last representable") << u"9999-12"_s << 999912;
    QTest::newRow("month 13") << u"2026-13"_s << 0;
    QTest::newRow("month 00") << u"2026-00"_s << 0;
    QTest::newRow("year 0000") << u"0000-05"_s << 0;
    QTest::newRow("one-digit month") << u"2026-1"_s << 0;
    QTest::newRow("two-digit year") << u"26-10"_s << 0;
    QTest::newRow("slash") << u"2026/10"_s << 0;
    QTest::newRow("leading space") << u" 2026-10"_s << 0;
    QTest::newRow("with a day") << u"2026-10-01"_s << 0;
    QTest::newRow("signed month") << u"2026-+1"_s << 0;
    QTest::newRow("letters") << u"abcd-ef"_s << 0;
    QTest::newRow("empty") << QString() << 0;
}

void TestPeriod::parse()
{
    QFETCH(QString, text);
    QFETCH(int, yyyymm);

    const oblik::Result<Period> r = Period::parse(text);
    if (yyyymm != 0) {
        QVERIFY(r.ok());
        QCOMPARE(r.value().yyyymm(), yyyymm);
        QCOMPARE(r.value().toString(), text);
    } else {
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), u"period.invalid"_s);
        QCOMPARE(r.error().args(), QStringList{text});
    }
}

void TestPeriod::navigation_data()
{
    QTest::addColumn<int>("period");
    QTest::addColumn<int>("next");
    QTest::addColumn<int>("previous");

    QTest::newRow("mid-year") << 202606 << 202607 << 202605;
    QTest::newRow("December rolls into January") << 202612 << 202701 << 202611;
    QTest::newRow("January rolls back to December") << 202601 << 202602 << 202512;
}

void TestPeriod::navigation()
{
    QFETCH(int, period);
    QFETCH(int, next);
    QFETCH(int, previous);
    const Period p = Period::fromYyyymm(period);
    QCOMPARE(p.next().yyyymm(), next);
    QCOMPARE(p.previous().yyyymm(), previous);
    QCOMPARE(p.next().previous(), p);
}

void TestPeriod::days_data()
{
    QTest::addColumn<int>("period");
    QTest::addColumn<QDate>("first");
    QTest::addColumn<QDate>("last");

    QTest::newRow("leap February") << 202402 << QDate(2024, 2, 1) << QDate(2024, 2, 29);
    QTest::newRow("common February") << 202502 << QDate(2025, 2, 1) << QDate(2025, 2, 28);
    QTest::newRow("century February 2100 is not leap") << 210002 << QDate(2100, 2, 1) << QDate(2100, 2, 28);
    QTest::newRow("April has 30") << 202604 << QDate(2026, 4, 1) << QDate(2026, 4, 30);
    QTest::newRow("December has 31") << 202612 << QDate(2026, 12, 1) << QDate(2026, 12, 31);
}

void TestPeriod::days()
{
    QFETCH(int, period);
    QFETCH(QDate, first);
    QFETCH(QDate, last);
    const Period p = Period::fromYyyymm(period);
    QCOMPARE(p.firstDay(), first);
    QCOMPARE(p.lastDay(), last);
    QVERIFY(p.contains(first));
    QVERIFY(p.contains(last));
    QVERIFY(!p.contains(last.addDays(1)));
    QVERIFY(!p.contains(first.addDays(-1)));
    QCOMPARE(Period::fromDate(last), p);
}

void TestPeriod::invalid()
{
    const Period p;
    QVERIFY(!p.isValid());
    QVERIFY(!Period(2026, 13).isValid());
    QVERIFY(!Period::fromYyyymm(2026).isValid());
    QVERIFY(p.toString().isEmpty());
    QVERIFY(!p.next().isValid());
    QVERIFY(!p.previous().isValid());
    QVERIFY(!p.firstDay().isValid());
    QVERIFY(!p.lastDay().isValid());
    QVERIFY(!Period::fromDate(QDate()).isValid());
}

void TestPeriod::yyyymm()
{
    const Period p(2026, 10);
    QCOMPARE(p.year(), 2026);
    QCOMPARE(p.month(), 10);
    QCOMPARE(p.yyyymm(), 202610);
    QCOMPARE(Period::fromYyyymm(202610), p);
}

void TestPeriod::orderingAndHash()
{
    QVERIFY(Period(2025, 12) < Period(2026, 1));
    QVERIFY(Period(2026, 2) > Period(2026, 1));
    const QSet<Period> set{Period(2026, 1), Period(2026, 1), Period(2026, 2)};
    QCOMPARE(set.size(), 2);
}

QTEST_GUILESS_MAIN(TestPeriod)
#include "tst_period.moc"

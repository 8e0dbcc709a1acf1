// Payment allocation: the oldest unpaid invoice of the article first, the rest as credit.

#include "billingfixtures.h"

#include "billing/allocation.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace billingtest;

class TestAllocation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void allocate_data();
    void allocate();
};

void TestAllocation::allocate_data()
{
    // Invoices as "id article date amount paid"; the expected allocations as "id:amount".
    QTest::addColumn<QStringList>("invoices");
    QTest::addColumn<QString>("payment");
    QTest::addColumn<QStringList>("allocations");
    QTest::addColumn<QString>("credit");

    const QString a = u"active_energy"_s;
    QTest::newRow("pays one invoice exactly") << QStringList{u"1 " + a + u" 2026-11-05 1238.88 0.00"_s}
                                              << u"1238.88"_s << QStringList{u"1:1238.88"_s} << u"0.00"_s;
    QTest::newRow("partial payment") << QStringList{u"1 " + a + u" 2026-11-05 1000.00 0.00"_s} << u"300.00"_s
                                     << QStringList{u"1:300.00"_s} << u"0.00"_s;
    QTest::newRow("overpaid: the rest is credit")
        << QStringList{u"1 " + a + u" 2026-11-05 1000.00 0.00"_s} << u"1500.00"_s
        << QStringList{u"1:1000.00"_s} << u"500.00"_s;
    QTest::newRow("oldest first across three invoices, listed out of order")
        << QStringList{u"3 " + a + u" 2026-10-05 500.00 0.00"_s, u"1 " + a + u" 2026-08-05 400.00 0.00"_s,
                       u"2 " + a + u" 2026-09-05 300.00 0.00"_s}
        << u"800.00"_s << QStringList{u"1:400.00"_s, u"2:300.00"_s, u"3:100.00"_s} << u"0.00"_s;
    QTest::newRow("a partly paid invoice takes only its remaining 400")
        << QStringList{u"1 " + a + u" 2026-08-05 1000.00 600.00"_s, u"2 " + a + u" 2026-09-05 300.00 0.00"_s}
        << u"500.00"_s << QStringList{u"1:400.00"_s, u"2:100.00"_s} << u"0.00"_s;
    QTest::newRow("paid invoices are skipped")
        << QStringList{u"1 " + a + u" 2026-08-05 1000.00 1000.00"_s, u"2 " + a + u" 2026-09-05 300.00 0.00"_s}
        << u"300.00"_s << QStringList{u"2:300.00"_s} << u"0.00"_s;
    QTest::newRow("other articles are not paid")
        << QStringList{u"1 reactive_energy 2026-08-05 44.17 0.00"_s, u"2 " + a + u" 2026-09-05 300.00 0.00"_s}
        << u"400.00"_s << QStringList{u"2:300.00"_s} << u"100.00"_s;
    QTest::newRow("no open invoice: all credit")
        << QStringList{} << u"735.22"_s << QStringList{} << u"735.22"_s;
    QTest::newRow("a credit note takes nothing") << QStringList{u"1 " + a + u" 2026-08-05 -172.87 0.00"_s}
                                                 << u"10.00"_s << QStringList{} << u"10.00"_s;
    QTest::newRow("zero payment allocates nothing")
        << QStringList{u"1 " + a + u" 2026-08-05 100.00 0.00"_s} << u"0.00"_s << QStringList{} << u"0.00"_s;
    QTest::newRow("same date: lower id first")
        << QStringList{u"7 " + a + u" 2026-08-05 100.00 0.00"_s, u"5 " + a + u" 2026-08-05 100.00 0.00"_s}
        << u"150.00"_s << QStringList{u"5:100.00"_s, u"7:50.00"_s} << u"0.00"_s;
    QTest::newRow("several invoices and an overpayment")
        << QStringList{u"1 " + a + u" 2026-08-05 100.00 0.00"_s, u"2 " + a + u" 2026-09-05 200.00 50.00"_s}
        << u"300.00"_s << QStringList{u"1:100.00"_s, u"2:150.00"_s} << u"50.00"_s;
}

void TestAllocation::allocate()
{
    QFETCH(QStringList, invoices);
    QFETCH(QString, payment);
    QFETCH(QStringList, allocations);
    QFETCH(QString, credit);

    QList<OpenInvoice> open;
    for (const QString &text : invoices) {
        const QStringList f = text.split(u' ');
        const QDate date = QDate::fromString(f[2], Qt::ISODate);
        open.append(OpenInvoice{f[0].toLongLong(), articleFromString(f[1]).value(), Period::fromDate(date),
                                date, money(f[3]), money(f[4])});
    }
    const AllocationResult r = billing::allocate(money(payment), Article::ActiveEnergy, open);
    QStringList got;
    qint64 total = 0;
    for (const Allocation &al : r.allocations) {
        got.append(QString::number(al.invoiceId) + u':' + al.amount.toString());
        total += al.amount.kopecks();
        QVERIFY(al.amount.isPositive());
    }
    QCOMPARE(got, allocations);
    QCOMPARE(r.credit.toString(), credit);
    QCOMPARE(total + r.credit.kopecks(), money(payment).kopecks()); // nothing lost, nothing made up
}

QTEST_GUILESS_MAIN(TestAllocation)
#include "tst_allocation.moc"

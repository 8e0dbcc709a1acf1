// VAT split in both modes: net + VAT == gross always; rounding half away from zero once.
// Extracted rows reproduce DTEK's tax invoices of reference 000 (total with VAT -> without, VAT).

#include "billingfixtures.h"

#include "billing/vat.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace billingtest;

class TestVat : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void split_data();
    void split();
    void identityOverManyAmounts_data();
    void identityOverManyAmounts();
    void modeNames();
};

void TestVat::split_data()
{
    QTest::addColumn<QString>("amount");
    QTest::addColumn<int>("rateBp");
    QTest::addColumn<bool>("fromNet");
    QTest::addColumn<QString>("net");
    QTest::addColumn<QString>("vat");
    QTest::addColumn<QString>("gross");

    // Extracted: net = gross x 10000 / (10000 + rate), VAT = gross - net.
    QTest::newRow("1238.88 / 1.2 = 1032.40 exactly")
        << u"1238.88"_s << 2000 << false << u"1032.40"_s << u"206.48"_s << u"1238.88"_s;
    QTest::newRow("DTEK 1480: 415.87 / 1.2 = 346.558 -> 346.56")
        << u"415.87"_s << 2000 << false << u"346.56"_s << u"69.31"_s << u"415.87"_s;
    QTest::newRow("DTEK 1755: 376.10 / 1.2 = 313.4166 -> 313.42")
        << u"376.10"_s << 2000 << false << u"313.42"_s << u"62.68"_s << u"376.10"_s;
    QTest::newRow("DTEK 1671: 471.68 / 1.2 = 393.0666 -> 393.07")
        << u"471.68"_s << 2000 << false << u"393.07"_s << u"78.61"_s << u"471.68"_s;
    QTest::newRow("DTEK 1606: 549.38 / 1.2 = 457.8166 -> 457.82")
        << u"549.38"_s << 2000 << false << u"457.82"_s << u"91.56"_s << u"549.38"_s;
    QTest::newRow("DTEK 1711: 584.19 / 1.2 = 486.825, half -> 486.83")
        << u"584.19"_s << 2000 << false << u"486.83"_s << u"97.36"_s << u"584.19"_s;
    QTest::newRow("credit -584.19: half away from zero -> -486.83")
        << u"-584.19"_s << 2000 << false << u"-486.83"_s << u"-97.36"_s << u"-584.19"_s;
    QTest::newRow("0.03 / 1.2 = 0.025, half -> 0.03, VAT 0")
        << u"0.03"_s << 2000 << false << u"0.03"_s << u"0.00"_s << u"0.03"_s;
    QTest::newRow("0.01 / 1.2 = 0.0083 -> 0.01, VAT 0")
        << u"0.01"_s << 2000 << false << u"0.01"_s << u"0.00"_s << u"0.01"_s;
    QTest::newRow("0.06 / 1.2 = 0.05, VAT 0.01")
        << u"0.06"_s << 2000 << false << u"0.05"_s << u"0.01"_s << u"0.06"_s;
    QTest::newRow("zero") << u"0.00"_s << 2000 << false << u"0.00"_s << u"0.00"_s << u"0.00"_s;
    QTest::newRow("7%: 107.00 / 1.07 = 100.00")
        << u"107.00"_s << 700 << false << u"100.00"_s << u"7.00"_s << u"107.00"_s;
    QTest::newRow("exempt 0%: all net")
        << u"100.00"_s << 0 << false << u"100.00"_s << u"0.00"_s << u"100.00"_s;

    // From net: VAT = net x rate / 10000, gross = net + VAT.
    QTest::newRow("from net 1032.40 x 20% = 206.48")
        << u"1032.40"_s << 2000 << true << u"1032.40"_s << u"206.48"_s << u"1238.88"_s;
    QTest::newRow("from net 3630.21 x 20% = 726.042 -> 726.04")
        << u"3630.21"_s << 2000 << true << u"3630.21"_s << u"726.04"_s << u"4356.25"_s;
    QTest::newRow("from net 0.13 x 20% = 0.026 -> 0.03")
        << u"0.13"_s << 2000 << true << u"0.13"_s << u"0.03"_s << u"0.16"_s;
    QTest::newRow("from net 0.50 x 7% = 0.035, half -> 0.04")
        << u"0.50"_s << 700 << true << u"0.50"_s << u"0.04"_s << u"0.54"_s;
    QTest::newRow("from net -0.50 x 7% = -0.035, half -> -0.04")
        << u"-0.50"_s << 700 << true << u"-0.50"_s << u"-0.04"_s << u"-0.54"_s;
    QTest::newRow("from net 0.49 x 7% = 0.0343 -> 0.03")
        << u"0.49"_s << 700 << true << u"0.49"_s << u"0.03"_s << u"0.52"_s;
}

void TestVat::split()
{
    QFETCH(QString, amount);
    QFETCH(int, rateBp);
    QFETCH(bool, fromNet);
    QFETCH(QString, net);
    QFETCH(QString, vat);
    QFETCH(QString, gross);

    const Result<VatSplit> s =
        splitVat(money(amount), VatRule{rateBp, fromNet ? VatMode::FromNet : VatMode::ExtractedFromGross});
    QVERIFY(s.ok());
    QCOMPARE(s.value().net.toString(), net);
    QCOMPARE(s.value().vat.toString(), vat);
    QCOMPARE(s.value().gross.toString(), gross);
    QCOMPARE(s.value().net.kopecks() + s.value().vat.kopecks(), s.value().gross.kopecks());
}

void TestVat::identityOverManyAmounts_data()
{
    QTest::addColumn<int>("rateBp");
    QTest::addColumn<bool>("fromNet");
    QTest::newRow("20% extracted") << 2000 << false;
    QTest::newRow("20% from net") << 2000 << true;
    QTest::newRow("7% extracted") << 700 << false;
    QTest::newRow("7% from net") << 700 << true;
}

void TestVat::identityOverManyAmounts()
{
    // Every amount from -200.00 to 200.00: the split adds up, and the rounded side is within half a
    // kopeck of the exact value (|net x (1 + r) - gross| <= (1 + r) / 2, |VAT - net x r| <= 1/2).
    QFETCH(int, rateBp);
    QFETCH(bool, fromNet);
    const VatRule rule{rateBp, fromNet ? VatMode::FromNet : VatMode::ExtractedFromGross};
    for (qint64 k = -20000; k <= 20000; ++k) {
        const VatSplit s = splitVat(Money::fromKopecks(k), rule).value();
        QCOMPARE(s.net.kopecks() + s.vat.kopecks(), s.gross.kopecks());
        const qint64 exactTimes10000 = s.net.kopecks() * rateBp; // VAT x 10000 if unrounded
        if (fromNet) {
            QCOMPARE(s.net.kopecks(), k);
            QVERIFY2(qAbs(s.vat.kopecks() * 10000 - exactTimes10000) <= 5000, qPrintable(QString::number(k)));
        } else {
            QCOMPARE(s.gross.kopecks(), k);
            QVERIFY2(qAbs(s.net.kopecks() * (10000 + rateBp) - k * 10000) <= (10000 + rateBp) / 2,
                     qPrintable(QString::number(k)));
        }
        // Symmetric: a credit splits as the negated charge.
        const VatSplit negated = splitVat(Money::fromKopecks(-k), rule).value();
        QCOMPARE(negated.vat.kopecks(), -s.vat.kopecks());
    }
}

void TestVat::modeNames()
{
    QCOMPARE(toString(VatMode::ExtractedFromGross), u"extracted"_s);
    QCOMPARE(toString(VatMode::FromNet), u"from_net"_s);
    // QVERIFY, not QCOMPARE: billing's toString(enum) gives QString, which QTest cannot print.
    QVERIFY(vatModeFromString(u"from_net"_s) == VatMode::FromNet);
    QVERIFY(vatModeFromString(u"extracted"_s) == VatMode::ExtractedFromGross);
    QVERIFY(!vatModeFromString(u"gross"_s));
    QCOMPARE(VatRule{}.rateBp, 2000); // 20% by default
    QVERIFY(VatRule{}.mode == VatMode::ExtractedFromGross);
}

QTEST_GUILESS_MAIN(TestVat)
#include "tst_vat.moc"

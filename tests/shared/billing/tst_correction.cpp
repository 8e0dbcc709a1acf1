// Recalculating a period: the correction documents carry the difference, previous + correction ==
// current for every article, and nothing is rounded again.

#include "billingfixtures.h"

#include "billing/correction.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace billingtest;

class TestCorrection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void difference_data();
    void difference();
    void mismatch();
};

namespace {
const PointKind A = PointKind::Active;
const PointKind R = PointKind::Reactive;
const Zone T = Zone::Total;
const Zone N = Zone::Night;
const Zone D = Zone::Day;

ParameterSet retroactiveTariff()
{
    // The same supplier, but the tariff of 2026-10 was corrected to 4.50000.
    ParameterSet p;
    p.addTariff(u"legal"_s, 2, from("2026-01"), tariff(u"4.50000"_s));
    p.addStandardZoneCoefficients(from("2026-01"));
    p.addReactiveTariff(from("2026-01"), tariff(u"0.15000"_s));
    p.addVat(from("2026-01"), VatRule{});
    return p;
}
} // namespace

void TestCorrection::difference_data()
{
    QTest::addColumn<CalculationInput>("previousInput");
    QTest::addColumn<CalculationInput>("currentInput");
    QTest::addColumn<bool>("tariffCorrected");
    QTest::addColumn<QStringList>("lines");
    QTest::addColumn<QStringList>("documents");

    // 840 kWh: 3630.21 = 3025.18 + 605.03; 800 kWh: 3457.344 -> 3457.34 = 2881.12 + 576.22.
    QTest::newRow("reading lowered 840 -> 800: a negative correction")
        << input({point(1, u"P1"_s, A, {{T, "840"}})}) << input({point(1, u"P1"_s, A, {{T, "800"}})}) << false
        << QStringList{u"active_energy total -40.000 x 4.32168 x 1: net -144.06 + VAT -28.81 = -172.87"_s}
        << QStringList{u"active_energy: net -144.06 + VAT -28.81 = -172.87"_s};

    // 900 kWh: 3889.512 -> 3889.51 = 3241.26 + 648.25.
    QTest::newRow("reading raised 840 -> 900: a positive correction")
        << input({point(1, u"P1"_s, A, {{T, "840"}})}) << input({point(1, u"P1"_s, A, {{T, "900"}})}) << false
        << QStringList{u"active_energy total 60.000 x 4.32168 x 1: net 216.08 + VAT 43.22 = 259.30"_s}
        << QStringList{u"active_energy: net 216.08 + VAT 43.22 = 259.30"_s};

    QTest::newRow("nothing changed: no correction")
        << input({point(1, u"P1"_s, A, {{T, "840"}})}) << input({point(1, u"P1"_s, A, {{T, "840"}})}) << false
        << QStringList{} << QStringList{};

    // 840 x 4.5 = 3780.00 = 3150.00 + 630.00: the old line reversed, the new one charged.
    QTest::newRow("tariff corrected: reversal at the old tariff, charge at the new")
        << input({point(1, u"P1"_s, A, {{T, "840"}})}) << input({point(1, u"P1"_s, A, {{T, "840"}})}) << true
        << QStringList{u"active_energy total -840.000 x 4.32168 x 1: net -3025.18 + VAT -605.03 = -3630.21"_s,
                       u"active_energy total 840.000 x 4.50000 x 1: net 3150.00 + VAT 630.00 = 3780.00"_s}
        << QStringList{u"active_energy: net 124.82 + VAT 24.97 = 149.79"_s};

    QTest::newRow("reactive point removed: its article credited in full")
        << input({point(1, u"P1"_s, A, {{T, "840"}}), point(2, u"R1"_s, R, {{T, "1000"}})})
        << input({point(1, u"P1"_s, A, {{T, "840"}})}) << false
        << QStringList{u"reactive_energy total -1000.000 x 0.15000 x 1: net -125.00 + VAT -25.00 = -150.00"_s}
        << QStringList{u"reactive_energy: net -125.00 + VAT -25.00 = -150.00"_s};

    // Night moved to day: day 500 -> 600 (2160.84 -> 2593.008 -> 2593.01), night 300 -> 200
    // (648.252 -> 648.25, 432.168 -> 432.17). Lines per zone; the document is their sum.
    QTest::newRow("zones corrected in both directions")
        << input({point(1, u"P1"_s, A, {{D, "500"}, {N, "300"}})})
        << input({point(1, u"P1"_s, A, {{D, "600"}, {N, "200"}})}) << false
        << QStringList{u"active_energy day 100.000 x 4.32168 x 1: net 360.14 + VAT 72.03 = 432.17"_s,
                       u"active_energy night -100.000 x 4.32168 x 0.5: net -180.07 + VAT -36.01 = -216.08"_s}
        << QStringList{u"active_energy: net 180.07 + VAT 36.02 = 216.09"_s};
}

void TestCorrection::difference()
{
    QFETCH(CalculationInput, previousInput);
    QFETCH(CalculationInput, currentInput);
    QFETCH(bool, tariffCorrected);
    QFETCH(QStringList, lines);
    QFETCH(QStringList, documents);

    const Result<Calculation> previous = calculate(previousInput, standardParameters());
    const Result<Calculation> current =
        calculate(currentInput, tariffCorrected ? retroactiveTariff() : standardParameters());
    QVERIFY(previous.ok());
    QVERIFY(current.ok());
    const Result<QList<InvoiceDraft>> correction = billing::correction(previous.value(), current.value());
    QVERIFY(correction.ok());

    QStringList gotLines;
    QStringList gotDocuments;
    for (const InvoiceDraft &d : correction.value()) {
        QVERIFY(d.type == InvoiceType::Correction);
        QCOMPARE(d.net.kopecks() + d.vat.kopecks(), d.gross.kopecks());
        gotDocuments.append(describe(d));
        for (const InvoiceLine &l : d.lines) {
            QCOMPARE(l.net.kopecks() + l.vat.kopecks(), l.gross.kopecks());
            gotLines.append(describe(l));
        }
    }
    QCOMPARE(gotLines, lines);
    QCOMPARE(gotDocuments, documents);

    // previous + correction == current, article by article.
    for (Article article : kAllArticles) {
        const auto grossOf = [article](const QList<InvoiceDraft> &docs) {
            qint64 sum = 0;
            for (const InvoiceDraft &d : docs) {
                if (d.article == article)
                    sum += d.gross.kopecks();
            }
            return sum;
        };
        QCOMPARE(grossOf(previous.value().invoices) + grossOf(correction.value()),
                 grossOf(current.value().invoices));
    }
}

void TestCorrection::mismatch()
{
    const Calculation a =
        calculate(input({point(1, u"P1"_s, A, {{T, "840"}})}), standardParameters()).value();
    const Calculation b =
        calculate(input({point(1, u"P1"_s, A, {{T, "840"}})}, "2026-09"), standardParameters()).value();
    QCOMPARE(billing::correction(a, b).error().code(), u"calc.correction_mismatch"_s);
    Calculation other = a;
    other.account = AccountId(2);
    QCOMPARE(billing::correction(a, other).error().code(), u"calc.correction_mismatch"_s);
}

QTEST_GUILESS_MAIN(TestCorrection)
#include "tst_correction.moc"

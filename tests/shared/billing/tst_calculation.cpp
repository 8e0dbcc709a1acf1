// The calculation of one account-period, every rule a row computed by hand. Parameters of every row
// (billingfixtures.h): class "legal" 4.32168 UAH/kWh below 27.5 kV, 3.90000 from 27.5 kV; zones
// night 0.4 / half-peak 1 / peak 1.5 (three), night 0.5 / day 1 (two); reactive 0.15000 UAH/kVArh;
// generation 3.00000 UAH/kWh; over-limit multiple 2; VAT 20% extracted from gross unless a row
// says "from net". Each amount is rounded once, half away from zero.

#include "billingfixtures.h"

#include "billing/calculation.h"
#include "domain/readingrecord.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace billingtest;

class TestCalculation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void lines_data();
    void lines();
    void errors_data();
    void errors();
    void breakdownOfSubConsumers_data();
    void breakdownOfSubConsumers();
    void parametersInForce_data();
    void parametersInForce();
    void breakdownCarriesCoefficients();
    void inputFromAccount();
};

namespace {
const PointKind A = PointKind::Active;
const PointKind R = PointKind::Reactive;
const PointKind G = PointKind::Generation;
const Zone T = Zone::Total;
const Zone D = Zone::Day;
const Zone N = Zone::Night;
const Zone H = Zone::HalfPeak;
const Zone P = Zone::Peak;

CalculationInput withLimit(CalculationInput in, const char *kwh)
{
    in.limits.add(from("2026-01"), ContractLimits{energy(QString::fromLatin1(kwh)), 150000});
    return in;
}

CalculationInput withExternal(CalculationInput in, PointConsumption sub)
{
    in.subConsumers.append(sub);
    return in;
}
} // namespace

void TestCalculation::lines_data()
{
    QTest::addColumn<CalculationInput>("in");
    QTest::addColumn<bool>("fromNet");
    QTest::addColumn<QStringList>("lines");
    QTest::addColumn<QStringList>("documents");

    QTest::newRow("one zone: 840 x 4.32168 = 3630.2112 -> 3630.21; net 3025.175 -> 3025.18 (half)")
        << input({point(1, u"P1"_s, A, {{T, "840"}})}) << false
        << QStringList{u"active_energy total 840.000 x 4.32168 x 1: net 3025.18 + VAT 605.03 = 3630.21"_s}
        << QStringList{u"active_energy: net 3025.18 + VAT 605.03 = 3630.21"_s};

    QTest::newRow("one zone from net: VAT 3630.21 x 0.2 = 726.042 -> 726.04")
        << input({point(1, u"P1"_s, A, {{T, "840"}})}) << true
        << QStringList{u"active_energy total 840.000 x 4.32168 x 1: net 3630.21 + VAT 726.04 = 4356.25"_s}
        << QStringList{u"active_energy: net 3630.21 + VAT 726.04 = 4356.25"_s};

    // night 300 x 4.32168 x 0.4 = 518.6016; half-peak 400 x 4.32168 = 1728.672; peak 140 x 4.32168 x 1.5
    // = 907.5528. Sum 3154.82 / 1.2 = 2629.0166 -> 2629.02; line VAT 86.43 + 288.11 + 151.26 = 525.80.
    QTest::newRow("three zones night 0.4, half-peak 1, peak 1.5")
        << input({point(1, u"P1"_s, A, {{N, "300"}, {H, "400"}, {P, "140"}})}) << false
        << QStringList{u"active_energy night 300.000 x 4.32168 x 0.4: net 432.17 + VAT 86.43 = 518.60"_s,
                       u"active_energy half_peak 400.000 x 4.32168 x 1: net 1440.56 + VAT 288.11 = 1728.67"_s,
                       u"active_energy peak 140.000 x 4.32168 x 1.5: net 756.29 + VAT 151.26 = 907.55"_s}
        << QStringList{u"active_energy: net 2629.02 + VAT 525.80 = 3154.82"_s};

    // 172.8672 -> 172.87, 479.70648 -> 479.71, 661.21704 -> 661.22; sum 1313.80 / 1.2 = 1094.8333 ->
    // 1094.83, VAT 218.97; the lines' own VAT 28.81 + 79.95 + 110.20 = 218.96: the kopeck goes to the
    // largest line (peak: VAT 110.21, net 551.01) so that the lines add up to the document.
    QTest::newRow("three zones: the document's VAT kopeck goes to the largest line")
        << input({point(1, u"P1"_s, A, {{N, "100"}, {H, "111"}, {P, "102"}})}) << false
        << QStringList{u"active_energy night 100.000 x 4.32168 x 0.4: net 144.06 + VAT 28.81 = 172.87"_s,
                       u"active_energy half_peak 111.000 x 4.32168 x 1: net 399.76 + VAT 79.95 = 479.71"_s,
                       u"active_energy peak 102.000 x 4.32168 x 1.5: net 551.01 + VAT 110.21 = 661.22"_s}
        << QStringList{u"active_energy: net 1094.83 + VAT 218.97 = 1313.80"_s};

    // day 500 x 4.32168 = 2160.84; night 300 x 4.32168 x 0.5 = 648.252 -> 648.25. Sum 2809.09 / 1.2 =
    // 2340.908 -> 2340.91, VAT 468.18; lines 360.14 + 108.04 = 468.18.
    QTest::newRow("two zones night 0.5, day 1")
        << input({point(1, u"P1"_s, A, {{D, "500"}, {N, "300"}})}) << false
        << QStringList{u"active_energy day 500.000 x 4.32168 x 1: net 1800.70 + VAT 360.14 = 2160.84"_s,
                       u"active_energy night 300.000 x 4.32168 x 0.5: net 540.21 + VAT 108.04 = 648.25"_s}
        << QStringList{u"active_energy: net 2340.91 + VAT 468.18 = 2809.09"_s};

    QTest::newRow("a zoned meter's total register is not billed again")
        << input({point(1, u"P1"_s, A, {{T, "840"}, {D, "500"}, {N, "340"}})}) << false
        << QStringList{u"active_energy day 500.000 x 4.32168 x 1: net 1800.70 + VAT 360.14 = 2160.84"_s,
                       u"active_energy night 340.000 x 4.32168 x 0.5: net 612.24 + VAT 122.45 = 734.69"_s}
        << QStringList{u"active_energy: net 2412.94 + VAT 482.59 = 2895.53"_s};

    QTest::newRow("27.5 kV and up: voltage class 1 tariff 3.90000")
        << input({point(1, u"P1"_s, A, {{T, "1000"}}, 0, 35000)}) << false
        << QStringList{u"active_energy total 1000.000 x 3.90000 x 1: net 3250.00 + VAT 650.00 = 3900.00"_s}
        << QStringList{u"active_energy: net 3250.00 + VAT 650.00 = 3900.00"_s};

    // Two points of 1 kWh each at 0.005 UAH: 2 x half a kopeck priced once is 1 kopeck, not 2.
    {
        CalculationInput in = input({point(1, u"P1"_s, A, {{T, "1"}}), point(2, u"P2"_s, A, {{T, "1"}})});
        in.consumerClass = u"tiny"_s;
        QTest::newRow("equal lines are priced once: 2 x 0.5 kopeck = 0.01")
            << in << false
            << QStringList{u"active_energy total 2.000 x 0.00500 x 1: net 0.01 + VAT 0.00 = 0.01"_s}
            << QStringList{u"active_energy: net 0.01 + VAT 0.00 = 0.01"_s};
    }

    // Parent 1000 kWh, its sub-consumer on another account 160 kWh: 840 payable here.
    QTest::newRow("sub-consumer of another account subtracted: 1000 - 160 = 840")
        << withExternal(input({point(1, u"P1"_s, A, {{T, "1000"}})}), point(9, u"S9"_s, A, {{T, "160"}}, 1))
        << false
        << QStringList{u"active_energy total 840.000 x 4.32168 x 1: net 3025.18 + VAT 605.03 = 3630.21"_s}
        << QStringList{u"active_energy: net 3025.18 + VAT 605.03 = 3630.21"_s};

    // Parent 1000 and its sub-consumer 160 on the same account: 840 + 160, the energy is billed once.
    QTest::newRow("sub-consumer on the same account: billed once, 840 + 160 = 1000")
        << input({point(1, u"P1"_s, A, {{T, "1000"}}), point(2, u"P2"_s, A, {{T, "160"}}, 1)}) << false
        << QStringList{u"active_energy total 1000.000 x 4.32168 x 1: net 3601.40 + VAT 720.28 = 4321.68"_s}
        << QStringList{u"active_energy: net 3601.40 + VAT 720.28 = 4321.68"_s};

    // Three-zone parent 300/400/300, a one-zone sub-consumer of 100 shares 30/40/30.
    // night 270 x 0.4 -> 466.74144 -> 466.74; half-peak 360 -> 1555.8048 -> 1555.80; peak 270 x 1.5 ->
    // 1750.2804 -> 1750.28. Sum 3772.82 / 1.2 = 3144.0166 -> 3144.02, VAT 628.80.
    QTest::newRow("one-zone sub-consumer shared among the parent's zones")
        << withExternal(input({point(1, u"P1"_s, A, {{N, "300"}, {H, "400"}, {P, "300"}})}),
                        point(9, u"S9"_s, A, {{T, "100"}}, 1))
        << false
        << QStringList{u"active_energy night 270.000 x 4.32168 x 0.4: net 388.95 + VAT 77.79 = 466.74"_s,
                       u"active_energy half_peak 360.000 x 4.32168 x 1: net 1296.50 + VAT 259.30 = 1555.80"_s,
                       u"active_energy peak 270.000 x 4.32168 x 1.5: net 1458.57 + VAT 291.71 = 1750.28"_s}
        << QStringList{u"active_energy: net 3144.02 + VAT 628.80 = 3772.82"_s};

    // Reactive 1000 kVArh x 0.15 = 150.00: its own document.
    QTest::newRow("reactive energy: 1000 x 0.15 = 150.00, a document of its own")
        << input({point(1, u"P1"_s, A, {{T, "840"}}), point(2, u"R1"_s, R, {{T, "1000"}})}) << false
        << QStringList{u"active_energy total 840.000 x 4.32168 x 1: net 3025.18 + VAT 605.03 = 3630.21"_s,
                       u"reactive_energy total 1000.000 x 0.15000 x 1: net 125.00 + VAT 25.00 = 150.00"_s}
        << QStringList{u"active_energy: net 3025.18 + VAT 605.03 = 3630.21"_s,
                       u"reactive_energy: net 125.00 + VAT 25.00 = 150.00"_s};

    // 1200 kWh with a 1000 kWh limit: 200 x 4.32168 x 2 = 1728.672 -> 1728.67; active 5186.016 -> 5186.02.
    QTest::newRow("over-limit: 200 kWh above the limit at 2 x the tariff")
        << withLimit(input({point(1, u"P1"_s, A, {{T, "1200"}})}), "1000") << false
        << QStringList{u"active_energy total 1200.000 x 4.32168 x 1: net 4321.68 + VAT 864.34 = 5186.02"_s,
                       u"over_limit total 200.000 x 4.32168 x 2: net 1440.56 + VAT 288.11 = 1728.67"_s}
        << QStringList{u"active_energy: net 4321.68 + VAT 864.34 = 5186.02"_s,
                       u"over_limit: net 1440.56 + VAT 288.11 = 1728.67"_s};

    QTest::newRow("over-limit: exactly at the limit is no over-limit")
        << withLimit(input({point(1, u"P1"_s, A, {{T, "840"}})}), "840") << false
        << QStringList{u"active_energy total 840.000 x 4.32168 x 1: net 3025.18 + VAT 605.03 = 3630.21"_s}
        << QStringList{u"active_energy: net 3025.18 + VAT 605.03 = 3630.21"_s};

    // Generation 300 kWh x 3.00 = 900.00 credited on the active energy document: 3630.21 - 900.00 =
    // 2730.21 / 1.2 = 2275.175 -> 2275.18 (half), VAT 455.03.
    QTest::newRow("generation credit lowers the active energy document")
        << input({point(1, u"P1"_s, A, {{T, "840"}}), point(3, u"G1"_s, G, {{T, "300"}})}) << false
        << QStringList{u"active_energy total 840.000 x 4.32168 x 1: net 3025.18 + VAT 605.03 = 3630.21"_s,
                       u"generation_credit total 300.000 x 3.00000 x 1: net -750.00 + VAT -150.00 = -900.00"_s}
        << QStringList{u"active_energy: net 2275.18 + VAT 455.03 = 2730.21"_s};

    // A one-zone meter (total 200) replaced within the period by a three-zone one (night 100, half-peak
    // 150, peak 50; its total register 300 is their sum): each meter billed in its own scheme.
    // 200 x 4.32168 = 864.336 -> 864.34; 100 x 4.32168 x 0.4 = 172.8672 -> 172.87; 150 x 4.32168 =
    // 648.252 -> 648.25; 50 x 4.32168 x 1.5 = 324.126 -> 324.13. Sum 2009.59 / 1.2 = 1674.658 -> 1674.66,
    // VAT 334.93; the lines' VAT 144.06 + 28.81 + 108.04 + 54.02 = 334.93.
    QTest::newRow("meter replaced: one-zone then three zones, each meter in its own scheme")
        << input(
               {replacedMeter(1, u"P1"_s, A, {{T, "200"}}, {{T, "300"}, {N, "100"}, {H, "150"}, {P, "50"}})})
        << false
        << QStringList{u"active_energy total 200.000 x 4.32168 x 1: net 720.28 + VAT 144.06 = 864.34"_s,
                       u"active_energy night 100.000 x 4.32168 x 0.4: net 144.06 + VAT 28.81 = 172.87"_s,
                       u"active_energy half_peak 150.000 x 4.32168 x 1: net 540.21 + VAT 108.04 = 648.25"_s,
                       u"active_energy peak 50.000 x 4.32168 x 1.5: net 270.11 + VAT 54.02 = 324.13"_s}
        << QStringList{u"active_energy: net 1674.66 + VAT 334.93 = 2009.59"_s};

    // The other way: a two-zone meter (day 150, night 50) replaced by a one-zone one (total 80).
    // 150 x 4.32168 = 648.252 -> 648.25; 80 x 4.32168 = 345.7344 -> 345.73; 50 x 4.32168 x 0.5 = 108.042
    // -> 108.04. Sum 1102.02 / 1.2 = 918.35, VAT 183.67; lines 108.04 + 57.62 + 18.01 = 183.67.
    QTest::newRow("meter replaced: two zones then one zone")
        << input({replacedMeter(1, u"P1"_s, A, {{D, "150"}, {N, "50"}}, {{T, "80"}})}) << false
        << QStringList{u"active_energy total 80.000 x 4.32168 x 1: net 288.11 + VAT 57.62 = 345.73"_s,
                       u"active_energy day 150.000 x 4.32168 x 1: net 540.21 + VAT 108.04 = 648.25"_s,
                       u"active_energy night 50.000 x 4.32168 x 0.5: net 90.03 + VAT 18.01 = 108.04"_s}
        << QStringList{u"active_energy: net 918.35 + VAT 183.67 = 1102.02"_s};

    // Three zones (night 100, half-peak 100, peak 50) replaced by two zones (day 200, night 100): the
    // two nights keep their own coefficients. 864.34 + 216.08 + 172.87 + 432.17 + 324.13 = 2009.59.
    QTest::newRow("meter replaced: three zones then two zones, two night lines")
        << input(
               {replacedMeter(1, u"P1"_s, A, {{N, "100"}, {H, "100"}, {P, "50"}}, {{D, "200"}, {N, "100"}})})
        << false
        << QStringList{u"active_energy day 200.000 x 4.32168 x 1: net 720.28 + VAT 144.06 = 864.34"_s,
                       u"active_energy night 100.000 x 4.32168 x 0.5: net 180.07 + VAT 36.01 = 216.08"_s,
                       u"active_energy night 100.000 x 4.32168 x 0.4: net 144.06 + VAT 28.81 = 172.87"_s,
                       u"active_energy half_peak 100.000 x 4.32168 x 1: net 360.14 + VAT 72.03 = 432.17"_s,
                       u"active_energy peak 50.000 x 4.32168 x 1.5: net 270.11 + VAT 54.02 = 324.13"_s}
        << QStringList{u"active_energy: net 1674.66 + VAT 334.93 = 2009.59"_s};

    // A meter replaced by one of the same scheme: the zones add up (night 60 + 40, day 100 + 50).
    // 648.25 + 216.08 = 864.33 / 1.2 = 720.275 -> 720.28, VAT 144.05; lines 108.04 + 36.01 = 144.05.
    QTest::newRow("meter replaced by one of the same scheme: zones add up")
        << input({replacedMeter(1, u"P1"_s, A, {{D, "100"}, {N, "60"}}, {{D, "50"}, {N, "40"}})}) << false
        << QStringList{u"active_energy day 150.000 x 4.32168 x 1: net 540.21 + VAT 108.04 = 648.25"_s,
                       u"active_energy night 100.000 x 4.32168 x 0.5: net 180.07 + VAT 36.01 = 216.08"_s}
        << QStringList{u"active_energy: net 720.28 + VAT 144.05 = 864.33"_s};

    // A parent whose one-zone meter (400) was replaced by a two-zone one (day 300, night 300), and a
    // one-zone sub-consumer of 100 on another account: shared 40 / 30 / 30 over what each measured.
    // 360 x 4.32168 = 1555.8048 -> 1555.80; 270 x 4.32168 = 1166.8536 -> 1166.85; 270 x 4.32168 x 0.5 =
    // 583.4268 -> 583.43. Sum 3306.08 / 1.2 = 2755.0666 -> 2755.07, VAT 551.01.
    QTest::newRow("meter replaced under a sub-consumer: shared over both meters")
        << withExternal(input({replacedMeter(1, u"P1"_s, A, {{T, "400"}}, {{D, "300"}, {N, "300"}})}),
                        point(9, u"S9"_s, A, {{T, "100"}}, 1))
        << false
        << QStringList{u"active_energy total 360.000 x 4.32168 x 1: net 1296.50 + VAT 259.30 = 1555.80"_s,
                       u"active_energy day 270.000 x 4.32168 x 1: net 972.38 + VAT 194.47 = 1166.85"_s,
                       u"active_energy night 270.000 x 4.32168 x 0.5: net 486.19 + VAT 97.24 = 583.43"_s}
        << QStringList{u"active_energy: net 2755.07 + VAT 551.01 = 3306.08"_s};

    QTest::newRow("no consumption: no documents")
        << input({point(1, u"P1"_s, A, {{T, "0"}})}) << false << QStringList{} << QStringList{};
}

void TestCalculation::lines()
{
    QFETCH(CalculationInput, in);
    QFETCH(bool, fromNet);
    QFETCH(QStringList, lines);
    QFETCH(QStringList, documents);

    const ParameterSet parameters =
        standardParameters(fromNet ? VatMode::FromNet : VatMode::ExtractedFromGross);
    const Result<Calculation> calc = calculate(in, parameters);
    QVERIFY2(calc.ok(), qPrintable(calc.error().code() + u' ' + calc.error().args().join(u',')));

    QStringList gotLines;
    QStringList gotDocuments;
    qint64 net = 0;
    qint64 gross = 0;
    for (const InvoiceDraft &d : calc.value().invoices) {
        gotDocuments.append(describe(d));
        QCOMPARE(d.net.kopecks() + d.vat.kopecks(), d.gross.kopecks());
        qint64 lineNet = 0, lineVat = 0, lineGross = 0;
        for (const InvoiceLine &l : d.lines) {
            gotLines.append(describe(l));
            QCOMPARE(l.net.kopecks() + l.vat.kopecks(), l.gross.kopecks());
            QVERIFY(articleOf(l.kind) == d.article);
            lineNet += l.net.kopecks();
            lineVat += l.vat.kopecks();
            lineGross += l.gross.kopecks();
        }
        QCOMPARE(lineNet, d.net.kopecks());
        QCOMPARE(lineVat, d.vat.kopecks());
        QCOMPARE(lineGross, d.gross.kopecks());
        net += d.net.kopecks();
        gross += d.gross.kopecks();
    }
    QCOMPARE(gotLines, lines);
    QCOMPARE(gotDocuments, documents);
    QCOMPARE(calc.value().net.kopecks(), net);
    QCOMPARE(calc.value().gross.kopecks(), gross);
    QCOMPARE(calc.value().net.kopecks() + calc.value().vat.kopecks(), calc.value().gross.kopecks());
}

void TestCalculation::errors_data()
{
    QTest::addColumn<CalculationInput>("in");
    QTest::addColumn<QString>("code"); // empty: the calculation succeeds
    QTest::addColumn<QStringList>("args");

    const CalculationInput base = input({point(1, u"P1"_s, A, {{T, "840"}})});
    {
        CalculationInput in = base;
        in.requester = Requester::Consumer;
        QTest::newRow("consumer, self-calculation not allowed")
            << in << u"calc.self_not_allowed"_s << QStringList{};
        in.selfCalculationAllowed = true;
        QTest::newRow("consumer, self-calculation allowed") << in << QString() << QStringList{};
    }
    {
        CalculationInput in = base;
        in.requester = Requester::BillRun;
        QTest::newRow("bill run needs no self-calculation right") << in << QString() << QStringList{};
    }
    {
        CalculationInput in = base;
        in.requiresSignedAct = true;
        QTest::newRow("act required, not signed")
            << in << u"calc.act_not_signed"_s << QStringList{u"2026-10"_s};
        in.actSigned = true;
        QTest::newRow("act required and signed") << in << QString() << QStringList{};
    }
    {
        CalculationInput in = base;
        in.points[0].registers[0].history = domain::RangeHistory::of({energy(u"100"_s), energy(u"100"_s)});
        QTest::newRow("840 kWh against an average of 100: more than 4 x")
            << in << u"calc.out_of_range"_s << QStringList{u"P1"_s, u"840.000"_s, u"100.000"_s};
        in.points[0].registers[0].rangeConfirmed = true;
        QTest::newRow("out of range but confirmed by a clerk") << in << QString() << QStringList{};
        in.points[0].registers[0].rangeConfirmed = false;
        in.points[0].registers[0].history = domain::RangeHistory::of({energy(u"210"_s)});
        QTest::newRow("840 kWh against 210: exactly 4 x is fine") << in << QString() << QStringList{};
    }
    QTest::newRow("sub-consumer used more than its parent")
        << withExternal(input({point(1, u"P1"_s, A, {{T, "100"}})}), point(9, u"S9"_s, A, {{T, "160"}}, 1))
        << u"calc.negative_consumption"_s << QStringList{u"P1"_s, u"160.000"_s, u"100.000"_s};
    // The message says "its sub-consumers used %2 kWh, more than the point itself (%3 kWh)", so %2
    // must exceed %3: when the totals do not (160 of 600 here), the zone that went negative does
    // (night: 150 subtracted from 100).
    QTest::newRow("zoned sub-consumer's night above the parent's night: the zone's amounts")
        << withExternal(input({point(1, u"P1"_s, A, {{D, "500"}, {N, "100"}})}),
                        point(9, u"S9"_s, A, {{D, "10"}, {N, "150"}}, 1))
        << u"calc.negative_consumption"_s << QStringList{u"P1"_s, u"150.000"_s, u"100.000"_s};
    // Day 600 of 500 and night 50 of 100: in total 650 of 600, the totals say it.
    QTest::newRow("zoned sub-consumer above its zoned parent in total: the totals")
        << withExternal(input({point(1, u"P1"_s, A, {{D, "500"}, {N, "100"}})}),
                        point(9, u"S9"_s, A, {{D, "600"}, {N, "50"}}, 1))
        << u"calc.negative_consumption"_s << QStringList{u"P1"_s, u"650.000"_s, u"600.000"_s};
    // A one-zone sub-consumer of 1100 under a three-zone parent of 300/400/300 (1000): shared
    // 330/440/330, every zone negative; the totals 1100 > 1000.
    QTest::newRow("one-zone sub-consumer above a three-zone parent")
        << withExternal(input({point(1, u"P1"_s, A, {{N, "300"}, {H, "400"}, {P, "300"}})}),
                        point(9, u"S9"_s, A, {{T, "1100"}}, 1))
        << u"calc.negative_consumption"_s << QStringList{u"P1"_s, u"1100.000"_s, u"1000.000"_s};
    // A parent whose one-zone meter (10) was replaced by a two-zone one (day 10, night 10); a one-zone
    // child of 100 shared 33.334 / 33.333 / 33.333 over the three buckets: negative, the totals say it.
    QTest::newRow("meter replaced: a sub-consumer above both meters")
        << withExternal(input({replacedMeter(1, u"P1"_s, A, {{T, "10"}}, {{D, "10"}, {N, "10"}})}),
                        point(9, u"S9"_s, A, {{T, "100"}}, 1))
        << u"calc.negative_consumption"_s << QStringList{u"P1"_s, u"100.000"_s, u"30.000"_s};
    // A chain: P1 1000 > P2 600 (under P1) > P3 700 (under P2, another account): P2 is negative
    // (700 of 600), although P1 is not (600 of 1000).
    QTest::newRow("a chain: the grandchild above the child")
        << withExternal(input({point(1, u"P1"_s, A, {{T, "1000"}}), point(2, u"P2"_s, A, {{T, "600"}}, 1)}),
                        point(9, u"S9"_s, A, {{T, "700"}}, 2))
        << u"calc.negative_consumption"_s << QStringList{u"P2"_s, u"700.000"_s, u"600.000"_s};
    // Reactive energy: a reactive sub-consumer above its reactive parent.
    QTest::newRow("reactive sub-consumer above its parent")
        << withExternal(input({point(1, u"P1"_s, A, {{T, "100"}}), point(2, u"R1"_s, R, {{T, "40"}})}),
                        point(9, u"S9"_s, R, {{T, "41"}}, 2))
        << u"calc.negative_consumption"_s << QStringList{u"R1"_s, u"41.000"_s, u"40.000"_s};
    {
        // The household class has no tariff, but the negative consumption of the second point is
        // reported first: the user fixes readings before the supplier sets parameters.
        CalculationInput in =
            withExternal(input({point(1, u"P1"_s, A, {{T, "100"}}), point(2, u"P2"_s, A, {{T, "50"}})}),
                         point(9, u"S9"_s, A, {{T, "60"}}, 2));
        in.consumerClass = u"household"_s;
        QTest::newRow("negative consumption before a missing parameter")
            << in << u"calc.negative_consumption"_s << QStringList{u"P2"_s, u"60.000"_s, u"50.000"_s};
    }
    QTest::newRow("a sub-consumer equal to its parent leaves 0")
        << withExternal(input({point(1, u"P1"_s, A, {{T, "160"}})}), point(9, u"S9"_s, A, {{T, "160"}}, 1))
        << QString() << QStringList{};
    {
        CalculationInput in = base;
        in.consumerClass = u"household"_s;
        QTest::newRow("no tariff for the class")
            << in << u"calc.parameter_missing"_s
            << QStringList{u"tariff"_s, u"class=household;voltage_class=2"_s, u"2026-10"_s};
    }
    QTest::newRow("period before every parameter")
        << input({point(1, u"P1"_s, A, {{T, "840"}})}, "2025-12") << u"calc.parameter_missing"_s
        << QStringList{u"tariff"_s, u"class=legal;voltage_class=2"_s, u"2025-12"_s};
    QTest::newRow("first period of the parameters")
        << input({point(1, u"P1"_s, A, {{T, "840"}})}, "2026-01") << QString() << QStringList{};
    {
        CalculationInput in = input({point(1, u"P1"_s, A, {{T, "840"}})}, "2025-12");
        in.limits.add(from("2025-01"), ContractLimits{energy(u"100"_s), 0});
        in.consumerClass = u"legal"_s;
        QTest::newRow("first missing parameter wins: tariff before the multiple")
            << in << u"calc.parameter_missing"_s
            << QStringList{u"tariff"_s, u"class=legal;voltage_class=2"_s, u"2025-12"_s};
    }
}

void TestCalculation::errors()
{
    QFETCH(CalculationInput, in);
    QFETCH(QString, code);
    QFETCH(QStringList, args);

    const Result<Calculation> calc = calculate(in, standardParameters());
    if (code.isEmpty()) {
        QVERIFY2(calc.ok(), qPrintable(calc.error().code() + u' ' + calc.error().args().join(u',')));
        return;
    }
    QVERIFY(!calc.ok());
    QCOMPARE(calc.error().code(), code);
    QCOMPARE(calc.error().args(), args);
    QVERIFY(!calc.error().message().isEmpty());
}

// A supplier whose parameters change: class "legal" below 27.5 kV 4.00000 UAH/kWh in 2026-01..06,
// 4.32168 from 2026-07; configured three-zone coefficients night 0.35, half-peak 1.02, peak 1.68
// from 2026-01; two zones night 0.5 / day 1 only until 2026-06; an over-limit multiple of 1.5; VAT
// 20% extracted until 2026-06, 7% from net from 2026-07.
void TestCalculation::parametersInForce_data()
{
    QTest::addColumn<CalculationInput>("in");
    QTest::addColumn<QStringList>("lines"); // or the error: code and args
    QTest::addColumn<QStringList>("documents");

    // 2026-10: night 100 x 4.32168 x 0.35 = 151.2588 -> 151.26; half-peak x 1.02 = 440.81136 ->
    // 440.81; peak x 1.68 = 726.04224 -> 726.04. From net at 7%: 1318.11 x 0.07 = 92.2677 -> 92.27;
    // lines 10.5882 -> 10.59, 30.8567 -> 30.86, 50.8228 -> 50.82 = 92.27.
    QTest::newRow("2026-10: the tariff, the configured coefficients and the VAT of 2026-07 on")
        << input({point(1, u"P1"_s, A, {{N, "100"}, {H, "100"}, {P, "100"}})}, "2026-10")
        << QStringList{u"active_energy night 100.000 x 4.32168 x 0.35: net 151.26 + VAT 10.59 = 161.85"_s,
                       u"active_energy half_peak 100.000 x 4.32168 x 1.02: net 440.81 + VAT 30.86 = 471.67"_s,
                       u"active_energy peak 100.000 x 4.32168 x 1.68: net 726.04 + VAT 50.82 = 776.86"_s}
        << QStringList{u"active_energy: net 1318.11 + VAT 92.27 = 1410.38"_s};
    // 2026-05: 100 x 4 x 0.35 = 140.00, 408.00, 672.00 = 1220.00 gross; / 1.2 = 1016.666 -> 1016.67,
    // VAT 203.33; lines 116.67 + 23.33, 340.00 + 68.00, 560.00 + 112.00.
    QTest::newRow("2026-05: the tariff and the VAT of 2026-01..06")
        << input({point(1, u"P1"_s, A, {{N, "100"}, {H, "100"}, {P, "100"}})}, "2026-05")
        << QStringList{u"active_energy night 100.000 x 4.00000 x 0.35: net 116.67 + VAT 23.33 = 140.00"_s,
                       u"active_energy half_peak 100.000 x 4.00000 x 1.02: net 340.00 + VAT 68.00 = 408.00"_s,
                       u"active_energy peak 100.000 x 4.00000 x 1.68: net 560.00 + VAT 112.00 = 672.00"_s}
        << QStringList{u"active_energy: net 1016.67 + VAT 203.33 = 1220.00"_s};
    QTest::newRow("two zones after their coefficients ended: the missing one named with the period")
        << input({point(1, u"P1"_s, A, {{D, "100"}, {N, "100"}})}, "2026-07")
        << QStringList{u"calc.parameter_missing"_s, u"zone_coefficient"_s, u"scheme=two_zones;zone=night"_s,
                       u"2026-07"_s}
        << QStringList{};
    // 1000 kWh of three zones (300/400/300) over a limit of 800 at 1.5: 200 x 4.32168 x 1.5 =
    // 1296.504 -> 1296.50 net, VAT 7% 90.7550 -> 90.76 (half away from zero).
    {
        CalculationInput in = input({point(1, u"P1"_s, A, {{N, "300"}, {H, "400"}, {P, "300"}})}, "2026-10");
        in.limits.add(from("2026-01"), ContractLimits{energy(u"800"_s), 0});
        QTest::newRow("over-limit of a zoned point at the base tariff x the configured 1.5")
            << in
            << QStringList{u"active_energy night 300.000 x 4.32168 x 0.35: net 453.78 + VAT 31.76 = 485.54"_s,
                           u"active_energy half_peak 400.000 x 4.32168 x 1.02: net 1763.25 + VAT 123.43 = 1886.68"_s,
                           u"active_energy peak 300.000 x 4.32168 x 1.68: net 2178.13 + VAT 152.47 = 2330.60"_s,
                           u"over_limit total 200.000 x 4.32168 x 1.5: net 1296.50 + VAT 90.76 = 1387.26"_s}
            << QStringList{u"active_energy: net 4395.16 + VAT 307.66 = 4702.82"_s,
                           u"over_limit: net 1296.50 + VAT 90.76 = 1387.26"_s};
    }
}

void TestCalculation::parametersInForce()
{
    QFETCH(CalculationInput, in);
    QFETCH(QStringList, lines);
    QFETCH(QStringList, documents);
    ParameterSet p;
    const Validity h1 = between("2026-01", "2026-06");
    QVERIFY(p.addTariff(u"legal"_s, 2, h1, tariff(u"4.00000"_s)).isNull());
    QVERIFY(p.addTariff(u"legal"_s, 2, from("2026-07"), tariff(u"4.32168"_s)).isNull());
    QVERIFY(
        p.addZoneCoefficient(ZoneScheme::ThreeZones, N, from("2026-01"), Fraction::parse(u"0.35"_s).value())
            .isNull());
    QVERIFY(
        p.addZoneCoefficient(ZoneScheme::ThreeZones, H, from("2026-01"), Fraction::parse(u"1.02"_s).value())
            .isNull());
    QVERIFY(
        p.addZoneCoefficient(ZoneScheme::ThreeZones, P, from("2026-01"), Fraction::parse(u"1.68"_s).value())
            .isNull());
    QVERIFY(p.addZoneCoefficient(ZoneScheme::TwoZones, N, h1, Fraction{1, 2}).isNull());
    QVERIFY(p.addZoneCoefficient(ZoneScheme::TwoZones, D, h1, Fraction{1, 1}).isNull());
    QVERIFY(p.addOverLimitMultiple(from("2026-01"), Fraction::parse(u"1.5"_s).value()).isNull());
    QVERIFY(p.addVat(h1, VatRule{2000, VatMode::ExtractedFromGross}).isNull());
    QVERIFY(p.addVat(from("2026-07"), VatRule{700, VatMode::FromNet}).isNull());

    const Result<Calculation> calc = calculate(in, p);
    if (!calc.ok()) {
        QCOMPARE(QStringList{calc.error().code()} + calc.error().args(), lines);
        return;
    }
    QStringList gotLines, gotDocuments;
    for (const InvoiceDraft &d : calc.value().invoices) {
        gotDocuments.append(describe(d));
        for (const InvoiceLine &l : d.lines)
            gotLines.append(describe(l));
    }
    QCOMPARE(gotLines, lines);
    QCOMPARE(gotDocuments, documents);
}

void TestCalculation::breakdownOfSubConsumers_data()
{
    QTest::addColumn<CalculationInput>("in");
    QTest::addColumn<QStringList>("breakdown"); // "code zone measured - subtracted = payable"

    // 100.001 shared 3:4:3 = 30.0003 / 40.0004 / 30.0003 -> 30.000 / 40.000 / 30.000, the remaining
    // 0.001 on the largest zone (half-peak).
    QTest::newRow("shares and the remainder on the largest zone")
        << withExternal(input({point(1, u"P1"_s, A, {{N, "300"}, {H, "400"}, {P, "300"}})}),
                        point(9, u"S9"_s, A, {{T, "100.001"}}, 1))
        << QStringList{u"P1 night 300.000 - 30.000 = 270.000"_s, u"P1 half_peak 400.000 - 40.001 = 359.999"_s,
                       u"P1 peak 300.000 - 30.000 = 270.000"_s};
    QTest::newRow("zoned sub-consumer subtracted zone by zone")
        << withExternal(input({point(1, u"P1"_s, A, {{D, "500"}, {N, "300"}})}),
                        point(9, u"S9"_s, A, {{D, "50"}, {N, "20"}}, 1))
        << QStringList{u"P1 night 300.000 - 20.000 = 280.000"_s, u"P1 day 500.000 - 50.000 = 450.000"_s};
    QTest::newRow("zoned sub-consumer under a one-zone parent: its zones together")
        << withExternal(input({point(1, u"P1"_s, A, {{T, "1000"}})}),
                        point(9, u"S9"_s, A, {{D, "50"}, {N, "20"}}, 1))
        << QStringList{u"P1 total 1000.000 - 70.000 = 930.000"_s};
    // A parent's one-zone meter (400) replaced by a two-zone one (day 300, night 300); a two-zone child
    // (day 60, night 40): the whole 100 shared 40 / 30 / 30, since which part of the child's day fell
    // in the one-zone meter's time is not known.
    QTest::newRow("meter replaced: a zoned child shared over both meters")
        << withExternal(input({replacedMeter(1, u"P1"_s, A, {{T, "400"}}, {{D, "300"}, {N, "300"}})}),
                        point(9, u"S9"_s, A, {{D, "60"}, {N, "40"}}, 1))
        << QStringList{u"P1 total 400.000 - 40.000 = 360.000"_s, u"P1 night 300.000 - 30.000 = 270.000"_s,
                       u"P1 day 300.000 - 30.000 = 270.000"_s};
    // 0.001 over three equal buckets of two schemes: 0 each, the remainder on the first largest (total).
    QTest::newRow("meter replaced: the rounding remainder on the first largest bucket")
        << withExternal(input({replacedMeter(1, u"P1"_s, A, {{T, "100"}}, {{D, "100"}, {N, "100"}})}),
                        point(9, u"S9"_s, A, {{T, "0.001"}}, 1))
        << QStringList{u"P1 total 100.000 - 0.001 = 99.999"_s, u"P1 night 100.000 - 0.000 = 100.000"_s,
                       u"P1 day 100.000 - 0.000 = 100.000"_s};
    QTest::newRow("sub-consumers of another kind are not subtracted")
        << withExternal(input({point(1, u"P1"_s, A, {{T, "1000"}})}), point(9, u"S9"_s, R, {{T, "70"}}, 1))
        << QStringList{u"P1 total 1000.000 - 0.000 = 1000.000"_s};
    QTest::newRow("two sub-consumers add up, a grandchild counts only for its own parent")
        << withExternal(input({point(1, u"P1"_s, A, {{T, "1000"}}), point(2, u"P2"_s, A, {{T, "300"}}, 1)}),
                        point(9, u"S9"_s, A, {{T, "100"}}, 2))
        << QStringList{u"P1 total 1000.000 - 300.000 = 700.000"_s, u"P2 total 300.000 - 100.000 = 200.000"_s};
}

void TestCalculation::breakdownOfSubConsumers()
{
    QFETCH(CalculationInput, in);
    QFETCH(QStringList, breakdown);

    const Result<Calculation> calc = calculate(in, standardParameters());
    QVERIFY2(calc.ok(), qPrintable(calc.error().code()));
    QStringList got;
    for (const PointBreakdown &b : calc.value().breakdown)
        got.append(b.code + u' ' + domain::toString(b.zone) + u' ' + b.consumption.toString() + u" - "_s +
                   b.subtracted.toString() + u" = "_s + b.payable.toString());
    QCOMPARE(got, breakdown);
}

// Each breakdown row carries its scheme's coefficient: the invoice package prices the row with the
// line of that coefficient (a meter replaced by one of another scheme gives a zone two lines).
void TestCalculation::breakdownCarriesCoefficients()
{
    // ... and its tariff: a point from 27.5 kV is priced at voltage class 1's, a reactive one at the
    // reactive tariff.
    const Result<Calculation> calc = calculate(
        input({replacedMeter(1, u"P1"_s, A, {{N, "100"}, {H, "100"}, {P, "50"}}, {{D, "200"}, {N, "100"}}),
               point(2, u"P2"_s, A, {{T, "100"}}, 0, 35000), point(3, u"R3"_s, R, {{T, "10"}})}),
        standardParameters());
    QVERIFY(calc.ok());
    QStringList got;
    for (const PointBreakdown &b : calc.value().breakdown)
        got << b.code + u' ' + toString(b.scheme) + u' ' + domain::toString(b.zone) + u" x "_s +
                   b.coefficient.toString() + u" @ "_s + b.tariff.toString();
    QCOMPARE(got, (QStringList{u"P1 two_zones night x 0.5 @ 4.32168"_s, u"P1 two_zones day x 1 @ 4.32168"_s,
                               u"P1 three_zones night x 0.4 @ 4.32168"_s,
                               u"P1 three_zones half_peak x 1 @ 4.32168"_s,
                               u"P1 three_zones peak x 1.5 @ 4.32168"_s, u"P2 one_zone total x 1 @ 3.90000"_s,
                               u"R3 one_zone total x 1 @ 0.15000"_s}));
}

void TestCalculation::inputFromAccount()
{
    // An account tree with one two-zone meter and one removed meter; readings of the period.
    domain::AccountDetail account;
    account.id = AccountId(5);
    domain::Contract contract;
    contract.consumerClass = u"legal"_s;
    contract.selfCalculation = true;
    contract.requiresSignedAct = true;
    account.contracts = {contract};
    domain::MeteringPoint mp;
    mp.id = MeteringPointId(1);
    mp.code = u"P1"_s;
    mp.voltageV = 10000;
    domain::Meter meter;
    meter.id = MeterId(3);
    meter.registers = {domain::Register{RegisterId(11), Zone::Day, {}},
                       domain::Register{RegisterId(12), Zone::Night, {}}};
    domain::Meter removed;
    removed.status = domain::MeterStatus::Removed;
    removed.registers = {domain::Register{RegisterId(13), Zone::Total, {}}};
    mp.meters = {meter, removed};
    domain::SiteObject object;
    object.meteringPoints = {mp};
    account.objects = {object};

    const auto reading = [](qint64 reg, const char *kwh, domain::ReadingState state,
                            const char *when = "2026-10") {
        domain::ReadingRecord r;
        r.registerId = RegisterId(reg);
        r.period = period(when);
        r.consumption = energy(QString::fromLatin1(kwh));
        r.state = state;
        return r;
    };
    QList<domain::ReadingRecord> readings{reading(11, "500", domain::ReadingState::Processed),
                                          reading(12, "300", domain::ReadingState::Processed),
                                          reading(12, "999", domain::ReadingState::Processed, "2026-09")};
    readings[1].overrideReason = u"checked on site"_s;

    const Result<CalculationInput> in = billing::inputFromAccount(account, period("2026-10"), readings,
                                                                  {{RegisterId(11), {energy(u"450"_s)}}});
    QVERIFY(in.ok());
    QCOMPARE(in.value().consumerClass, u"legal"_s);
    QVERIFY(in.value().selfCalculationAllowed);
    QVERIFY(in.value().requiresSignedAct);
    QVERIFY(!in.value().actSigned);
    QCOMPARE(in.value().points.size(), 1);
    const PointConsumption &p = in.value().points.first();
    QCOMPARE(p.voltageV, 10000);
    QCOMPARE(p.registers.size(), 2); // the removed meter without a reading is skipped
    QCOMPARE(p.registers[0].consumption, energy(u"500"_s));
    QVERIFY(p.registers[0].history == (domain::RangeHistory{450000, 1}));
    QVERIFY(!p.registers[0].rangeConfirmed);
    QCOMPARE(p.registers[1].consumption, energy(u"300"_s)); // not the 2026-09 reading
    QVERIFY(p.registers[1].rangeConfirmed);
    QCOMPARE(p.registers[0].meterId, MeterId(3)); // each meter is billed in its own scheme

    // A removed meter read in part (a closing reading for one of its two registers) is missing
    // readings: its scheme, and so how its energy is billed, needs all of them. Read in full, it counts.
    {
        domain::AccountDetail partial = account;
        partial.objects[0].meteringPoints[0].meters[1].registers = {
            domain::Register{RegisterId(13), Zone::Day, {}},
            domain::Register{RegisterId(14), Zone::Night, {}}};
        QList<domain::ReadingRecord> closing = readings;
        closing.append(reading(13, "40", domain::ReadingState::Processed));
        const Result<CalculationInput> inPart =
            billing::inputFromAccount(partial, period("2026-10"), closing);
        QVERIFY(!inPart.ok());
        QCOMPARE(inPart.error().code(), u"calc.readings_missing"_s);
        closing.append(reading(14, "20", domain::ReadingState::Processed));
        const Result<CalculationInput> full = billing::inputFromAccount(partial, period("2026-10"), closing);
        QVERIFY(full.ok());
        QCOMPARE(full.value().points.first().registers.size(), 4);
    }

    // A reading that is not processed yet does not count.
    readings[0].state = domain::ReadingState::Submitted;
    const Result<CalculationInput> missing = billing::inputFromAccount(account, period("2026-10"), readings);
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code(), u"calc.readings_missing"_s);
    QCOMPARE(missing.error().args(), (QStringList{u"P1"_s, u"2026-10"_s}));
}

QTEST_GUILESS_MAIN(TestCalculation)
#include "tst_calculation.moc"

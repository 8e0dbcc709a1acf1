// Documents issued without a calculation (billing/issue.h): the planned advance (the contract's
// monthly energy x the base tariff of the voltage class most active points have) and the services
// invoice a clerk enters. Every amount hand-computed in the rows' comments.

#include "billingfixtures.h"

#include "billing/issue.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace billingtest;

class TestIssue : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void advance_data();
    void advance();
    void advanceErrors_data();
    void advanceErrors();
    void services_data();
    void services();
    void servicesErrors_data();
    void servicesErrors();
};

namespace {
using Limits = Timeline<ContractLimits>;

Limits monthly(const char *kwh, Validity validity = from("2026-01"))
{
    Limits t;
    t.add(validity, ContractLimits{energy(QString::fromLatin1(kwh)), 150000});
    return t;
}

AdvanceInput advanceInput(Limits limits, QList<int> voltages, const char *forPeriod = "2026-12",
                          QList<Energy> recent = {}, int contractAccounts = 1)
{
    AdvanceInput in;
    in.recent = std::move(recent);
    in.contractAccounts = contractAccounts;
    in.period = period(forPeriod);
    in.consumerClass = u"legal"_s;
    in.contractNumber = u"K-17"_s;
    in.activeVoltages = std::move(voltages);
    in.limits = std::move(limits);
    return in;
}

ServiceLine service(const QString &description, const char *quantity, const char *price)
{
    return ServiceLine{description, energy(QString::fromLatin1(quantity)), money(QString::fromLatin1(price))};
}
} // namespace

Q_DECLARE_METATYPE(AdvanceInput)
Q_DECLARE_METATYPE(QList<ServiceLine>)

void TestIssue::advance_data()
{
    QTest::addColumn<AdvanceInput>("in");
    QTest::addColumn<int>("mode"); // VatMode
    QTest::addColumn<QStringList>("lines");
    QTest::addColumn<QString>("document");

    const int extracted = int(VatMode::ExtractedFromGross), fromNet = int(VatMode::FromNet);
    // 5000 x 4.32168 = 21608.40 gross; net 21608.40 / 1.2 = 18007.00, VAT 3601.40.
    QTest::newRow("400 V points: class 2 tariff")
        << advanceInput(monthly("5000"), {400, 400}) << extracted
        << QStringList{u"active_energy total 5000.000 x 4.32168 x 1: net 18007.00 + VAT 3601.40 = 21608.40"_s}
        << u"active_energy: net 18007.00 + VAT 3601.40 = 21608.40"_s;
    // Two points at 35 kV, one at 400 V: class 1, 1000 x 3.90000 = 3900.00 = 3250.00 + 650.00.
    QTest::newRow("most points at 35 kV: class 1 tariff")
        << advanceInput(monthly("1000"), {35000, 400, 35000}) << extracted
        << QStringList{u"active_energy total 1000.000 x 3.90000 x 1: net 3250.00 + VAT 650.00 = 3900.00"_s}
        << u"active_energy: net 3250.00 + VAT 650.00 = 3900.00"_s;
    // One of each: the low voltage, 1000 x 4.32168 = 4321.68 = 3601.40 + 720.28.
    QTest::newRow("a tie: class 2")
        << advanceInput(monthly("1000"), {35000, 400}) << extracted
        << QStringList{u"active_energy total 1000.000 x 4.32168 x 1: net 3601.40 + VAT 720.28 = 4321.68"_s}
        << u"active_energy: net 3601.40 + VAT 720.28 = 4321.68"_s;
    QTest::newRow("no active point: class 2")
        << advanceInput(monthly("1000"), {}) << extracted
        << QStringList{u"active_energy total 1000.000 x 4.32168 x 1: net 3601.40 + VAT 720.28 = 4321.68"_s}
        << u"active_energy: net 3601.40 + VAT 720.28 = 4321.68"_s;
    // VAT added: 4321.68 net, VAT 864.336 -> 864.34, gross 5186.02.
    QTest::newRow("VAT from the net amount")
        << advanceInput(monthly("1000"), {400}) << fromNet
        << QStringList{u"active_energy total 1000.000 x 4.32168 x 1: net 4321.68 + VAT 864.34 = 5186.02"_s}
        << u"active_energy: net 4321.68 + VAT 864.34 = 5186.02"_s;
    // 333.333 x 4.32168 = 1440.55855944 -> 1440.56; net 1200.4666 -> 1200.47, VAT 240.09.
    QTest::newRow("rounded once")
        << advanceInput(monthly("333.333"), {400}) << extracted
        << QStringList{u"active_energy total 333.333 x 4.32168 x 1: net 1200.47 + VAT 240.09 = 1440.56"_s}
        << u"active_energy: net 1200.47 + VAT 240.09 = 1440.56"_s;
    // The limit changed in 2026-12: the advance for 2026-12 takes the new one.
    Limits changed;
    changed.add(between("2026-01", "2026-11"), ContractLimits{energy(u"9000"_s), 0});
    changed.add(from("2026-12"), ContractLimits{energy(u"1000"_s), 0});
    QTest::newRow("the limit in force in the period")
        << advanceInput(changed, {400}) << extracted
        << QStringList{u"active_energy total 1000.000 x 4.32168 x 1: net 3601.40 + VAT 720.28 = 4321.68"_s}
        << u"active_energy: net 3601.40 + VAT 720.28 = 4321.68"_s;
    // The last three billed periods: (1000 + 1200 + 1100.5) / 3 = 1100.1667 -> 1100.167 kWh (the
    // contract's 5000 is not used); x 4.32168 = 4754.56972 -> 4754.57 = 3962.14 + 792.43.
    QTest::newRow("the average of the last billed periods")
        << advanceInput(monthly("5000"), {400}, "2026-12",
                        {energy(u"1000"_s), energy(u"1200"_s), energy(u"1100.5"_s)})
        << extracted
        << QStringList{u"active_energy total 1100.167 x 4.32168 x 1: net 3962.14 + VAT 792.43 = 4754.57"_s}
        << u"active_energy: net 3962.14 + VAT 792.43 = 4754.57"_s;
    // One billed period, no limit at all: 840 kWh = 3630.21 = 3025.18 + 605.03.
    QTest::newRow("one billed period, no contract energy")
        << advanceInput(Limits(), {400}, "2026-12", {energy(u"840"_s)}) << extracted
        << QStringList{u"active_energy total 840.000 x 4.32168 x 1: net 3025.18 + VAT 605.03 = 3630.21"_s}
        << u"active_energy: net 3025.18 + VAT 605.03 = 3630.21"_s;
    // Never billed: the contract's 1000 kWh shared by its 3 accounts = 333.333 kWh -> 1440.56.
    QTest::newRow("never billed: the account's share of the contract")
        << advanceInput(monthly("1000"), {400}, "2026-12", {}, 3) << extracted
        << QStringList{u"active_energy total 333.333 x 4.32168 x 1: net 1200.47 + VAT 240.09 = 1440.56"_s}
        << u"active_energy: net 1200.47 + VAT 240.09 = 1440.56"_s;
    // (0.001 + 0.002) / 2 = 0.0015 -> 0.002 kWh (half away from zero); x 4.32168 = 0.864 kopeck -> 0.01.
    QTest::newRow("the average rounded half away from zero")
        << advanceInput(Limits(), {400}, "2026-12", {energy(u"0.001"_s), energy(u"0.002"_s)}) << extracted
        << QStringList{u"active_energy total 0.002 x 4.32168 x 1: net 0.01 + VAT 0.00 = 0.01"_s}
        << u"active_energy: net 0.01 + VAT 0.00 = 0.01"_s;
    QTest::newRow("nothing consumed lately: nothing to ask for")
        << advanceInput(monthly("1000"), {400}, "2026-12", {energy(u"0"_s), energy(u"0"_s)}) << extracted
        << QStringList{} << u"active_energy: net 0.00 + VAT 0.00 = 0.00"_s;
    QTest::newRow("zero monthly energy: nothing to ask for")
        << advanceInput(monthly("0"), {400}) << extracted << QStringList{}
        << u"active_energy: net 0.00 + VAT 0.00 = 0.00"_s;
}

void TestIssue::advance()
{
    QFETCH(AdvanceInput, in);
    QFETCH(int, mode);
    QFETCH(QStringList, lines);
    QFETCH(QString, document);
    const Result<InvoiceDraft> doc = plannedAdvance(in, standardParameters(VatMode(mode)));
    QVERIFY2(doc, qPrintable(doc ? QString() : doc.error().code()));
    QCOMPARE(toString(doc.value().type), u"planned_advance"_s);
    QCOMPARE(toString(doc.value().article), u"active_energy"_s);
    QStringList got;
    for (const InvoiceLine &l : doc.value().lines)
        got << describe(l);
    QCOMPARE(got, lines);
    QCOMPARE(describe(doc.value()), document);
    QCOMPARE(doc.value().net.kopecks() + doc.value().vat.kopecks(), doc.value().gross.kopecks());
}

void TestIssue::advanceErrors_data()
{
    QTest::addColumn<AdvanceInput>("in");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QStringList>("args");

    QTest::newRow("no limit at all") << advanceInput(Limits(), {400}) << u"calc.parameter_missing"_s
                                     << u"monthly_energy"_s
                                     << QStringList{u"monthly_energy"_s, u"contract=K-17"_s, u"2026-12"_s};
    QTest::newRow("the limit ended before the period")
        << advanceInput(monthly("1000", between("2026-01", "2026-11")), {400}) << u"calc.parameter_missing"_s
        << u"monthly_energy"_s << QStringList{u"monthly_energy"_s, u"contract=K-17"_s, u"2026-12"_s};
    AdvanceInput unknownClass = advanceInput(monthly("1000"), {400});
    unknownClass.consumerClass = u"household"_s;
    QTest::newRow("no tariff of the class")
        << unknownClass << u"calc.parameter_missing"_s << u"tariff"_s
        << QStringList{u"tariff"_s, u"class=household;voltage_class=2"_s, u"2026-12"_s};
    QTest::newRow("before the tariffs start")
        << advanceInput(monthly("1000", from("2025-01")), {400}, "2025-06") << u"calc.parameter_missing"_s
        << u"tariff"_s << QStringList{u"tariff"_s, u"class=legal;voltage_class=2"_s, u"2025-06"_s};
}

void TestIssue::advanceErrors()
{
    QFETCH(AdvanceInput, in);
    QFETCH(QString, code);
    QFETCH(QString, field);
    QFETCH(QStringList, args);
    const Result<InvoiceDraft> doc = plannedAdvance(in, standardParameters());
    QVERIFY(!doc);
    QCOMPARE(doc.error().code(), code);
    QCOMPARE(doc.error().field(), field);
    QCOMPARE(doc.error().args(), args);
}

void TestIssue::services_data()
{
    QTest::addColumn<QList<ServiceLine>>("entered");
    QTest::addColumn<int>("mode");
    QTest::addColumn<QStringList>("lines");
    QTest::addColumn<QString>("document");

    const int extracted = int(VatMode::ExtractedFromGross), fromNet = int(VatMode::FromNet);
    // 850.00 with VAT: net 708.333 -> 708.33, VAT 141.67.
    QTest::newRow("one service")
        << QList<ServiceLine>{service(u"Заміна лічильника"_s, "1", "850.00")} << extracted
        << QStringList{u"services total 1.000 x 850.00000 x 1: net 708.33 + VAT 141.67 = 850.00"_s}
        << u"services: net 708.33 + VAT 141.67 = 850.00"_s;
    // 3 x 12.35 = 37.05 (net 30.875 -> 30.88, VAT 6.17); 0.5 x 0.03 = 0.015 -> 0.02 (net 0.0167 ->
    // 0.02, VAT 0.00). The document: 37.07, net 30.8917 -> 30.89, VAT 6.18; the lines' VAT 6.17, so
    // the kopeck goes to the larger line: 30.87 + 6.18.
    QTest::newRow("two lines, the rounding kopeck on the larger")
        << QList<ServiceLine>{service(u"Пломбування"_s, "3", "12.35"), service(u"Довідка"_s, "0.5", "0.03")}
        << extracted
        << QStringList{u"services total 3.000 x 12.35000 x 1: net 30.87 + VAT 6.18 = 37.05"_s,
                       u"services total 0.500 x 0.03000 x 1: net 0.02 + VAT 0.00 = 0.02"_s}
        << u"services: net 30.89 + VAT 6.18 = 37.07"_s;
    QTest::newRow("a negative quantity credits a service")
        << QList<ServiceLine>{service(u"Повернення: заміна лічильника"_s, "-1", "850.00")} << extracted
        << QStringList{u"services total -1.000 x 850.00000 x 1: net -708.33 + VAT -141.67 = -850.00"_s}
        << u"services: net -708.33 + VAT -141.67 = -850.00"_s;
    // Net prices: 2 x 100.00 = 200.00, VAT 40.00.
    QTest::newRow("VAT added to net prices")
        << QList<ServiceLine>{service(u"Повірка"_s, "2", "100.00")} << fromNet
        << QStringList{u"services total 2.000 x 100.00000 x 1: net 200.00 + VAT 40.00 = 240.00"_s}
        << u"services: net 200.00 + VAT 40.00 = 240.00"_s;
}

void TestIssue::services()
{
    QFETCH(QList<ServiceLine>, entered);
    QFETCH(int, mode);
    QFETCH(QStringList, lines);
    QFETCH(QString, document);
    const Result<InvoiceDraft> doc =
        servicesInvoice(entered, period("2026-11"), standardParameters(VatMode(mode)));
    QVERIFY2(doc, qPrintable(doc ? QString() : doc.error().code() + u' ' + doc.error().field()));
    QCOMPARE(toString(doc.value().type), u"services"_s);
    QCOMPARE(toString(doc.value().article), u"services"_s);
    QStringList got;
    for (const InvoiceLine &l : doc.value().lines)
        got << describe(l);
    QCOMPARE(got, lines);
    QCOMPARE(describe(doc.value()), document);
    for (qsizetype i = 0; i < entered.size(); ++i)
        QCOMPARE(doc.value().lines.at(i).description, entered.at(i).description.trimmed());
}

void TestIssue::servicesErrors_data()
{
    QTest::addColumn<QList<ServiceLine>>("entered");
    QTest::addColumn<QString>("field");

    const ServiceLine ok = service(u"Заміна лічильника"_s, "1", "850.00");
    QTest::newRow("no line") << QList<ServiceLine>{} << u"lines"_s;
    QTest::newRow("too many lines") << QList<ServiceLine>(kMaxServiceLines + 1, ok) << u"lines"_s;
    QTest::newRow("blank description")
        << QList<ServiceLine>{service(u"   "_s, "1", "1.00")} << u"lines[0].description"_s;
    QTest::newRow("description too long")
        << QList<ServiceLine>{ok, service(QString(kMaxServiceDescription + 1, u'я'), "1", "1.00")}
        << u"lines[1].description"_s;
    QTest::newRow("zero quantity") << QList<ServiceLine>{ok, ok, service(u"Довідка"_s, "0", "1.00")}
                                   << u"lines[2].quantity"_s;
    QTest::newRow("zero price") << QList<ServiceLine>{service(u"Довідка"_s, "1", "0.00")}
                                << u"lines[0].price"_s;
    QTest::newRow("negative price") << QList<ServiceLine>{service(u"Довідка"_s, "1", "-5.00")}
                                    << u"lines[0].price"_s;
    // 2 x 60,000,000.00 = 120,000,000.00 UAH: over the bound of a line.
    QTest::newRow("a line's amount over 100 million")
        << QList<ServiceLine>{ok, service(u"Довідка"_s, "2", "60000000.00")} << u"lines[1].price"_s;
    // 10^9 x 10^8 UAH: beyond any amount (it would overflow 64 bits).
    QTest::newRow("a line's amount beyond 64 bits")
        << QList<ServiceLine>{service(u"Довідка"_s, "1000000000", "100000000.00")} << u"lines[0].price"_s;
    // 60,000,000.00 twice: each line within the bound, the total not.
    QTest::newRow("the total over 100 million")
        << QList<ServiceLine>{service(u"Довідка"_s, "1", "60000000.00"),
                              service(u"Довідка"_s, "1", "60000000.00")}
        << u"lines"_s;
    QTest::newRow("a total of zero") << QList<ServiceLine>{service(u"Довідка"_s, "1", "10.00"),
                                                           service(u"Повернення"_s, "-1", "10.00")}
                                     << u"lines"_s;
}

void TestIssue::servicesErrors()
{
    QFETCH(QList<ServiceLine>, entered);
    QFETCH(QString, field);
    const Result<InvoiceDraft> doc = servicesInvoice(entered, period("2026-11"), standardParameters());
    QVERIFY(!doc);
    QCOMPARE(doc.error().code(), u"request.invalid_field"_s);
    QCOMPARE(doc.error().field(), field);
}

QTEST_GUILESS_MAIN(TestIssue)
#include "tst_issue.moc"

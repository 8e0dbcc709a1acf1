// The billing lists from JSON fixtures (tests/client/data/billing, shaped as docs/billing.md's
// "Proposed API"): amounts parsed from strings into kopecks and refused otherwise, newest first,
// sorting by the typed value (kopecks, dates) and not by the text, the totals rows, the saldo of
// reference 004, allocations, and the bill run's failure report in words.

#include "api/billingtypes.h"
#include "api/errortext.h"
#include "models/billingformat.h"
#include "models/billrunfailuremodel.h"
#include "models/displayformat.h"
#include "models/invoicelinemodel.h"
#include "models/invoicelistmodel.h"
#include "models/limitmodel.h"
#include "models/paymentmodel.h"
#include "models/saldomodel.h"
#include "models/tariffmodel.h"
#include "models/taxinvoicemodel.h"
#include "models/turnovermodel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::client;

namespace {
constexpr qint64 kRefused = std::numeric_limits<qint64>::min();

QByteArray fixture(const char *name)
{
    QFile f(QStringLiteral(OBLIK_SOURCE_DIR "/tests/client/data/billing/") + QString::fromLatin1(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("fixture %s missing", name);
    return f.readAll();
}

// Group separators differ between locales and Qt versions (space, no-break space, narrow no-break
// space): compare with plain spaces.
QString plain(QString s)
{
    s.replace(QChar(0x00A0), u' ');
    s.replace(QChar(0x202F), u' ');
    return s;
}

QStringList column(const BillingTableModel &m, int c)
{
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r)
        out << m.text(r, c);
    return out;
}
} // namespace

class TestBillingModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::Ukrainian, QLocale::Ukraine)); }

    void amountParsing_data()
    {
        QTest::addColumn<QJsonValue>("amount");
        QTest::addColumn<qint64>("kopecks"); // kRefused: refused
        QTest::newRow("plain") << QJsonValue(u"1238.88"_s) << qint64(123888);
        QTest::newRow("ten kopecks") << QJsonValue(u"0.10"_s) << qint64(10);
        QTest::newRow("whole") << QJsonValue(u"5"_s) << qint64(500);
        QTest::newRow("negative (credit note)") << QJsonValue(u"-35.20"_s) << qint64(-3520);
        QTest::newRow("large, beyond a double's cents")
            << QJsonValue(u"90071992547409.93"_s) << qint64(9007199254740993);
        QTest::newRow("a JSON number is refused") << QJsonValue(1238.88) << kRefused;
        QTest::newRow("three decimals") << QJsonValue(u"12.345"_s) << kRefused;
        QTest::newRow("not a number") << QJsonValue(u"abc"_s) << kRefused;
        QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined) << kRefused;
    }
    void amountParsing()
    {
        QFETCH(QJsonValue, amount);
        QFETCH(qint64, kopecks);
        QJsonObject item =
            QJsonDocument::fromJson(fixture("invoices.json")).object()[u"items"_s][0].toObject();
        if (amount.isUndefined())
            item.remove(u"amount"_s);
        else
            item[u"amount"_s] = amount;
        const QByteArray body = QJsonDocument(QJsonObject{{u"items"_s, QJsonArray{item}}}).toJson();
        const auto list = billing::invoicesFromJson(body);
        if (kopecks == kRefused) {
            QVERIFY(!list);
            QCOMPARE(list.error().code(), u"network.bad_response"_s);
            QCOMPARE(list.error().field(), u"amount"_s); // says which value was wrong
            return;
        }
        QVERIFY2(list, qPrintable(list.error().detail()));
        QCOMPARE(list.value().first().amount.kopecks(), kopecks);
    }

    void invoicesNewestFirstWithRemaining()
    {
        const auto list = billing::invoicesFromJson(fixture("invoices.json"));
        QVERIFY2(list, qPrintable(list.error().detail()));
        InvoiceListModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setInvoices(list.value());
        QCOMPARE(m.rowCount(), 4);
        QCOMPARE(m.columnCount(), int(InvoiceListModel::ColumnCount));
        // Newest first: the two of 1 November (higher id first), then October, then September.
        QCOMPARE(column(m, InvoiceListModel::Number),
                 (QStringList{u"ZT-2026-000015"_s, u"ZT-2026-000014"_s, u"ZT-2026-000011"_s,
                              u"ZT-2026-000009"_s}));
        QCOMPARE(plain(m.text(1, InvoiceListModel::Charged)), u"1 238,88"_s);
        QCOMPARE(plain(m.text(1, InvoiceListModel::Paid)), u"1 000,00"_s);
        QCOMPARE(plain(m.text(1, InvoiceListModel::Remaining)), u"238,88"_s);
        QCOMPARE(m.text(1, InvoiceListModel::Formed), u"01.11.2026"_s);
        QCOMPARE(m.text(1, InvoiceListModel::PayBy), u"20.11.2026"_s);
        QCOMPARE(m.text(3, InvoiceListModel::Type), format::invoiceType(u"correction"_s));
        QCOMPARE(m.index(1, 0).data(BillingTableModel::IdRole).toLongLong(), 14);
        QCOMPARE(m.index(1, InvoiceListModel::Charged).data(Qt::TextAlignmentRole).toInt(),
                 int(Qt::AlignRight | Qt::AlignVCenter));
        QVERIFY(!m.hasTotals());
        // 238.88 + 12000.10; the paid one and the credit note owe nothing.
        QCOMPARE(m.totalRemaining().kopecks(), 23888 + 1200010);
        QCOMPARE(m.invoiceAt(1)->number, u"ZT-2026-000014"_s);
    }

    void sortByValueNotText_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("order");
        QTest::addColumn<QStringList>("numbers");
        // As text "900,00" > "12 000,10" > "1 238,88"; as kopecks the other way round.
        QTest::newRow("charged ascending") << int(InvoiceListModel::Charged) << int(Qt::AscendingOrder)
                                           << QStringList{u"ZT-2026-000009"_s, u"ZT-2026-000011"_s,
                                                          u"ZT-2026-000014"_s, u"ZT-2026-000015"_s};
        QTest::newRow("remaining descending") << int(InvoiceListModel::Remaining) << int(Qt::DescendingOrder)
                                              << QStringList{u"ZT-2026-000015"_s, u"ZT-2026-000014"_s,
                                                             u"ZT-2026-000011"_s, u"ZT-2026-000009"_s};
        QTest::newRow("formed ascending (stable for equal dates)")
            << int(InvoiceListModel::Formed) << int(Qt::AscendingOrder)
            << QStringList{u"ZT-2026-000009"_s, u"ZT-2026-000011"_s, u"ZT-2026-000015"_s,
                           u"ZT-2026-000014"_s};
        QTest::newRow("pay by descending") << int(InvoiceListModel::PayBy) << int(Qt::DescendingOrder)
                                           << QStringList{u"ZT-2026-000015"_s, u"ZT-2026-000014"_s,
                                                          u"ZT-2026-000011"_s, u"ZT-2026-000009"_s};
    }
    void sortByValueNotText()
    {
        QFETCH(int, column);
        QFETCH(int, order);
        QFETCH(QStringList, numbers);
        InvoiceListModel m;
        m.setInvoices(billing::invoicesFromJson(fixture("invoices.json")).value());
        m.sort(column, Qt::SortOrder(order));
        QCOMPARE(::column(m, InvoiceListModel::Number), numbers);
        // New items keep the chosen sort.
        m.setInvoices(billing::invoicesFromJson(fixture("invoices.json")).value());
        QCOMPARE(::column(m, InvoiceListModel::Number), numbers);
    }

    void unpaidWithTotalsRowLast()
    {
        InvoiceListModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setUnpaidOnly(true);
        m.setInvoices(billing::invoicesFromJson(fixture("invoices.json")).value());
        QCOMPARE(m.itemCount(), 2);
        QCOMPARE(m.rowCount(), 3);
        QVERIFY(m.hasTotals());
        QVERIFY(m.index(2, 0).data(BillingTableModel::TotalsRole).toBool());
        QCOMPARE(m.index(2, 0).data(BillingTableModel::IdRole).toLongLong(), 0);
        QCOMPARE(plain(m.text(2, InvoiceListModel::Remaining)), u"12 238,98"_s);
        QCOMPARE(plain(m.text(2, InvoiceListModel::Charged)), u"13 238,98"_s);
        QCOMPARE(plain(m.text(2, InvoiceListModel::Paid)), u"1 000,00"_s);
        m.sort(InvoiceListModel::Remaining, Qt::AscendingOrder);
        QCOMPARE(m.text(0, InvoiceListModel::Number), u"ZT-2026-000014"_s);
        QVERIFY(m.index(2, 0).data(BillingTableModel::TotalsRole).toBool()); // still last
        m.sort(InvoiceListModel::Remaining, Qt::DescendingOrder);
        QCOMPARE(m.text(0, InvoiceListModel::Number), u"ZT-2026-000015"_s);
        QVERIFY(m.index(2, 0).data(BillingTableModel::TotalsRole).toBool());
    }

    void invoiceLinesAddUp()
    {
        const auto inv = billing::invoiceDetailFromJson(fixture("invoice_detail.json"));
        QVERIFY2(inv, qPrintable(inv.error().detail()));
        QCOMPARE(inv.value().lines.size(), 2);
        InvoiceLineModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setLines(inv.value().lines);
        QCOMPARE(m.rowCount(), 3);
        QCOMPARE(m.text(0, InvoiceLineModel::Zone), format::zoneCode(u"night"_s));
        QCOMPARE(m.text(0, InvoiceLineModel::Coefficient), u"0,4"_s); // the locale's digits, as the tariff
        QCOMPARE(plain(m.text(0, InvoiceLineModel::Tariff)), u"4,32000"_s);
        QCOMPARE(plain(m.text(1, InvoiceLineModel::Quantity)), u"246,740 kWh"_s); // with its unit
        auto reactive = inv.value().lines;
        reactive[1].kind = u"reactive_energy"_s;
        m.setLines(reactive);
        QCOMPARE(plain(m.text(1, InvoiceLineModel::Quantity)), u"246,740 kvarh"_s);
        m.setLines(inv.value().lines);
        // The totals row equals the invoice: 1032.40 + 206.48 = 1238.88.
        QCOMPARE(plain(m.text(2, InvoiceLineModel::Net)), plain(inv.value().net.format()));
        QCOMPARE(plain(m.text(2, InvoiceLineModel::Vat)), plain(inv.value().vat.format()));
        QCOMPARE(plain(m.text(2, InvoiceLineModel::Amount)), u"1 238,88"_s);
    }

    void turnoverOfReference004()
    {
        const auto t = billing::turnoverFromJson(fixture("turnover_004.json"));
        QVERIFY2(t, qPrintable(t.error().detail()));
        QCOMPARE(t.value().period, Period(2018, 1));
        TurnoverModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setItems(t.value().items);
        QCOMPARE(m.rowCount(), 6); // five articles, zero rows included, and the totals
        QCOMPARE(m.text(0, TurnoverModel::Article), format::article(u"active_energy"_s));
        QCOMPARE(plain(m.text(0, TurnoverModel::OpeningCredit)), u"735,22"_s);
        QCOMPARE(plain(m.text(0, TurnoverModel::Charged)), u"3 535,56"_s);
        QCOMPARE(plain(m.text(0, TurnoverModel::Paid)), u"1 000,00"_s);
        QCOMPARE(plain(m.text(0, TurnoverModel::ClosingDebit)), u"1 800,34"_s);
        QVERIFY(m.index(5, 0).data(BillingTableModel::TotalsRole).toBool());
        QCOMPARE(plain(m.text(5, TurnoverModel::OpeningDebit)), u"10,00"_s);
        QCOMPARE(plain(m.text(5, TurnoverModel::Charged)), u"3 556,06"_s);
        QCOMPARE(plain(m.text(5, TurnoverModel::Paid)), u"1 040,00"_s);
        QCOMPARE(plain(m.text(5, TurnoverModel::ClosingCredit)), u"9,50"_s);
        // Every row keeps opening + charged − paid = closing.
        for (const billing::TurnoverRow &r : t.value().items)
            QCOMPARE(r.openingDebit.kopecks() - r.openingCredit.kopecks() + r.charged.kopecks() -
                         r.paid.kopecks(),
                     r.saldo().kopecks());
    }

    void saldoByArticle()
    {
        SaldoModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto turnover = billing::turnoverFromJson(fixture("turnover_004.json")).value();
        m.setTurnover(turnover.items, turnover.period);
        // The charged and paid columns name their period (not "this period", which read 0.00 early
        // in a month as if nothing had ever been charged).
        const QString period = format::period(turnover.period);
        QCOMPARE(m.headerData(SaldoModel::Charged, Qt::Horizontal).toString(), u"Charged in\n"_s + period);
        QCOMPARE(m.headerData(SaldoModel::Paid, Qt::Horizontal).toString(), u"Paid in\n"_s + period);
        // Articles with nothing on them are left out of the dashboard.
        QCOMPARE(m.itemCount(), 2);
        QCOMPARE(plain(m.text(0, SaldoModel::Debt)), u"1 800,34"_s);
        QCOMPARE(m.text(0, SaldoModel::Overpayment), QString());
        QCOMPARE(plain(m.text(1, SaldoModel::Overpayment)), u"9,50"_s);
        QCOMPARE(m.balance().kopecks(), 180034 - 950);
        QCOMPARE(plain(m.text(2, SaldoModel::Debt)), u"1 800,34"_s);
    }

    void paymentsWithAllocations()
    {
        const auto list = billing::paymentsFromJson(fixture("payments.json"));
        QVERIFY2(list, qPrintable(list.error().detail()));
        PaymentModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setPayments(list.value());
        QCOMPARE(m.rowCount(), 2);
        QVERIFY(m.text(0, PaymentModel::AllocatedTo).contains(u"ZT-2026-000014"_s));
        QVERIFY(plain(m.text(0, PaymentModel::AllocatedTo)).contains(u"1 000,00"_s));
        QCOMPARE(plain(m.text(0, PaymentModel::Unallocated)), u"200,00"_s);
        QCOMPARE(m.text(0, PaymentModel::Mfo), u"305299"_s);
        // No "unallocated" in the answer: amount − allocations.
        QCOMPARE(list.value()[1].unallocated.kopecks(), 0);
        QCOMPARE(m.text(1, PaymentModel::Unallocated), QString());
    }

    void taxInvoicesNameTheirInvoice()
    {
        const auto list = billing::taxInvoicesFromJson(fixture("tax_invoices.json"));
        QVERIFY2(list, qPrintable(list.error().detail()));
        TaxInvoiceModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setTaxInvoices(list.value());
        m.setInvoiceNumbers({{14, u"ZT-2026-000014"_s}});
        QCOMPARE(m.text(0, TaxInvoiceModel::Invoice), u"ZT-2026-000014"_s);
        QCOMPARE(plain(m.text(0, TaxInvoiceModel::Net)), u"1 032,40"_s);
        QCOMPARE(plain(m.text(0, TaxInvoiceModel::Vat)), u"206,48"_s);
        QCOMPARE(plain(m.text(0, TaxInvoiceModel::Amount)), u"1 238,88"_s);
        QCOMPARE(m.text(1, TaxInvoiceModel::Corrects), u"7/08"_s);
        QCOMPARE(m.text(0, TaxInvoiceModel::Corrects), QString());
        for (const billing::TaxInvoice &t : list.value())
            QCOMPARE(t.net.kopecks() + t.vat.kopecks(), t.amount.kopecks());
    }

    void tariffsAndLimits()
    {
        const auto t = billing::tariffsFromJson(fixture("tariffs.json"));
        QVERIFY2(t, qPrintable(t.error().detail()));
        TariffModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setParameters(t.value().items);
        QCOMPARE(m.rowCount(), 4);
        QVERIFY(m.text(0, TariffModel::AppliesTo).contains(u"2"_s));
        QCOMPARE(m.text(0, TariffModel::ValidTo), TariffModel::tr("open-ended"));
        QCOMPARE(m.text(1, TariffModel::ValidTo), format::period(Period(2025, 12)));
        LimitModel l;
        l.setLimits(t.value().limits);
        QCOMPARE(l.rowCount(), 1);
        QCOMPARE(plain(l.text(0, LimitModel::MonthlyEnergy)), u"5 000"_s);
    }

    void billRunFailuresInWords()
    {
        const auto run = billing::billRunFromJson(fixture("billrun.json"));
        QVERIFY2(run, qPrintable(run.error().detail()));
        QVERIFY(run.value().isRunning());
        QCOMPARE(run.value().accountsTotal, 100);
        QCOMPARE(run.value().failures.size(), 2);
        BillRunFailureModel m;
        m.setFailures(run.value().failures);
        QCOMPARE(m.text(0, BillRunFailureModel::Account), u"ZT-000031"_s);
        // The text says in words which tariff, for whom, in which month; no "…" for a missing
        // argument, and no code or raw key: those are in the tooltip, for the supplier.
        const QString reason = m.text(0, BillRunFailureModel::Reason);
        QVERIFY2(reason.contains(format::parameterName(u"tariff"_s)) &&
                     reason.contains(u"legal entities"_s) &&
                     reason.contains(format::period(Period(2026, 10))),
                 qPrintable(reason));
        QVERIFY2(!reason.contains(u"class=legal"_s) && !reason.contains(u"2026-10"_s), qPrintable(reason));
        QVERIFY(!reason.contains(u"…"_s));
        const QString tip = m.index(0, BillRunFailureModel::Reason).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(u"calc.parameter_missing"_s) && tip.contains(u"class=legal;voltage_class=1"_s),
                 qPrintable(tip));
        // Energies in the locale's digits (Ukrainian here: a decimal comma).
        const QString negative = m.text(1, BillRunFailureModel::Reason);
        QVERIFY2(negative.contains(u"P-17"_s) && negative.contains(u"120,000"_s) &&
                     negative.contains(u"80,000"_s) && !negative.contains(u"120.000"_s),
                 qPrintable(negative));
    }

    // Every calculation error in words: its arguments in the reader's forms (Ukrainian locale here),
    // never the codes, keys, YYYY-MM periods or dotted decimals the server sends.
    void calcErrorsInWords_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("shown");
        QTest::addColumn<QStringList>("notShown");
        const QString october = format::period(Period(2026, 10));
        QTest::newRow("parameter missing")
            << u"calc.parameter_missing"_s
            << QStringList{u"tariff"_s, u"class=class_2;voltage_class=2"_s, u"2026-10"_s}
            << QStringList{format::parameterName(u"tariff"_s), u"consumer class 2"_s, u"voltage class 2"_s,
                           october}
            << QStringList{u"class_2"_s, u"voltage_class"_s, u"2026-10"_s};
        QTest::newRow("zone coefficient missing")
            << u"calc.parameter_missing"_s
            << QStringList{u"zone_coefficient"_s, u"scheme=three_zones;zone=peak"_s, u"2026-03"_s}
            << QStringList{format::parameterName(u"zone_coefficient"_s), u"three zones"_s, u"peak"_s,
                           format::period(Period(2026, 3))}
            << QStringList{u"three_zones"_s, u"2026-03"_s};
        QTest::newRow("act not signed") << u"calc.act_not_signed"_s << QStringList{u"2026-10"_s}
                                        << QStringList{october} << QStringList{u"2026-10"_s};
        QTest::newRow("readings missing")
            << u"calc.readings_missing"_s << QStringList{u"62Z1807000000010"_s, u"2026-10"_s}
            << QStringList{u"62Z1807000000010"_s, october} << QStringList{u"2026-10"_s};
        QTest::newRow("out of range")
            << u"calc.out_of_range"_s << QStringList{u"62Z1807000000010"_s, u"12345.678"_s, u"840.500"_s}
            << QStringList{u"62Z1807000000010"_s, u"12 345,678"_s, u"840,500"_s}
            << QStringList{u"12345.678"_s, u"840.500"_s};
        QTest::newRow("negative consumption")
            << u"calc.negative_consumption"_s << QStringList{u"P-1"_s, u"1500.000"_s, u"1200.250"_s}
            << QStringList{u"P-1"_s, u"1 500,000"_s, u"1 200,250"_s}
            << QStringList{u"1500.000"_s, u"1200.250"_s};
        QTest::newRow("self not allowed")
            << u"calc.self_not_allowed"_s << QStringList{}
            << QStringList{client::errorText(Error::make(u"calc.self_not_allowed"_s))} << QStringList{};
    }

    void calcErrorsInWords()
    {
        QFETCH(QString, code);
        QFETCH(QStringList, args);
        QFETCH(QStringList, shown);
        QFETCH(QStringList, notShown);
        const QString text = plain(format::billingErrorText(Error::make(code, {}, args)));
        QVERIFY2(!text.isEmpty() && !text.contains(u"%"_s), qPrintable(text));
        for (const QString &s : shown)
            QVERIFY2(text.contains(s), qPrintable(s + u" not in: "_s + text));
        for (const QString &s : notShown)
            QVERIFY2(!text.contains(s), qPrintable(s + u" in: "_s + text));
    }

    // The tariffs page as the server sends it (LedgerRepository::parameterRows): values and keys in
    // words and the locale's digits; power limits without the zero decimals that would read as
    // thousands in Ukrainian ("400.000").
    void tariffsInWords()
    {
        const QByteArray json = R"({"consumer_class":"class_2","items":[
          {"parameter":"tariff","key":"class=class_2;voltage_class=1","value":"5.84210","valid_from":"2025-09","valid_to":null},
          {"parameter":"zone_coefficient","key":"scheme=three_zones;zone=night","value":"0.4","valid_from":"2025-09","valid_to":null},
          {"parameter":"zone_coefficient","key":"scheme=two_zones;zone=night","value":"2/3","valid_from":"2025-09","valid_to":null},
          {"parameter":"over_limit_multiple","key":"","value":"2","valid_from":"2025-09","valid_to":null},
          {"parameter":"vat","key":"","value":"20%; extracted","valid_from":"2025-09","valid_to":"2025-12"},
          {"parameter":"vat","key":"","value":"7.5%; from_net","valid_from":"2026-01","valid_to":"2026-06"},
          {"parameter":"vat","key":"default","value":"20%; extracted","valid_from":"2026-07","valid_to":null}],
          "limits":[{"monthly_energy":"200000.000","power_kw":"400.000","valid_from":"2025-09","valid_to":null},
                    {"monthly_energy":"1500.500","power_kw":"12.500","valid_from":"2024-01","valid_to":"2025-08"}]})";
        const auto t = billing::tariffsFromJson(json);
        QVERIFY2(t, qPrintable(t.error().detail()));
        TariffModel m;
        m.setParameters(t.value().items);
        QCOMPARE(m.rowCount(), 7);
        QStringList keys, values;
        for (int r = 0; r < m.rowCount(); ++r) {
            keys << m.text(r, TariffModel::AppliesTo);
            values << plain(m.text(r, TariffModel::Value));
        }
        const QString all = keys.join(u" | "_s) + u" || "_s + values.join(u" | "_s);
        QVERIFY2(keys.contains(u"consumer class 2, voltage class 1"_s), qPrintable(all));
        // The supplier's default VAT, where no configured one is in force, says so.
        QVERIFY2(keys.contains(u"all consumers (by default)"_s), qPrintable(all));
        QVERIFY2(!all.contains(u"class_2"_s) && !all.contains(u"extracted;"_s) &&
                     !all.contains(u"from_net"_s) && !all.contains(u"; extracted"_s),
                 qPrintable(all));
        QVERIFY2(values.contains(u"5,84210"_s) && values.contains(u"0,4"_s) && values.contains(u"2/3"_s) &&
                     values.contains(u"2"_s),
                 qPrintable(all));
        QVERIFY2(values.contains(u"20%, extracted from the amount with VAT"_s) &&
                     values.contains(u"7,5%, added to the amount without VAT"_s),
                 qPrintable(all));
        LimitModel l;
        l.setLimits(t.value().limits);
        QCOMPARE(l.rowCount(), 2);
        QCOMPARE(plain(l.text(0, LimitModel::MonthlyEnergy)), u"200 000"_s);
        QCOMPARE(plain(l.text(0, LimitModel::Power)), u"400"_s);
        QCOMPARE(plain(l.text(1, LimitModel::Power)), u"12,5"_s);
        QCOMPARE(l.index(0, LimitModel::Power).data(Qt::TextAlignmentRole).toInt() & Qt::AlignRight,
                 int(Qt::AlignRight));
    }

    // A payment that paid several invoices names each on its own line, so the column never cuts the
    // list short.
    void paymentAllocationsOneALine()
    {
        const QByteArray json = R"({"items":[{"id":5,"paid_on":"2026-10-16","period":"2026-10",
          "article":"active_energy","amount":"1160555.57","bank":"","mfo":"","purpose":"",
          "allocations":[{"invoice_id":319,"number":"18-07-2026-319","amount":"285002.13"},
                         {"invoice_id":382,"number":"18-07-2026-382","amount":"875553.44"}],
          "unallocated":"0.00"}]})";
        const auto list = billing::paymentsFromJson(json);
        QVERIFY2(list, qPrintable(list.error().detail()));
        PaymentModel m;
        m.setPayments(list.value());
        const QStringList lines = plain(m.text(0, PaymentModel::AllocatedTo)).split(u'\n');
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines[0].contains(u"18-07-2026-319"_s) && lines[0].contains(u"285 002,13"_s),
                 qPrintable(lines[0]));
        QVERIFY2(lines[1].contains(u"18-07-2026-382"_s) && lines[1].contains(u"875 553,44"_s),
                 qPrintable(lines[1]));
    }

    void calculationAnswer()
    {
        QJsonObject inv = QJsonDocument::fromJson(fixture("invoice_detail.json")).object();
        const QJsonObject body{
            {u"calculation_id"_s, 3}, {u"invoices"_s, QJsonArray{inv}}, {u"corrections"_s, QJsonArray{}}};
        const auto r = billing::calculationFromJson(QJsonDocument(body).toJson());
        QVERIFY2(r, qPrintable(r.error().detail()));
        QCOMPARE(r.value().calculationId, 3);
        QCOMPARE(r.value().invoices.first().lines.size(), 2);
        const auto empty =
            billing::calculationFromJson(R"({"calculation_id":4,"invoices":[],"corrections":[]})");
        QVERIFY(empty);
        QVERIFY(empty.value().invoices.isEmpty());
        QVERIFY(!billing::calculationFromJson("{}"));
    }
};

QTEST_MAIN(TestBillingModels)
#include "tst_billingmodels.moc"

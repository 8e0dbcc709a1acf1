// The clerk's services invoice and the planned advances, offscreen against a fake HTTP server that
// keeps the requests (tests/client/fakehttpserver.h): each line's amount is quantity x price in
// exact kopecks rounded half away from zero, as hand-computed here; a problem found here or
// answered by the server marks its row and column and keeps every typed text; the request body is
// the contract's (POST /accounts/{id}/services-invoices with an Idempotency-Key); the bill run
// sends kind "advance" and reads "advances issued"; planned advances and services lines read in
// words. OBLIK_SCREENSHOT_DIR=DIR also writes pictures of the dialogs in Ukrainian and Russian.

#include "api/apiclient.h"
#include "api/billingjobs.h"
#include "api/certificatestore.h"
#include "fakehttpserver.h"
#include "models/billingformat.h"
#include "models/billrunfailuremodel.h"
#include "models/displayformat.h"
#include "models/invoicelinemodel.h"
#include "translations/languages.h"
#include "views/billrundialog.h"
#include "views/invoicedialog.h"
#include "views/servicesinvoicedialog.h"

#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::client;
using oblik::testing::FakeHttpServer;

namespace {
QString plain(QString s)
{
    s.replace(QChar(0x00A0), u' ');
    s.replace(QChar(0x202F), u' ');
    return s;
}

// The contract's 201 answer: the invoice item with its lines.
QByteArray issuedAnswer()
{
    const QJsonObject line{{u"kind"_s, u"services"_s},
                           {u"zone"_s, u"total"_s},
                           {u"description"_s, u"Заміна лічильника"_s},
                           {u"quantity"_s, u"1.000"_s},
                           {u"tariff"_s, u"850.00000"_s},
                           {u"coefficient"_s, u"1"_s},
                           {u"net"_s, u"708.33"_s},
                           {u"vat"_s, u"141.67"_s},
                           {u"amount"_s, u"850.00"_s}};
    const QJsonObject invoice{{u"id"_s, 91},
                              {u"number"_s, u"ZT-2026-000091"_s},
                              {u"type"_s, u"services"_s},
                              {u"article"_s, u"services"_s},
                              {u"period"_s, u"2026-11"_s},
                              {u"date"_s, u"2026-11-18"_s},
                              {u"due_date"_s, u"2026-11-28"_s},
                              {u"amount"_s, u"850.00"_s},
                              {u"net"_s, u"708.33"_s},
                              {u"vat"_s, u"141.67"_s},
                              {u"paid"_s, u"0.00"_s},
                              {u"remaining"_s, u"850.00"_s},
                              {u"signature_status"_s, u"unsigned"_s},
                              {u"corrects_invoice_id"_s, QJsonValue()},
                              {u"lines"_s, QJsonArray{line}}};
    return QJsonDocument(QJsonObject{{u"invoice"_s, invoice}}).toJson(QJsonDocument::Compact);
}

QByteArray problem(int status, const QString &code, const QString &field, const QStringList &args = {})
{
    QJsonObject o{{u"type"_s, u"about:blank"_s},
                  {u"status"_s, status},
                  {u"title"_s, u"Bad Request"_s},
                  {u"detail"_s, code},
                  {u"code"_s, code}};
    if (!field.isEmpty())
        o.insert(u"field"_s, field);
    if (!args.isEmpty())
        o.insert(u"args"_s, QJsonArray::fromStringList(args));
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}
} // namespace

class TestServicesInvoice : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<CertificateStore> m_pins;
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<FakeHttpServer> m_server;

private Q_SLOTS:
    void initTestCase()
    {
        QLocale::setDefault(QLocale(QLocale::Ukrainian, QLocale::Ukraine));
        m_pins = std::make_unique<CertificateStore>(m_dir.filePath(u"pins.ini"_s));
    }
    void init()
    {
        m_server = std::make_unique<FakeHttpServer>();
        m_api = std::make_unique<ApiClient>(m_pins.get());
        m_api->setBaseUrl(m_server->url());
        m_api->setTransferTimeout(std::chrono::milliseconds(5000));
    }
    void cleanup()
    {
        m_api.reset();
        m_server.reset();
    }

    // quantity x price, rounded half away from zero to the kopeck, by hand.
    void lineAmount_data()
    {
        QTest::addColumn<QString>("quantity");
        QTest::addColumn<QString>("price");
        QTest::addColumn<qint64>("kopecks");
        QTest::addColumn<QString>("shown");
        QTest::newRow("3 x 12.35 = 37.05") << u"3"_s << u"12.35"_s << qint64(3705) << u"37,05"_s;
        QTest::newRow("0.5 x 0.03 = 0.015 -> 0.02") << u"0.5"_s << u"0.03"_s << qint64(2) << u"0,02"_s;
        QTest::newRow("-0.5 x 0.03 = -0.015 -> -0.02") << u"-0.5"_s << u"0.03"_s << qint64(-2) << u"-0,02"_s;
        QTest::newRow("-1 x 850.00 = -850.00") << u"-1"_s << u"850.00"_s << qint64(-85000) << u"-850,00"_s;
        QTest::newRow("comma: 0,125 x 10,00 = 1.25") << u"0,125"_s << u"10,00"_s << qint64(125) << u"1,25"_s;
        QTest::newRow("0.001 x 4.99 = 0.00499 -> 0.00") << u"0.001"_s << u"4.99"_s << qint64(0) << u"0,00"_s;
        QTest::newRow("2.5 x 1 234.01 = 3085.025 -> 3085.03")
            << u"2.5"_s << u"1 234.01"_s << qint64(308503) << u"3 085,03"_s;
    }
    void lineAmount()
    {
        QFETCH(QString, quantity);
        QFETCH(QString, price);
        QFETCH(qint64, kopecks);
        QFETCH(QString, shown);
        billing::ServicesLine line;
        line.quantityMilli = Energy::parse(quantity).value().milli();
        line.price = Money::parse(price).value();
        QCOMPARE(line.amount().value().kopecks(), kopecks);

        ServicesInvoiceDialog d(m_api.get(), AccountId(7), u"ZT-000007"_s, Period(2026, 11));
        d.setLine(0, u"Послуга"_s, quantity, price);
        QCOMPARE(plain(d.cellText(0, ServicesInvoiceDialog::Amount)), shown);
        QCOMPARE(d.total().kopecks(), kopecks);
    }

    void totalFollowsTheLines()
    {
        ServicesInvoiceDialog d(m_api.get(), AccountId(7), u"ZT-000007"_s, Period(2026, 11));
        d.setLine(0, u"Опломбування"_s, u"3"_s, u"12.35"_s);
        d.setLine(1, u"Дрібна послуга"_s, u"0.5"_s, u"0.03"_s);
        QCOMPARE(d.total(), Money::fromKopecks(3705 + 2));
        QVERIFY2(plain(d.totalText()).contains(u"37,07"_s), qPrintable(d.totalText()));
        d.setLine(2, u"Сторно заміни лічильника"_s, u"-1"_s, u"850.00"_s);
        QCOMPARE(d.total(), Money::fromKopecks(3705 + 2 - 85000)); // -812.93
        QVERIFY2(plain(d.totalText()).contains(u"812,93"_s), qPrintable(d.totalText()));
        // A half-typed line has no amount yet and is left out of the total, which says so.
        d.setLine(3, u"Ще одна"_s, u"2"_s, u"1.5x"_s);
        QCOMPARE(d.cellText(3, ServicesInvoiceDialog::Amount), QString());
        QCOMPARE(d.total(), Money::fromKopecks(3705 + 2 - 85000));
        QVERIFY2(d.totalText().contains(u"1"_s) && d.totalText().contains(u"not counted"_s),
                 qPrintable(d.totalText()));
        // Removing the current line takes its amount out.
        d.table()->setCurrentCell(2, 0);
        d.removeCurrentLine();
        QCOMPARE(d.table()->rowCount(), 3);
        QCOMPARE(d.total(), Money::fromKopecks(3707));
    }

    // A broken rule found here: the row and column are marked, the text names the line, and every
    // typed text stays; nothing is sent.
    void localProblemMarksItsCell_data()
    {
        QTest::addColumn<QString>("description");
        QTest::addColumn<QString>("quantity");
        QTest::addColumn<QString>("price");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("says");
        QTest::newRow("no description") << u"   "_s << u"1"_s << u"10"_s
                                        << int(ServicesInvoiceDialog::Description) << u"Line 2, service"_s;
        QTest::newRow("description too long")
            << QString(201, u'я') << u"1"_s << u"10"_s << int(ServicesInvoiceDialog::Description) << u"200"_s;
        QTest::newRow("quantity zero")
            << u"Послуга"_s << u"0"_s << u"10"_s << int(ServicesInvoiceDialog::Quantity) << u"not zero"_s;
        QTest::newRow("quantity four decimals")
            << u"Послуга"_s << u"1.0001"_s << u"10"_s << int(ServicesInvoiceDialog::Quantity)
            << u"three decimals"_s;
        QTest::newRow("quantity not a number")
            << u"Послуга"_s << u"один"_s << u"10"_s << int(ServicesInvoiceDialog::Quantity) << u"один"_s;
        QTest::newRow("price three decimals") << u"Послуга"_s << u"1"_s << u"10.001"_s
                                              << int(ServicesInvoiceDialog::Price) << u"two decimals"_s;
        QTest::newRow("price zero") << u"Послуга"_s << u"1"_s << u"0"_s << int(ServicesInvoiceDialog::Price)
                                    << u"more than zero"_s;
        QTest::newRow("price negative")
            << u"Послуга"_s << u"1"_s << u"-5"_s << int(ServicesInvoiceDialog::Price) << u"more than zero"_s;
        QTest::newRow("price missing")
            << u"Послуга"_s << u"1"_s << u""_s << int(ServicesInvoiceDialog::Price) << u"Line 2, price"_s;
    }
    void localProblemMarksItsCell()
    {
        QFETCH(QString, description);
        QFETCH(QString, quantity);
        QFETCH(QString, price);
        QFETCH(int, column);
        QFETCH(QString, says);
        ServicesInvoiceDialog d(m_api.get(), AccountId(7), u"ZT-000007"_s, Period(2026, 11));
        d.setLine(0, u"Заміна лічильника"_s, u"1"_s, u"850.00"_s);
        d.setLine(1, description, quantity, price);
        d.setLine(2, u"Опломбування"_s, u"3"_s, u"12.35"_s);
        d.submit();
        QVERIFY(!d.isRunning());
        QVERIFY(m_server->requests().isEmpty());
        QVERIFY(d.isMarked(1, column));
        for (int c : {0, 1, 2})
            if (c != column) {
                QVERIFY(!d.isMarked(1, c));
                QVERIFY(!d.isMarked(0, c));
            }
        QVERIFY2(d.errorLabel()->text().contains(says), qPrintable(d.errorLabel()->text()));
        QVERIFY(d.errorLabel()->text().startsWith(u"Line 2"_s));
        QCOMPARE(d.table()->currentRow(), 1);
        QCOMPARE(d.table()->currentColumn(), column);
        // Everything typed stays, the wrong value too.
        QCOMPARE(d.cellText(0, 0), u"Заміна лічильника"_s);
        QCOMPARE(d.cellText(2, 2), u"12.35"_s);
        QCOMPARE(d.cellText(1, 0), description);
        QCOMPARE(d.cellText(1, 1), quantity);
        QCOMPARE(d.cellText(1, 2), price);
        // Typing into the marked cell takes its mark away.
        d.table()->item(1, column)->setText(u"1"_s);
        QVERIFY(!d.isMarked(1, column));
    }

    void emptyRowsAreNotLines()
    {
        ServicesInvoiceDialog d(m_api.get(), AccountId(7), u"ZT-000007"_s, Period(2026, 11));
        d.submit(); // one empty row: no line at all
        QVERIFY(m_server->requests().isEmpty());
        QVERIFY2(d.errorLabel()->text().contains(u"at least one line"_s), qPrintable(d.errorLabel()->text()));
        d.setLine(2, u"Послуга"_s, u"1"_s, u"10"_s); // rows 0 and 1 left empty
        const auto r = d.request();
        QVERIFY2(r, qPrintable(r.error().detail()));
        QCOMPARE(r.value().lines.size(), 1);
        QCOMPARE(d.rowOfField(u"lines[0].price"_s), 2);
        QCOMPARE(ServicesInvoiceDialog::columnOfField(u"lines[0].price"_s),
                 int(ServicesInvoiceDialog::Price));
        QCOMPARE(ServicesInvoiceDialog::columnOfField(u"lines[12].description"_s),
                 int(ServicesInvoiceDialog::Description));
        QCOMPARE(ServicesInvoiceDialog::columnOfField(u"period"_s), -1);
    }

    // Enter ends an edit in the table; it never issues an invoice (nor closes the dialog).
    void enterDoesNotIssue()
    {
        ServicesInvoiceDialog d(m_api.get(), AccountId(7), u"ZT-000007"_s, Period(2026, 11));
        d.setLine(0, u"Заміна лічильника"_s, u"1"_s, u"850.00"_s);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        d.table()->setFocus();
        d.table()->setCurrentCell(0, ServicesInvoiceDialog::Price);
        QTest::keyClick(d.table(), Qt::Key_Return);
        QTest::keyClick(d.table(), Qt::Key_Return);
        QTest::qWait(50);
        QVERIFY(!d.isRunning());
        QVERIFY(m_server->requests().isEmpty());
        QVERIFY(d.isVisible());
    }

    // The request as the contract has it, with an Idempotency-Key; the answer's number is shown
    // and issued() is emitted (the account's invoices reload on it).
    void sendsTheContractsBody()
    {
        m_server->enqueue({201, "application/json", issuedAnswer()});
        ServicesInvoiceDialog d(m_api.get(), AccountId(7), u"ZT-000007"_s, Period(2026, 11));
        QCOMPARE(d.periodBox()->currentData().toInt(), 202611); // the current period by default
        d.setLine(0, u"  Заміна лічильника "_s, u"1"_s, u"850"_s);
        d.setLine(1, u"Опломбування"_s, u"0,5"_s, u"1 200,5"_s);
        QSignalSpy issued(&d, &ServicesInvoiceDialog::issued);
        d.submit();
        QVERIFY(d.isRunning());
        QVERIFY(!d.issueButton()->isEnabled());
        QVERIFY(issued.wait(10000));
        QCOMPARE(m_server->requests().size(), 1);
        const FakeHttpServer::Request &req = m_server->requests().first();
        QCOMPARE(req.method, QByteArray("POST"));
        QCOMPARE(req.path, QByteArray("/api/v1/accounts/7/services-invoices"));
        QVERIFY(!req.headers.value("idempotency-key").isEmpty());
        QVERIFY(req.headers.value("content-type").startsWith("application/json"));
        const QJsonObject body = QJsonDocument::fromJson(req.body).object();
        const QJsonObject expected{
            {u"period"_s, u"2026-11"_s},
            {u"lines"_s, QJsonArray{QJsonObject{{u"description"_s, u"Заміна лічильника"_s},
                                                {u"quantity"_s, u"1.000"_s},
                                                {u"price"_s, u"850.00"_s}},
                                    QJsonObject{{u"description"_s, u"Опломбування"_s},
                                                {u"quantity"_s, u"0.500"_s},
                                                {u"price"_s, u"1200.50"_s}}}}};
        QCOMPARE(body, expected);
        const auto invoice = issued.first().first().value<billing::Invoice>();
        QCOMPARE(invoice.number, u"ZT-2026-000091"_s);
        QCOMPARE(invoice.type, u"services"_s);
        QCOMPARE(invoice.lines.size(), 1);
        QCOMPARE(invoice.lines.first().description, u"Заміна лічильника"_s);
        QVERIFY(d.resultLabel()->isVisibleTo(&d));
        QVERIFY2(d.resultLabel()->text().contains(u"ZT-2026-000091"_s), qPrintable(d.resultLabel()->text()));
        QVERIFY2(plain(d.resultLabel()->text()).contains(u"850,00"_s), qPrintable(d.resultLabel()->text()));
        // Issued once: no second invoice from the same dialog, and the lines stay as sent.
        QVERIFY(d.isIssued());
        QTRY_VERIFY(!d.isRunning());
        QVERIFY(!d.issueButton()->isVisibleTo(&d));
        QVERIFY(!d.addLineButton()->isEnabled());
        QCOMPARE(d.table()->editTriggers(), QAbstractItemView::NoEditTriggers);
        QCOMPARE(d.pendingKey(), QString());
    }

    // The server's field names a line of those sent (empty rows skipped): its row and column are
    // marked, in words, and every typed text stays.
    void serverProblemLandsOnItsRow_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<int>("row");
        QTest::addColumn<int>("column");
        QTest::newRow("lines[0].description") << u"lines[0].description"_s << 0 << 0;
        QTest::newRow("lines[1].quantity") << u"lines[1].quantity"_s << 2 << 1;
        QTest::newRow("lines[1].price") << u"lines[1].price"_s << 2 << 2;
    }
    void serverProblemLandsOnItsRow()
    {
        QFETCH(QString, field);
        QFETCH(int, row);
        QFETCH(int, column);
        m_server->enqueue({400, "application/problem+json", problem(400, u"request.invalid_field"_s, field)});
        ServicesInvoiceDialog d(m_api.get(), AccountId(7), u"ZT-000007"_s, Period(2026, 11));
        d.setLine(0, u"Заміна лічильника"_s, u"1"_s, u"850.00"_s);
        d.setLine(2, u"Опломбування"_s, u"3"_s, u"12.35"_s); // row 1 stays empty: line 1 is row 2
        d.submit();
        QTRY_VERIFY_WITH_TIMEOUT(!d.isRunning(), 10000);
        QCOMPARE(m_server->requests().size(), 1);
        QVERIFY(d.isMarked(row, column));
        QVERIFY2(d.errorLabel()->text().startsWith(u"Line %1"_s.arg(row + 1)),
                 qPrintable(d.errorLabel()->text()));
        QVERIFY2(d.errorLabel()->text().contains(Error::make(u"request.invalid_field"_s).message()),
                 qPrintable(d.errorLabel()->text()));
        QCOMPARE(d.cellText(0, 0), u"Заміна лічильника"_s);
        QCOMPARE(d.cellText(2, 0), u"Опломбування"_s);
        QCOMPARE(d.cellText(2, 1), u"3"_s);
        QCOMPARE(d.cellText(2, 2), u"12.35"_s);
        QVERIFY(d.issueButton()->isEnabled());
        QCOMPARE(d.pendingKey(), QString()); // refused: a resend is a new request
    }

    void parameterMissingInWords()
    {
        m_server->enqueue(
            {422, "application/problem+json",
             problem(422, u"calc.parameter_missing"_s, {}, {u"vat"_s, u"default"_s, u"2026-11"_s})});
        ServicesInvoiceDialog d(m_api.get(), AccountId(7), u"ZT-000007"_s, Period(2026, 11));
        d.setLine(0, u"Заміна лічильника"_s, u"1"_s, u"850.00"_s);
        d.submit();
        QTRY_VERIFY_WITH_TIMEOUT(!d.isRunning(), 10000);
        const QString text = d.errorLabel()->text();
        QVERIFY2(text.contains(format::parameterName(u"vat"_s)) && !text.contains(u"2026-11"_s),
                 qPrintable(text));
        QCOMPARE(d.cellText(0, 0), u"Заміна лічильника"_s);
    }

    // A lost answer (the server is gone): Retry with the same lines repeats the key, changed lines
    // take a new one.
    void retryRepeatsItsKey()
    {
        m_api->setBaseUrl(QUrl(u"http://127.0.0.1:1"_s));
        ServicesInvoiceDialog d(m_api.get(), AccountId(7), u"ZT-000007"_s, Period(2026, 11));
        d.setLine(0, u"Заміна лічильника"_s, u"1"_s, u"850.00"_s);
        d.submit();
        const QString first = d.pendingKey();
        QVERIFY(!first.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!d.isRunning(), 10000);
        QVERIFY(d.errorLabel()->isVisibleTo(&d));
        d.submit();
        QCOMPARE(d.pendingKey(), first);
        QTRY_VERIFY_WITH_TIMEOUT(!d.isRunning(), 10000);
        d.setLine(0, u"Заміна лічильника"_s, u"2"_s, u"850.00"_s);
        d.submit();
        QVERIFY(d.pendingKey() != first);
        QTRY_VERIFY_WITH_TIMEOUT(!d.isRunning(), 10000);
    }

    // The bill run: "Planned advances" defaults to the period after the latest closed one, sends
    // kind "advance", and reads the advances issued; a calculation sends kind "calculation".
    void billRunSendsAdvance()
    {
        const QJsonObject run{
            {u"id"_s, 12},
            {u"kind"_s, u"advance"_s},
            {u"state"_s, u"done"_s},
            {u"period"_s, u"2026-11"_s},
            {u"accounts_total"_s, 40},
            {u"accounts_done"_s, 38},
            {u"accounts_failed"_s, 2},
            {u"invoices"_s, 38},
            {u"postings"_s, 0},
            {u"failures"_s,
             QJsonArray{QJsonObject{
                 {u"account_id"_s, 31},
                 {u"number"_s, u"ZT-000031"_s},
                 {u"code"_s, u"calc.parameter_missing"_s},
                 {u"args"_s, QJsonArray{u"monthly_energy"_s, u"contract=Д-0031"_s, u"2026-12"_s}}}}}};
        m_server->enqueue({202, "application/json", QJsonDocument(run).toJson(QJsonDocument::Compact)});
        domain::User clerk;
        clerk.role = domain::Role::Clerk;
        domain::District district;
        district.id = DistrictId(3);
        district.code = u"ZT"_s;
        district.name = u"Zhytomyr"_s;
        clerk.district = district;
        BillRunDialog d(m_api.get(), clerk, Period(2026, 10));
        QCOMPARE(d.kind(), u"calculation"_s);
        QCOMPARE(d.periodBox()->currentData().toInt(), 202610);
        d.setKind(u"advance"_s);
        QCOMPARE(d.periodBox()->currentData().toInt(), 202611);
        QSignalSpy updated(&d, &BillRunDialog::runUpdated);
        d.start();
        QVERIFY(updated.wait(10000));
        const FakeHttpServer::Request &req = m_server->requests().first();
        QCOMPARE(req.path, QByteArray("/api/v1/bill-runs"));
        const QJsonObject body = QJsonDocument::fromJson(req.body).object();
        QCOMPARE(body.value(u"kind"_s).toString(), u"advance"_s);
        QCOMPARE(body.value(u"period"_s).toString(), u"2026-11"_s);
        QCOMPARE(body.value(u"district_id"_s).toInteger(), 3);
        QVERIFY(!req.headers.value("idempotency-key").isEmpty());
        QCOMPARE(d.run().kind, u"advance"_s);
        QCOMPARE(d.run().invoices, 38);
        const QString progress = d.progressLabel()->text();
        QVERIFY2(progress.contains(u"advances issued: 38"_s) && !progress.contains(u"postings"_s),
                 qPrintable(progress));
        // The failure in words: the contract, its missing monthly energy and the month.
        const QString reason = d.failureModel()->text(0, 1);
        QVERIFY2(reason.contains(u"Д-0031"_s) && reason.contains(u"monthly energy"_s) &&
                     reason.contains(format::period(Period(2026, 12))) &&
                     !reason.contains(u"monthly_energy"_s),
                 qPrintable(reason));

        // A calculation run says so.
        m_server->enqueue({202, "application/json",
                           QJsonDocument(QJsonObject{{u"id"_s, 13},
                                                     {u"kind"_s, u"calculation"_s},
                                                     {u"state"_s, u"done"_s},
                                                     {u"accounts_total"_s, 1},
                                                     {u"accounts_done"_s, 1},
                                                     {u"accounts_failed"_s, 0},
                                                     {u"invoices"_s, 2},
                                                     {u"postings"_s, 4}})
                               .toJson(QJsonDocument::Compact)});
        d.setKind(u"calculation"_s);
        QCOMPARE(d.periodBox()->currentData().toInt(), 202610);
        d.start();
        QVERIFY(updated.wait(10000));
        QCOMPARE(
            QJsonDocument::fromJson(m_server->requests().at(1).body).object().value(u"kind"_s).toString(),
            u"calculation"_s);
        QVERIFY(m_server->requests().at(1).headers.value("idempotency-key") !=
                m_server->requests().at(0).headers.value("idempotency-key"));
        QVERIFY2(d.progressLabel()->text().contains(u"postings: 4"_s), qPrintable(d.progressLabel()->text()));
    }

    void billRunWithoutKindIsACalculation()
    {
        const auto run = billing::billRunFromJson(
            R"({"id":7,"state":"running","accounts_done":1,"accounts_total":2,"accounts_failed":0})");
        QVERIFY2(run, qPrintable(run.error().detail()));
        QCOMPARE(run.value().kind, u"calculation"_s);
        QCOMPARE(run.value().invoices, 0);
    }

    // The lists in words: a planned advance as the cabinets name it; a services line shows its
    // description and a count without kWh.
    void advancesAndServicesInWords()
    {
        QCOMPARE(format::invoiceType(u"planned_advance"_s), u"Planned advance for active energy"_s);
        const auto invoice = billing::issuedInvoiceFromJson(issuedAnswer());
        QVERIFY2(invoice, qPrintable(invoice.error().detail()));
        InvoiceLineModel m;
        m.setLines(invoice.value().lines);
        QCOMPARE(m.text(0, InvoiceLineModel::Kind), format::lineKind(u"services"_s));
        QCOMPARE(m.text(0, InvoiceLineModel::Zone), u"Заміна лічильника"_s);
        QCOMPARE(m.text(0, InvoiceLineModel::Quantity), u"1"_s);
        QCOMPARE(format::count(500), u"0,5"_s);
        QCOMPARE(format::count(-1250), u"-1,25"_s);
        // Lines of servers before services invoices have no description: read as "".
        const auto old = billing::invoiceDetailFromJson(
            R"({"id":1,"number":"N","type":"active_energy","date":"2026-11-01","amount":"1.00","paid":"0.00",)"
            R"("remaining":"1.00","lines":[{"kind":"active_energy","zone":"day","quantity":"1.000",)"
            R"("tariff":"1.00000","net":"0.83","vat":"0.17","amount":"1.00"}]})");
        QVERIFY2(old, qPrintable(old.error().detail()));
        QCOMPARE(old.value().lines.first().description, QString());
        m.setLines(old.value().lines);
        QVERIFY(m.text(0, InvoiceLineModel::Quantity).contains(u"kWh"_s));
    }

    // OBLIK_SCREENSHOT_DIR=DIR: the dialogs in Ukrainian and Russian.
    void screenshots_data()
    {
        QTest::addColumn<QString>("lang");
        QTest::newRow("uk") << u"uk"_s;
        QTest::newRow("ru") << u"ru"_s;
    }
    void screenshots()
    {
        QFETCH(QString, lang);
        const QString dir = qEnvironmentVariable("OBLIK_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("OBLIK_SCREENSHOT_DIR not set");
        i18n::Translators translators;
        QVERIFY(translators.install(lang));
        const auto restore =
            qScopeGuard([] { QLocale::setDefault(QLocale(QLocale::Ukrainian, QLocale::Ukraine)); });
        const auto shoot = [&](QWidget *w, const QString &name) {
            w->show();
            QVERIFY(QTest::qWaitForWindowExposed(w));
            QTest::qWait(150);
            QVERIFY(w->grab().save(dir + u'/' + name + u'-' + lang + u".png"_s));
        };
        ServicesInvoiceDialog d(m_api.get(), AccountId(7), u"ZT-000007"_s, Period(2026, 11));
        d.setLine(0, u"Заміна лічильника"_s, u"1"_s, u"850.00"_s);
        d.setLine(1, u"Опломбування засобу обліку"_s, u"3"_s, u"12,35"_s);
        d.setLine(2, u"Сторно: повторне підключення"_s, u"-1"_s, u"420"_s);
        d.setLine(3, u"Перевірка схеми обліку"_s, u"0,5"_s, u"1 200,555"_s);
        d.submit();
        shoot(&d, u"services-invoice-error"_s);
        d.setLine(3, u"Перевірка схеми обліку"_s, u"0,5"_s, u"1 200,55"_s);
        m_server->enqueue({201, "application/json", issuedAnswer()});
        QSignalSpy issued(&d, &ServicesInvoiceDialog::issued);
        d.submit();
        QVERIFY(issued.wait(10000));
        shoot(&d, u"services-invoice-issued"_s);

        domain::User clerk;
        clerk.role = domain::Role::Clerk;
        BillRunDialog run(m_api.get(), clerk, Period(2026, 10));
        run.setKind(u"advance"_s);
        billing::BillRun state;
        state.id = 12;
        state.kind = u"advance"_s;
        state.state = u"done"_s;
        state.period = Period(2026, 11);
        state.accountsTotal = 40;
        state.accountsDone = 38;
        state.accountsFailed = 2;
        state.invoices = 38;
        state.failures = {{31,
                           u"ZT-000031"_s,
                           u"calc.parameter_missing"_s,
                           {u"monthly_energy"_s, u"contract=Д-0031"_s, u"2026-12"_s}},
                          {35,
                           u"ZT-000035"_s,
                           u"calc.parameter_missing"_s,
                           {u"tariff"_s, u"class=legal;voltage_class=2"_s, u"2026-12"_s}}};
        run.showRun(state);
        shoot(&run, u"billrun-advances"_s);

        InvoiceDialog inv(m_api.get(), nullptr, AccountId(7),
                          billing::issuedInvoiceFromJson(issuedAnswer()).value());
        shoot(&inv, u"invoice-services"_s);
    }
};

QTEST_MAIN(TestServicesInvoice)
#include "tst_servicesinvoice.moc"

// The billing screens offscreen, without a server (the API points at a closed port): every list
// opens from the local store's copy at once, marked "as of <time>", and stays when the request
// fails; without a copy the page says so with Retry; "Calculate" is offered only where the
// contract allows it (or to a clerk) and says why not; the clerk's payment dialog names the field
// of each problem; Retry of a payment or a calculation repeats its Idempotency-Key, a new action
// takes a new one.

#include "api/apiclient.h"
#include "api/certificatestore.h"
#include "fixtures.h"
#include "local/localstore.h"
#include "models/billrunfailuremodel.h"
#include "models/documentlistmodel.h"
#include "models/invoicelistmodel.h"
#include "models/paymentmodel.h"
#include "models/saldomodel.h"
#include "models/tariffmodel.h"
#include "models/turnovermodel.h"
#include "serverprocess.h"
#include "translations/languages.h"
#include "views/billingcontroller.h"
#include "views/billingpage.h"
#include "views/billrundialog.h"
#include "views/calculatedialog.h"
#include "views/documentopener.h"
#include "views/documentviewer.h"
#include "views/invoicedialog.h"
#include "views/mainwindow.h"
#include "views/paymentdialog.h"

#include <QComboBox>
#include <QDateEdit>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::client;

namespace {
QByteArray fixture(const char *name)
{
    QFile f(QStringLiteral(OBLIK_SOURCE_DIR "/tests/client/data/billing/") + QString::fromLatin1(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("fixture %s missing", name);
    return f.readAll();
}

domain::User user(domain::Role role)
{
    domain::User u;
    u.id = UserId(role == domain::Role::Consumer ? 1 : 2);
    u.login = role == domain::Role::Consumer ? u"accountant"_s : u"clerk"_s;
    u.role = role;
    return u;
}
} // namespace

class TestBillingView : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<CertificateStore> m_pins;
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<LocalStore> m_store;
    int m_n = 0;

private Q_SLOTS:
    void initTestCase()
    {
        QLocale::setDefault(QLocale(QLocale::Ukrainian, QLocale::Ukraine));
        m_pins = std::make_unique<CertificateStore>(m_dir.filePath(u"pins.ini"_s));
        m_api = std::make_unique<ApiClient>(m_pins.get());
        m_api->setBaseUrl(QUrl(u"https://127.0.0.1:%1"_s.arg(oblik::testing::closedPort())));
        m_api->setTransferTimeout(std::chrono::milliseconds(3000));
    }
    void init()
    {
        m_store = std::make_unique<LocalStore>();
        QVERIFY(m_store->open(m_dir.filePath(u"store%1.db"_s.arg(++m_n))).isNull());
    }
    void cleanup() { m_store.reset(); }

    void storeKeepsTheLastAnswerPerKind()
    {
        QCOMPARE(m_store->schemaVersion(), LocalStore::latestSchemaVersion());
        const AccountId a(1), b(2);
        QVERIFY(!m_store->cachedBilling(a, u"invoices"_s));
        QVERIFY(m_store->cacheBilling(a, u"invoices"_s, "[1]", 1000).isNull());
        QVERIFY(m_store->cacheBilling(a, u"invoices"_s, "[2]", 2000).isNull()); // replaces
        QVERIFY(m_store->cacheBilling(a, u"turnover/2026-10"_s, "{}", 3000).isNull());
        QVERIFY(m_store->cacheBilling(b, u"invoices"_s, "[3]", 4000).isNull());
        QCOMPARE(m_store->cachedBilling(a, u"invoices"_s)->json, QByteArray("[2]"));
        QCOMPARE(m_store->cachedBilling(a, u"invoices"_s)->fetchedAtMs, 2000);
        QCOMPARE(m_store->cachedBilling(a, u"turnover/2026-10"_s)->json, QByteArray("{}"));
        QCOMPARE(m_store->cachedBilling(b, u"invoices"_s)->json, QByteArray("[3]"));
        QVERIFY(!m_store->cachedBilling(b, u"turnover/2026-10"_s));
    }

    void documentsOpenFromTheStoreOffline()
    {
        // The documents list is one more billing list: the store's copy at once, then the failure
        // said next to it; Open and Save… follow the selection.
        const domain::AccountDetail account = oblik::testing::accountFixture();
        const qint64 at = QDateTime(QDate(2026, 11, 20), QTime(9, 30)).toMSecsSinceEpoch();
        QVERIFY(m_store->cacheBilling(account.id, u"documents"_s, fixture("documents.json"), at).isNull());
        BillingController c(m_api.get());
        c.setStore(m_store.get());
        c.setUser(user(domain::Role::Consumer));
        c.setAccount(account);
        QSignalSpy loaded(&c, &BillingController::loaded);
        BillingPage *page = c.page(BillingController::Page::Documents);
        QCOMPARE(page->objectName(), u"documentsPage"_s);
        QVERIFY(!c.openDocumentButton()->isEnabled());
        c.load(BillingController::Page::Documents);
        QCOMPARE(c.documentModel()->itemCount(), 4);
        QCOMPARE(c.documentModel()->text(0, DocumentListModel::Kind), u"Invoice package"_s);
        QCOMPARE(c.documentModel()->text(0, DocumentListModel::Signature), u"Not signed"_s);
        QCOMPARE(c.documentModel()->text(3, DocumentListModel::Signature), u"Signed by supplier"_s);
        QVERIFY(loaded.wait(10000));
        QCOMPARE(loaded.last().at(1).toBool(), false);
        // Four-digit years, as every date of the client (Ukrainian here: "20.11.2026 09:30").
        const QString asOf = u"20.11.2026 09:30"_s;
        QVERIFY2(page->statusLabel()->text().contains(asOf), qPrintable(page->statusLabel()->text()));
        QCOMPARE(c.documentModel()->itemCount(), 4);
        page->table()->setCurrentIndex(c.documentModel()->index(1, 0));
        QVERIFY(c.openDocumentButton()->isEnabled());
        QVERIFY(c.saveDocumentButton()->isEnabled());
        // Opening it offline with nothing kept: the viewer says why, in words.
        bool done = false;
        connect(c.documentOpener(), &DocumentOpener::viewerLoaded, this,
                [&](DocumentViewer *, bool, const Error &) { done = true; });
        c.openDocumentButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
        QCOMPARE(c.documentOpener()->viewers().size(), 1);
        DocumentViewer *v = c.documentOpener()->viewers().first();
        QCOMPARE(v->windowTitle(), u"Tax invoice 7"_s);
        QVERIFY2(v->statusLabel()->text().contains(errorTextOf(u"network.unreachable"_s)),
                 qPrintable(v->statusLabel()->text()));
        QCOMPARE(v->pageCount(), 0);
        v->close();
    }

    void listsOpenFromTheStoreOffline()
    {
        const domain::AccountDetail account = oblik::testing::accountFixture();
        const qint64 at = QDateTime(QDate(2026, 11, 20), QTime(9, 30)).toMSecsSinceEpoch();
        QVERIFY(m_store->cacheBilling(account.id, u"invoices"_s, fixture("invoices.json"), at).isNull());
        QVERIFY(m_store->cacheBilling(account.id, u"payments"_s, fixture("payments.json"), at).isNull());
        BillingController c(m_api.get());
        c.setStore(m_store.get());
        c.setUser(user(domain::Role::Consumer));
        c.setAccount(account);
        QSignalSpy loaded(&c, &BillingController::loaded);
        c.load(BillingController::Page::Invoices);
        // At once, before any answer: the store's copy, marked with its time.
        BillingPage *page = c.page(BillingController::Page::Invoices);
        QCOMPARE(c.invoiceModel()->itemCount(), 4);
        QVERIFY(page->isLoading());
        // Four-digit years, as every date of the client (Ukrainian here: "20.11.2026 09:30").
        const QString asOf = u"20.11.2026 09:30"_s;
        QVERIFY2(page->statusLabel()->text().contains(asOf), qPrintable(page->statusLabel()->text()));
        // The balance page shares the invoices: its unpaid list is there too.
        QCOMPARE(c.unpaidModel()->itemCount(), 2);
        // The turnover statement will open on the newest billed period (October 2026 here).
        if (c.turnoverPeriodBox()->findData(202610) >= 0)
            QCOMPARE(c.turnoverPeriodBox()->currentData().toInt(), 202610);
        // The request fails (nothing listens): the copy stays, with the reason.
        QVERIFY(loaded.wait(10000));
        QCOMPARE(loaded.last().at(1).toBool(), false);
        QVERIFY(!page->isLoading());
        QCOMPARE(c.invoiceModel()->itemCount(), 4);
        QVERIFY(page->statusLabel()->text().contains(asOf));
        QVERIFY2(page->statusLabel()->text().contains(errorTextOf(u"network.unreachable"_s)),
                 qPrintable(page->statusLabel()->text()));
        QVERIFY(page->retryButton()->isVisibleTo(page));
        QVERIFY(page->table()->isVisibleTo(page));

        c.load(BillingController::Page::Payments);
        QCOMPARE(c.paymentModel()->itemCount(), 2);
        QVERIFY(loaded.wait(10000));
        QCOMPARE(c.paymentModel()->itemCount(), 2);
    }

    // The tax invoices name their invoice by number, which comes with the invoices list: opened first
    // (nothing saved), the tab asks the server for the invoices too, and the invoices' copy fills the
    // column when one is saved.
    void taxInvoicesFetchTheirInvoiceNumbers()
    {
        const domain::AccountDetail account = oblik::testing::accountFixture();
        BillingController c(m_api.get());
        c.setStore(m_store.get());
        c.setUser(user(domain::Role::Consumer));
        c.setAccount(account);
        QSignalSpy loaded(&c, &BillingController::loaded);
        c.load(BillingController::Page::TaxInvoices);
        QVERIFY(c.page(BillingController::Page::Invoices)->isLoading());
        const auto sources = [&loaded] {
            QStringList out;
            for (const QList<QVariant> &args : std::as_const(loaded))
                out << args.at(0).toString();
            return out;
        };
        QTRY_VERIFY_WITH_TIMEOUT(sources().contains(u"invoices"_s) && sources().contains(u"tax_invoices"_s),
                                 10000);
    }

    void nothingSavedSaysSo()
    {
        BillingController c(m_api.get());
        c.setStore(m_store.get());
        c.setUser(user(domain::Role::Consumer));
        c.setAccount(oblik::testing::accountFixture());
        QSignalSpy loaded(&c, &BillingController::loaded);
        c.load(BillingController::Page::Turnover);
        BillingPage *page = c.page(BillingController::Page::Turnover);
        QVERIFY(page->emptyLabel()->isVisibleTo(page));
        QCOMPARE(page->emptyLabel()->text(), BillingPage::tr("Loading…"));
        // Other lists may answer first (their requests fail the same way): wait for the turnover's.
        const auto turnoverLoaded = [&loaded] {
            for (const QList<QVariant> &args : std::as_const(loaded))
                if (args.at(0).toString() == u"turnover"_s)
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(turnoverLoaded(), 10000);
        QCOMPARE(c.turnoverModel()->rowCount(), 0);
        QVERIFY(page->emptyLabel()->isVisibleTo(page));
        QVERIFY(page->emptyLabel()->text().contains(BillingPage::tr("none was saved on this computer")));
        QVERIFY(page->statusLabel()->text().contains(errorTextOf(u"network.unreachable"_s)));
        QVERIFY(page->retryButton()->isVisibleTo(page));
        // The turnover of the chosen period is kept under that period only.
        const Period chosen = Period::fromYyyymm(c.turnoverPeriodBox()->currentData().toInt());
        QCOMPARE(chosen, c.currentPeriod().previous());
        QVERIFY(m_store
                    ->cacheBilling(oblik::testing::accountFixture().id, u"turnover/"_s + chosen.toString(),
                                   fixture("turnover_004.json"))
                    .isNull());
        c.load(BillingController::Page::Turnover);
        QCOMPARE(c.turnoverModel()->itemCount(), 5);
        QVERIFY(page->table()->isVisibleTo(page));
        QVERIFY(loaded.wait(10000));
        QCOMPARE(c.turnoverModel()->itemCount(), 5);
    }

    void calculateOnlyWhereAllowed_data()
    {
        QTest::addColumn<int>("role");
        QTest::addColumn<bool>("selfCalculation");
        QTest::addColumn<bool>("offered");
        QTest::newRow("consumer, contract without self-calculation")
            << int(domain::Role::Consumer) << false << false;
        QTest::newRow("consumer, contract with self-calculation")
            << int(domain::Role::Consumer) << true << true;
        QTest::newRow("clerk, contract without self-calculation")
            << int(domain::Role::Clerk) << false << true;
        QTest::newRow("admin") << int(domain::Role::Admin) << false << true;
    }
    void calculateOnlyWhereAllowed()
    {
        QFETCH(int, role);
        QFETCH(bool, selfCalculation);
        QFETCH(bool, offered);
        domain::AccountDetail account = oblik::testing::accountFixture();
        QVERIFY(!account.contracts.isEmpty());
        for (domain::Contract &k : account.contracts)
            k.selfCalculation = selfCalculation;
        BillingController c(m_api.get());
        c.setUser(user(domain::Role(role)));
        c.setAccount(account);
        QCOMPARE(c.calculateButton()->isEnabled(), offered);
        QCOMPARE(c.canCalculate(), offered);
        QCOMPARE(c.calculateReason()->isVisibleTo(c.page(BillingController::Page::Invoices)), !offered);
        if (!offered)
            QVERIFY(
                c.calculateReason()->text().contains(BillingController::tr("does not allow calculating")));
        // Register payment and the bill run are the clerk's.
        const bool clerk = domain::Role(role) != domain::Role::Consumer;
        QCOMPARE(c.registerPaymentButton()->isVisibleTo(c.page(BillingController::Page::Payments)), clerk);
        QCOMPARE(c.billRunButton()->isVisibleTo(c.page(BillingController::Page::Balance)), clerk);
    }

    void paymentDialogNamesTheField_data()
    {
        QTest::addColumn<QString>("amount");
        QTest::addColumn<QString>("mfo");
        QTest::addColumn<QString>("purpose");
        QTest::addColumn<QString>("field"); // "" = valid
        QTest::addColumn<qint64>("kopecks");
        QTest::newRow("valid") << u"1 238,88"_s << u"305299"_s << u"Оплата"_s << QString() << qint64(123888);
        QTest::newRow("valid, no MFO") << u"5"_s << QString() << u"Оплата"_s << QString() << qint64(500);
        QTest::newRow("no amount") << QString() << QString() << u"Оплата"_s << u"amount"_s << qint64(0);
        QTest::newRow("amount not a number")
            << u"abc"_s << QString() << u"Оплата"_s << u"amount"_s << qint64(0);
        QTest::newRow("amount with 3 decimals")
            << u"1,234"_s << QString() << u"x"_s << u"amount"_s << qint64(0);
        QTest::newRow("zero") << u"0"_s << QString() << u"x"_s << u"amount"_s << qint64(0);
        QTest::newRow("negative") << u"-5"_s << QString() << u"x"_s << u"amount"_s << qint64(0);
        QTest::newRow("MFO of 5 digits") << u"5"_s << u"30529"_s << u"x"_s << u"mfo"_s << qint64(0);
        QTest::newRow("MFO with letters") << u"5"_s << u"30529a"_s << u"x"_s << u"mfo"_s << qint64(0);
        QTest::newRow("no purpose") << u"5"_s << QString() << u"  "_s << u"purpose"_s << qint64(0);
    }
    void paymentDialogNamesTheField()
    {
        QFETCH(QString, amount);
        QFETCH(QString, mfo);
        QFETCH(QString, purpose);
        QFETCH(QString, field);
        QFETCH(qint64, kopecks);
        PaymentDialog d(m_api.get(), AccountId(1), u"ZT-1"_s, QDate(2026, 11, 25));
        d.amountEdit()->setText(amount);
        d.mfoEdit()->setText(mfo);
        d.purposeEdit()->setText(purpose);
        const auto r = d.request();
        if (field.isEmpty()) {
            QVERIFY2(r, qPrintable(r.error().detail()));
            QCOMPARE(r.value().amount.kopecks(), kopecks);
            QCOMPARE(r.value().paidOn, QDate(2026, 11, 25));
            QCOMPARE(r.value().toJson().value(u"amount"_s).toString(),
                     Money::fromKopecks(kopecks).toString());
            return;
        }
        QVERIFY(!r);
        QCOMPARE(r.error().field(), field);
        d.submit();
        QVERIFY(!d.isRunning()); // nothing sent
        QVERIFY(d.errorLabel()->isVisibleTo(&d));
        const QString label = field == u"amount"_s ? PaymentDialog::tr("Amount")
                              : field == u"mfo"_s  ? PaymentDialog::tr("MFO")
                                                   : PaymentDialog::tr("Purpose");
        QVERIFY2(d.errorLabel()->text().startsWith(label), qPrintable(d.errorLabel()->text()));
        QVERIFY(d.findChild<QWidget *>(field)->styleSheet().contains(u"c62828"_s));
        // What was typed stays.
        QCOMPARE(d.amountEdit()->text(), amount);
    }

    void paymentRetryRepeatsItsKey()
    {
        PaymentDialog d(m_api.get(), AccountId(1), u"ZT-1"_s, QDate(2026, 11, 25));
        d.amountEdit()->setText(u"100"_s);
        d.purposeEdit()->setText(u"Оплата"_s);
        d.submit();
        QVERIFY(d.isRunning());
        const QString first = d.pendingKey();
        QVERIFY(!first.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!d.isRunning(), 10000);
        QVERIFY(d.errorLabel()->text().contains(errorTextOf(u"network.unreachable"_s)));
        d.submit(); // Retry: the same payment
        QCOMPARE(d.pendingKey(), first);
        QTRY_VERIFY_WITH_TIMEOUT(!d.isRunning(), 10000);
        d.amountEdit()->setText(u"101"_s); // another payment
        d.submit();
        QVERIFY(d.pendingKey() != first);
        QTRY_VERIFY_WITH_TIMEOUT(!d.isRunning(), 10000);
    }

    void calculateRetryRepeatsItsKey()
    {
        CalculateDialog d(m_api.get(), AccountId(1), u"ZT-1"_s, Period(2026, 10));
        QCOMPARE(d.periodBox()->count(), 12);
        QCOMPARE(d.periodBox()->currentData().toInt(), 202610);
        d.calculate();
        QVERIFY(d.isRunning());
        const QString first = d.pendingKey();
        QTRY_VERIFY_WITH_TIMEOUT(!d.isRunning(), 10000);
        QCOMPARE(d.lastError().code(), u"network.unreachable"_s);
        QVERIFY(d.retryButton()->isVisibleTo(&d));
        QVERIFY(d.resultLabel()->text().contains(errorTextOf(u"network.unreachable"_s)));
        d.retry();
        QCOMPARE(d.pendingKey(), first);
        QTRY_VERIFY_WITH_TIMEOUT(!d.isRunning(), 10000);
        d.calculate(); // a new click: a new calculation
        QVERIFY(d.pendingKey() != first);
        QTRY_VERIFY_WITH_TIMEOUT(!d.isRunning(), 10000);
    }

    void calcErrorsInWords_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QStringList>("args");
        QTest::newRow("parameter missing")
            << u"calc.parameter_missing"_s
            << QStringList{u"tariff"_s, u"class=legal;voltage_class=2"_s, u"2026-07"_s};
        QTest::newRow("act not signed") << u"calc.act_not_signed"_s << QStringList{u"2026-10"_s};
        QTest::newRow("negative consumption")
            << u"calc.negative_consumption"_s << QStringList{u"P-1"_s, u"120.000"_s, u"80.000"_s};
        QTest::newRow("out of range")
            << u"calc.out_of_range"_s << QStringList{u"P-2"_s, u"9000.000"_s, u"100.000"_s};
        QTest::newRow("self not allowed") << u"calc.self_not_allowed"_s << QStringList{};
    }
    void calcErrorsInWords()
    {
        QFETCH(QString, code);
        QFETCH(QStringList, args);
        const QString text = errorTextOf(code, args);
        QVERIFY(!text.isEmpty());
        QVERIFY2(!text.contains(u"…"_s) && !text.contains(u"%1"_s), qPrintable(text));
        QVERIFY(text != code);
        for (const QString &a : args)
            QVERIFY2(text.contains(a), qPrintable(text));
    }

    void billRunDialogScope()
    {
        domain::User clerk = user(domain::Role::Clerk);
        domain::District d;
        d.id = DistrictId(3);
        d.code = u"ZT"_s;
        d.name = u"Zhytomyr"_s;
        clerk.district = d;
        BillRunDialog dialog(m_api.get(), clerk, Period(2026, 10));
        QCOMPARE(dialog.periodBox()->currentData().toInt(), 202610);
        QVERIFY(dialog.startButton()->isEnabled());
        QVERIFY(!dialog.cancelButton()->isEnabled());
        QVERIFY(!dialog.resumeButton()->isEnabled());
        dialog.start();
        QVERIFY(!dialog.startButton()->isEnabled()); // no second run while the first starts
        QTRY_VERIFY_WITH_TIMEOUT(dialog.errorLabel()->isVisibleTo(&dialog), 10000);
        QCOMPARE(dialog.lastError().code(), u"network.unreachable"_s);
        QTRY_VERIFY(dialog.startButton()->isEnabled());
    }

    void billRunDialogFollowsTheRun()
    {
        BillRunDialog dialog(m_api.get(), user(domain::Role::Admin), Period(2026, 10));
        billing::BillRun run = billing::billRunFromJson(fixture("billrun.json")).value();
        dialog.showRun(run);
        // 40 done + 2 failed of 100.
        QCOMPARE(dialog.progressBar()->maximum(), 100);
        QCOMPARE(dialog.progressBar()->value(), 42);
        QVERIFY(dialog.progressLabel()->text().contains(u"40"_s));
        QVERIFY(dialog.cancelButton()->isEnabled());
        QVERIFY(!dialog.startButton()->isEnabled());
        QVERIFY(!dialog.resumeButton()->isEnabled());
        QCOMPARE(dialog.failureModel()->rowCount(), 2);
        QSignalSpy finished(&dialog, &BillRunDialog::runFinished);
        run.state = u"cancelled"_s;
        dialog.showRun(run);
        QCOMPARE(finished.size(), 1);
        QVERIFY(!dialog.cancelButton()->isEnabled());
        QVERIFY(dialog.resumeButton()->isEnabled());
        QVERIFY(dialog.startButton()->isEnabled());
        // A supplier of millions of accounts: the bar counts per mille, it does not overflow int.
        run.state = u"running"_s;
        run.accountsTotal = 3000000000LL;
        run.accountsDone = 1500000000LL;
        run.accountsFailed = 0;
        dialog.showRun(run);
        QCOMPARE(dialog.progressBar()->maximum(), 1000);
        QCOMPARE(dialog.progressBar()->value(), 500);
    }

    // No header or first cell cut short: the bill run's account column before any failure, and a
    // page's first column (the tariffs' parameter names are long in Ukrainian).
    void firstColumnsAreNotCut()
    {
        // In Ukrainian, whose header ("Особовий рахунок") is wider than a default section.
        auto translators = std::make_unique<i18n::Translators>();
        QVERIFY(translators->install(u"uk"_s));
        const auto restore = qScopeGuard([&translators] {
            translators.reset();
            QLocale::setDefault(QLocale(QLocale::Ukrainian, QLocale::Ukraine));
        });
        BillRunDialog dialog(m_api.get(), user(domain::Role::Clerk), Period(2026, 10));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *view = dialog.findChild<QTableView *>(u"billRunFailures"_s);
        QVERIFY(view);
        QHeaderView *header = view->horizontalHeader();
        QVERIFY2(header->sectionSize(0) >= header->sectionSizeHint(0),
                 qPrintable(u"%1 < %2"_s.arg(header->sectionSize(0)).arg(header->sectionSizeHint(0))));

        const QString longName = QString(60, u'W');
        const QJsonObject item{{u"parameter"_s, longName},
                               {u"key"_s, QString()},
                               {u"value"_s, u"1"_s},
                               {u"valid_from"_s, u"2025-09"_s},
                               {u"valid_to"_s, QJsonValue()}};
        const QByteArray json = QJsonDocument(QJsonObject{{u"consumer_class"_s, u"class_2"_s},
                                                          {u"items"_s, QJsonArray{item}},
                                                          {u"limits"_s, QJsonArray{}}})
                                    .toJson();
        const auto t = billing::tariffsFromJson(json);
        QVERIFY2(t, qPrintable(t.error().detail()));
        TariffModel model;
        BillingPage page(u"tariffsPage"_s);
        QTableView *table = page.addTable(&model, u"tariffTable"_s);
        page.resize(1400, 600);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        model.setParameters(t.value().items);
        QVERIFY2(table->columnWidth(0) >= table->fontMetrics().horizontalAdvance(longName),
                 qPrintable(u"%1"_s.arg(table->columnWidth(0))));
    }

    void mainWindowHasTheBillingTabs()
    {
        MainWindow w(m_api.get());
        QStringList titles;
        for (int i = 0; i < w.tabs()->count(); ++i)
            titles << w.tabs()->tabText(i);
        for (auto p : {BillingController::Page::Balance, BillingController::Page::Invoices,
                       BillingController::Page::TaxInvoices, BillingController::Page::Payments,
                       BillingController::Page::Turnover, BillingController::Page::Tariffs,
                       BillingController::Page::Documents})
            QVERIFY2(titles.contains(BillingController::title(p)), qPrintable(titles.join(u", "_s)));
        QVERIFY(w.billingController());
    }

    // OBLIK_SCREENSHOT_DIR=DIR: pictures of every billing page and dialog from the fixtures, as
    // the store's copy offline (the server's own pages come from tests/client/screenshot.sh).
    void screenshots()
    {
        const QString dir = qEnvironmentVariable("OBLIK_SCREENSHOT_DIR");
        if (dir.isEmpty())
            QSKIP("OBLIK_SCREENSHOT_DIR not set");
        const domain::AccountDetail account = oblik::testing::accountFixture();
        BillingController c(m_api.get());
        const Period current = c.currentPeriod();
        for (const auto &[kind, file] : std::initializer_list<std::pair<QString, const char *>>{
                 {u"invoices"_s, "invoices.json"},
                 {u"tax_invoices"_s, "tax_invoices.json"},
                 {u"payments"_s, "payments.json"},
                 {u"tariffs"_s, "tariffs.json"},
                 {u"turnover/"_s + current.toString(), "turnover_004.json"},
                 {u"turnover/"_s + current.previous().toString(), "turnover_004.json"},
                 {u"invoice/14"_s, "invoice_detail.json"},
                 {u"documents"_s, "documents.json"}})
            QVERIFY(m_store->cacheBilling(account.id, kind, fixture(file)).isNull());
        c.setStore(m_store.get());
        domain::User clerk = user(domain::Role::Clerk);
        domain::District d;
        d.id = DistrictId(3);
        d.code = u"ZT"_s;
        d.name = u"Zhytomyr district"_s;
        clerk.district = d;
        c.setUser(clerk);
        c.setAccount(account);
        QSignalSpy loaded(&c, &BillingController::loaded);
        const auto shoot = [&](QWidget *w, const QString &name) {
            w->show();
            QVERIFY(QTest::qWaitForWindowExposed(w));
            QTest::qWait(100);
            QVERIFY(w->grab().save(dir + u'/' + name + u".png"_s));
        };
        int n = 0;
        for (auto p : {BillingController::Page::Balance, BillingController::Page::Invoices,
                       BillingController::Page::TaxInvoices, BillingController::Page::Payments,
                       BillingController::Page::Turnover, BillingController::Page::Tariffs,
                       BillingController::Page::Documents}) {
            BillingPage *page = c.page(p);
            page->resize(1280, 560);
            c.load(p);
            QTRY_VERIFY_WITH_TIMEOUT(!page->isLoading(), 10000);
            shoot(page, u"billing-%1-%2"_s.arg(++n).arg(page->objectName()));
            page->hide();
        }
        // The empty state: an account without anything saved.
        domain::AccountDetail other = account;
        other.id = AccountId(999);
        c.setAccount(other);
        c.load(BillingController::Page::Invoices);
        QTRY_VERIFY_WITH_TIMEOUT(!c.page(BillingController::Page::Invoices)->isLoading(), 10000);
        shoot(c.page(BillingController::Page::Invoices), u"billing-7-invoices-empty-offline"_s);
        c.page(BillingController::Page::Invoices)->hide();
        c.setAccount(account);

        InvoiceDialog invoice(m_api.get(), m_store.get(), account.id,
                              billing::invoicesFromJson(fixture("invoices.json")).value()[1]);
        invoice.load();
        QTRY_VERIFY_WITH_TIMEOUT(!invoice.page()->isLoading(), 10000);
        shoot(&invoice, u"billing-8-invoice-dialog"_s);

        CalculateDialog calc(m_api.get(), account.id, account.number, current.previous());
        calc.calculate();
        QTRY_VERIFY_WITH_TIMEOUT(!calc.isRunning(), 10000);
        shoot(&calc, u"billing-9-calculate-offline"_s);
        CalculateDialog refused(m_api.get(), account.id, account.number, current.previous());
        refused.resultLabel()->setStyleSheet(u"color: #c62828;"_s);
        refused.resultLabel()->setText(
            CalculateDialog::tr("The period was not calculated. %1")
                .arg(errorTextOf(u"calc.parameter_missing"_s,
                                 {u"tariff"_s, u"class=legal;voltage_class=2"_s, u"2026-10"_s})));
        shoot(&refused, u"billing-10-calculate-refused"_s);

        PaymentDialog pay(m_api.get(), account.id, account.number, QDate::currentDate());
        pay.amountEdit()->setText(u"1 238,888"_s);
        pay.bankEdit()->setText(u"АТ КБ «ПриватБанк»"_s);
        pay.mfoEdit()->setText(u"305299"_s);
        pay.purposeEdit()->setText(u"Оплата за активну електроенергію"_s);
        pay.submit();
        shoot(&pay, u"billing-11-payment-invalid"_s);

        BillRunDialog run(m_api.get(), clerk, current.previous());
        run.showRun(billing::billRunFromJson(fixture("billrun.json")).value());
        shoot(&run, u"billing-12-billrun"_s);
    }

private:
    static QString errorTextOf(const QString &code, const QStringList &args = {})
    {
        return Error::make(code, {}, args).message();
    }
};

QTEST_MAIN(TestBillingView)
#include "tst_billingview.moc"

// The billing screens against a real oblik-server with the demo ledger (SQLite): the demo's
// billed periods as invoices (newest first, remaining = max(0, amount − paid)), an invoice's lines
// adding up to it, tax invoices with net + VAT = gross, payments with their allocations, the
// turnover statement's identity per article, the balance page from the server and then from the
// local store, the clerk's payment registered once under a repeated Idempotency-Key, a bill run
// followed to its end, and a consumer's Calculate refused in words when the contract does not
// allow it; a clerk's services invoice (its lines, its place in the list, issued once under a
// repeated key, a field problem naming its line) and a planned-advance run (kind "advance", nothing
// posted, issued once per account and period). When the server does not have the billing routes
// yet (404), each test skips and says so; so do the services and advance tests on a server without
// those.

#include "api/apiclient.h"
#include "api/billingjobs.h"
#include "api/certificatestore.h"
#include "api/jobs.h"
#include "jobwaiter.h"
#include "local/localstore.h"
#include "models/billrunfailuremodel.h"
#include "models/invoicelistmodel.h"
#include "models/saldomodel.h"
#include "serverprocess.h"
#include "views/billingcontroller.h"
#include "views/billingpage.h"
#include "views/billrundialog.h"
#include "views/servicesinvoicedialog.h"

#include <QProgressBar>

#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::client;
using oblik::testing::ServerProcess;
using oblik::testing::wait;

// The billing routes arrive with the server side of issue 5; until then the server answers 404.
#define SKIP_WITHOUT_ROUTE(error)                                                                            \
    do {                                                                                                     \
        if ((error).code() == u"not_found"_s || (error).code() == u"method_not_allowed"_s)                   \
            QSKIP("oblik-server has no billing routes yet (the request answered 404): the e2e test of the "  \
                  "billing screens waits for them");                                                         \
    } while (false)

class TestBillingE2e : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<ServerProcess> m_server;
    QString m_serverError;
    std::unique_ptr<CertificateStore> m_pins;
    std::unique_ptr<ApiClient> m_consumer;
    std::unique_ptr<ApiClient> m_clerk;
    domain::User m_clerkUser;
    domain::AccountDetail m_account;

    bool ensureServer()
    {
        if (!m_server) {
            m_server = std::make_unique<ServerProcess>();
            if (!m_server->start(&m_serverError))
                m_server.reset();
        }
        return m_server != nullptr;
    }

    std::unique_ptr<ApiClient> signIn(const QString &login, domain::User *user = nullptr)
    {
        auto api = std::make_unique<ApiClient>(m_pins.get());
        api->setBaseUrl(m_server->url());
        auto [response, error] =
            wait<protocol::LoginResponse>(api->login(login, u"oblik-demo"_s), &LoginJob::finished);
        if (!response) {
            qWarning() << "login" << login << "failed:" << error.code() << error.detail();
            return nullptr;
        }
        if (user)
            *user = response->user;
        return api;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale::c());
        QVERIFY(m_dir.isValid());
        REQUIRE_SERVER();
        m_pins = std::make_unique<CertificateStore>(m_dir.filePath(u"pins.ini"_s));
        m_pins->trust(m_server->hostKey(), CertificateStore::fingerprintOf(m_server->fetchCertificate()));
        m_consumer = signIn(u"accountant"_s);
        QVERIFY(m_consumer);
        m_clerk = signIn(u"clerk"_s, &m_clerkUser);
        QVERIFY(m_clerk);
        auto [list, listError] = wait<protocol::AccountList>(m_consumer->accounts(), &AccountsJob::finished);
        QVERIFY2(list.has_value() && !list->items.isEmpty(), qPrintable(listError.code()));
        auto [account, error] =
            wait<domain::AccountDetail>(m_consumer->account(list->items.first().id), &AccountJob::finished);
        QVERIFY2(account.has_value(), qPrintable(error.code()));
        m_account = *account;
    }
    void cleanupTestCase()
    {
        if (m_server)
            m_server->stop();
    }

    void invoicesOfTheDemo()
    {
        auto [invoices, error] =
            wait<QList<billing::Invoice>>(m_consumer->invoices(m_account.id), &InvoicesJob::finished);
        SKIP_WITHOUT_ROUTE(error);
        QVERIFY2(invoices.has_value(), qPrintable(error.code() + u' ' + error.detail()));
        QVERIFY2(!invoices->isEmpty(), "the demo bills 12 closed periods");
        bool somePaid = false;
        for (int i = 0; i < invoices->size(); ++i) {
            const billing::Invoice &inv = invoices->at(i);
            QCOMPARE(inv.remaining.kopecks(), std::max<qint64>(0, inv.amount.kopecks() - inv.paid.kopecks()));
            QCOMPARE(inv.net.kopecks() + inv.vat.kopecks(), inv.amount.kopecks());
            if (i > 0)
                QVERIFY2(!(invoices->at(i - 1).date < inv.date), "newest first");
            somePaid = somePaid || inv.paid.isPositive();
        }
        QVERIFY2(somePaid, "the demo records payments");

        // The detail: lines adding up to the invoice.
        const billing::Invoice &first = invoices->first();
        auto [detail, detailError] =
            wait<billing::Invoice>(m_consumer->invoice(m_account.id, first.id), &InvoiceJob::finished);
        QVERIFY2(detail.has_value(), qPrintable(detailError.code()));
        QCOMPARE(detail->number, first.number);
        qint64 sum = 0;
        for (const billing::InvoiceLine &l : detail->lines) {
            QCOMPARE(l.net.kopecks() + l.vat.kopecks(), l.amount.kopecks());
            sum += l.amount.kopecks();
        }
        if (!detail->lines.isEmpty())
            QCOMPARE(sum, detail->amount.kopecks());
    }

    void taxInvoicesPaymentsTurnover()
    {
        auto [tax, taxError] = wait<QList<billing::TaxInvoice>>(m_consumer->taxInvoices(m_account.id),
                                                                &TaxInvoicesJob::finished);
        SKIP_WITHOUT_ROUTE(taxError);
        QVERIFY2(tax.has_value(), qPrintable(taxError.code()));
        for (const billing::TaxInvoice &t : *tax)
            QCOMPARE(t.net.kopecks() + t.vat.kopecks(), t.amount.kopecks());

        auto [payments, payError] =
            wait<QList<billing::Payment>>(m_consumer->payments(m_account.id), &PaymentsJob::finished);
        QVERIFY2(payments.has_value(), qPrintable(payError.code()));
        for (const billing::Payment &p : *payments) {
            qint64 allocated = 0;
            for (const billing::Allocation &a : p.allocations)
                allocated += a.amount.kopecks();
            QCOMPARE(allocated + p.unallocated.kopecks(), p.amount.kopecks());
        }

        const Period period = Period::fromDate(QDate::currentDate()).previous();
        auto [turnover, tError] =
            wait<billing::Turnover>(m_consumer->turnover(m_account.id, period), &TurnoverJob::finished);
        QVERIFY2(turnover.has_value(), qPrintable(tError.code()));
        QCOMPARE(turnover->period, period);
        QCOMPARE(turnover->items.size(), 5); // every article, zero rows included
        for (const billing::TurnoverRow &r : turnover->items) {
            QCOMPARE(r.openingDebit.kopecks() - r.openingCredit.kopecks() + r.charged.kopecks() -
                         r.paid.kopecks(),
                     r.closingDebit.kopecks() - r.closingCredit.kopecks());
            QVERIFY(r.closingDebit.isZero() || r.closingCredit.isZero());
        }
    }

    void balancePageFromServerThenFromStore()
    {
        LocalStore store;
        QVERIFY(store.open(m_dir.filePath(u"balance.db"_s)).isNull());
        {
            BillingController c(m_consumer.get());
            c.setStore(&store);
            c.setAccount(m_account);
            QSignalSpy loaded(&c, &BillingController::loaded);
            c.load(BillingController::Page::Balance);
            QTRY_VERIFY_WITH_TIMEOUT(loaded.size() >= 2, 30000);
            for (const auto &signal : loaded)
                if (!signal.at(1).toBool()) {
                    const QString status = c.page(BillingController::Page::Balance)->statusLabel()->text();
                    if (status.contains(Error::make(u"not_found"_s).message()))
                        QSKIP("oblik-server has no billing routes yet (404)");
                    QFAIL(qPrintable(u"a source failed: "_s + status));
                }
            QVERIFY(!c.page(BillingController::Page::Balance)
                         ->statusLabel()
                         ->isVisibleTo(c.page(BillingController::Page::Balance)));
            QVERIFY(c.invoiceModel()->itemCount() > 0);
            QVERIFY(store.cachedBilling(m_account.id, u"invoices"_s).has_value());
            QVERIFY(
                store.cachedBilling(m_account.id, u"turnover/"_s + c.currentPeriod().toString()).has_value());
        }
        // The server gone: the page opens from the store, marked.
        ApiClient offline(m_pins.get());
        offline.setBaseUrl(QUrl(u"https://127.0.0.1:%1"_s.arg(oblik::testing::closedPort())));
        BillingController c(&offline);
        c.setStore(&store);
        c.setAccount(m_account);
        c.load(BillingController::Page::Balance);
        QVERIFY(c.invoiceModel()->itemCount() > 0);
        QVERIFY(c.page(BillingController::Page::Balance)->statusLabel()->text().contains(u"As of"_s));
    }

    void clerkRegistersAPaymentOnce()
    {
        billing::PaymentRequest p;
        p.accountId = m_account.id;
        p.amount = Money::fromKopecks(12345);
        p.paidOn = QDate::currentDate();
        p.bank = u"Test bank"_s;
        p.mfo = u"305299"_s;
        p.purpose = u"e2e payment"_s;
        const QString key = QUuid::createUuid().toString(QUuid::WithoutBraces);
        auto [first, error] =
            wait<billing::Payment>(m_clerk->registerPayment(p, key), &RegisterPaymentJob::finished);
        SKIP_WITHOUT_ROUTE(error);
        QVERIFY2(first.has_value(), qPrintable(error.code() + u' ' + error.detail()));
        QCOMPARE(first->amount.kopecks(), 12345);
        // The same key again (a Retry whose first answer was lost): the same payment, not a second.
        auto [again, againError] =
            wait<billing::Payment>(m_clerk->registerPayment(p, key), &RegisterPaymentJob::finished);
        QVERIFY2(again.has_value(), qPrintable(againError.code()));
        QCOMPARE(again->id, first->id);
        auto [payments, listError] =
            wait<QList<billing::Payment>>(m_consumer->payments(m_account.id), &PaymentsJob::finished);
        QVERIFY(payments.has_value());
        int seen = 0;
        for (const billing::Payment &x : *payments)
            seen += x.purpose == u"e2e payment"_s ? 1 : 0;
        QCOMPARE(seen, 1);
    }

    void consumerCalculateRefusedInWords()
    {
        const bool allowed = std::any_of(m_account.contracts.cbegin(), m_account.contracts.cend(),
                                         [](const domain::Contract &c) { return c.selfCalculation; });
        const Period period = Period::fromDate(QDate::currentDate()).previous();
        auto [result, error] = wait<billing::CalculationResult>(
            m_consumer->calculate(m_account.id, period, QUuid::createUuid().toString(QUuid::WithoutBraces)),
            &CalculateJob::finished);
        SKIP_WITHOUT_ROUTE(error);
        if (allowed) {
            // Allowed: an answer, or a calc.* refusal whose text names its arguments.
            QVERIFY2(result.has_value() || error.code().startsWith(u"calc."_s), qPrintable(error.code()));
            if (!result)
                QVERIFY2(!error.message().contains(u"…"_s), qPrintable(error.message()));
            return;
        }
        QVERIFY(!result.has_value());
        QCOMPARE(error.code(), u"calc.self_not_allowed"_s);
        QVERIFY(!error.message().isEmpty());
    }

    void billRunToTheEnd()
    {
        const Period period = Period::fromDate(QDate::currentDate()).previous();
        std::optional<DistrictId> district;
        if (m_clerkUser.district)
            district = m_clerkUser.district->id;
        auto [run, error] = wait<billing::BillRun>(
            m_clerk->startBillRun(period, district, QUuid::createUuid().toString(QUuid::WithoutBraces)),
            &BillRunJob::finished);
        SKIP_WITHOUT_ROUTE(error);
        QVERIFY2(run.has_value(), qPrintable(error.code() + u' ' + error.detail()));
        billing::BillRun state = *run;
        QDeadlineTimer deadline(120000);
        while (state.isRunning() && !deadline.hasExpired()) {
            QTest::qWait(300);
            auto [polled, pollError] =
                wait<billing::BillRun>(m_clerk->billRun(state.id), &BillRunJob::finished);
            QVERIFY2(polled.has_value(), qPrintable(pollError.code()));
            state = *polled;
        }
        QCOMPARE(state.state, u"done"_s);
        QCOMPARE(state.accountsDone + state.accountsFailed, state.accountsTotal);
        QCOMPARE(state.failures.size(), qsizetype(state.accountsFailed));
        for (const billing::BillRunFailure &f : state.failures)
            QVERIFY2(!Error::make(f.code, {}, f.args).message().contains(u"…"_s), qPrintable(f.code));

        // The same from the clerk's dialog: started, polled to its end, the bar full. The period
        // is billed already, so the run finds nothing new to charge (never a doubled charge).
        auto [before, beforeError] =
            wait<QList<billing::Invoice>>(m_consumer->invoices(m_account.id), &InvoicesJob::finished);
        QVERIFY(before.has_value());
        BillRunDialog dialog(m_clerk.get(), m_clerkUser, period);
        QSignalSpy finished(&dialog, &BillRunDialog::runFinished);
        dialog.start();
        QTRY_VERIFY_WITH_TIMEOUT(finished.size() == 1 || !dialog.lastError().isNull(), 120000);
        QVERIFY2(dialog.lastError().isNull(), qPrintable(dialog.lastError().code()));
        QCOMPARE(dialog.run().state, u"done"_s);
        QCOMPARE(dialog.progressBar()->value(), dialog.progressBar()->maximum());
        QCOMPARE(dialog.failureModel()->rowCount(), int(dialog.run().accountsFailed));
        auto [after, afterError] =
            wait<QList<billing::Invoice>>(m_consumer->invoices(m_account.id), &InvoicesJob::finished);
        QVERIFY(after.has_value());
        QCOMPARE(after->size(), before->size());
    }

    // The services invoice of the contract (POST /accounts/{id}/services-invoices).
    void clerkIssuesAServicesInvoiceOnce()
    {
        billing::ServicesInvoiceRequest r;
        r.accountId = m_account.id;
        r.period = Period::fromDate(QDate::currentDate());
        r.lines = {{u"Заміна лічильника"_s, 1000, Money::fromKopecks(85000)},
                   {u"Сторно: опломбування"_s, -500, Money::fromKopecks(10000)}};
        const QString key = QUuid::createUuid().toString(QUuid::WithoutBraces);
        auto [invoice, error] =
            wait<billing::Invoice>(m_clerk->issueServicesInvoice(r, key), &IssueServicesInvoiceJob::finished);
        QVERIFY2(invoice.has_value(), qPrintable(error.code() + u' ' + error.detail()));
        QCOMPARE(invoice->type, u"services"_s);
        QCOMPARE(invoice->article, u"services"_s);
        QCOMPARE(invoice->period, r.period);
        QCOMPARE(invoice->amount.kopecks(), 85000 - 5000);
        QCOMPARE(invoice->net.kopecks() + invoice->vat.kopecks(), invoice->amount.kopecks());
        QCOMPARE(invoice->lines.size(), 2);
        QCOMPARE(invoice->lines[0].kind, u"services"_s);
        QCOMPARE(invoice->lines[0].description, u"Заміна лічильника"_s);
        QCOMPARE(invoice->lines[0].quantity.milli(), 1000);
        QCOMPARE(invoice->lines[0].amount.kopecks(), 85000);
        QCOMPARE(invoice->lines[1].quantity.milli(), -500);
        QCOMPARE(invoice->lines[1].amount.kopecks(), -5000);
        // The same key again: the same invoice, not a second one.
        auto [again, againError] =
            wait<billing::Invoice>(m_clerk->issueServicesInvoice(r, key), &IssueServicesInvoiceJob::finished);
        QVERIFY2(again.has_value(), qPrintable(againError.code()));
        QCOMPARE(again->id, invoice->id);
        auto [list, listError] =
            wait<QList<billing::Invoice>>(m_consumer->invoices(m_account.id), &InvoicesJob::finished);
        QVERIFY2(list.has_value(), qPrintable(listError.code()));
        QCOMPARE(std::count_if(list->cbegin(), list->cend(),
                               [&](const billing::Invoice &i) { return i.id == invoice->id; }),
                 1);
        // Every line now has a description; calculated ones have "".
        auto [detail, detailError] =
            wait<billing::Invoice>(m_consumer->invoice(m_account.id, invoice->id), &InvoiceJob::finished);
        QVERIFY2(detail.has_value(), qPrintable(detailError.code()));
        QCOMPARE(detail->lines[0].description, u"Заміна лічильника"_s);
        // A consumer may not issue one: 404 as for anything it may not see.
        auto [refused, refusedError] = wait<billing::Invoice>(
            m_consumer->issueServicesInvoice(r, QUuid::createUuid().toString(QUuid::WithoutBraces)),
            &IssueServicesInvoiceJob::finished);
        QVERIFY(!refused.has_value());
        QCOMPARE(refusedError.code(), u"not_found"_s);
    }

    // The server's field problem lands on the dialog's row and column; the dialog issues a valid one.
    void servicesDialogAgainstTheServer()
    {
        billing::ServicesInvoiceRequest bad;
        bad.accountId = m_account.id;
        bad.period = Period::fromDate(QDate::currentDate());
        bad.lines = {{u"Опломбування"_s, 1000, Money::fromKopecks(100)}, {u"Нуль"_s, 1000, Money()}};
        auto [none, error] = wait<billing::Invoice>(
            m_clerk->issueServicesInvoice(bad, QUuid::createUuid().toString(QUuid::WithoutBraces)),
            &IssueServicesInvoiceJob::finished);
        QVERIFY(!none.has_value());
        QCOMPARE(error.code(), u"request.invalid_field"_s);
        QCOMPARE(error.field(), u"lines[1].price"_s);

        ServicesInvoiceDialog d(m_clerk.get(), m_account.id, m_account.number,
                                Period::fromDate(QDate::currentDate()));
        d.setLine(0, u"Повторне підключення"_s, u"1"_s, u"420,00"_s);
        QSignalSpy issued(&d, &ServicesInvoiceDialog::issued);
        d.submit();
        QVERIFY2(issued.wait(30000), qPrintable(d.errorLabel()->text()));
        QVERIFY(d.resultLabel()->text().contains(issued.first().first().value<billing::Invoice>().number));
    }

    // Planned advances: a bill run of kind "advance" for the coming period issues one advance per
    // account without one, posts nothing, and a second run issues none.
    void advanceRunIssuesOncePerAccount()
    {
        const Period period = Period::fromDate(QDate::currentDate());
        std::optional<DistrictId> district;
        if (m_clerkUser.district)
            district = m_clerkUser.district->id;
        const auto runToTheEnd = [&](billing::BillRun *out) {
            auto [run, error] = wait<billing::BillRun>(
                m_clerk->startBillRun(period, district, QUuid::createUuid().toString(QUuid::WithoutBraces),
                                      u"advance"_s),
                &BillRunJob::finished);
            QVERIFY2(run.has_value(), qPrintable(error.code() + u' ' + error.detail()));
            QCOMPARE(run->kind, u"advance"_s);
            billing::BillRun state = *run;
            QDeadlineTimer deadline(120000);
            while (state.isRunning() && !deadline.hasExpired()) {
                QTest::qWait(300);
                auto [polled, pollError] =
                    wait<billing::BillRun>(m_clerk->billRun(state.id), &BillRunJob::finished);
                QVERIFY2(polled.has_value(), qPrintable(pollError.code()));
                state = *polled;
            }
            QCOMPARE(state.state, u"done"_s);
            QCOMPARE(state.kind, u"advance"_s);
            QCOMPARE(state.postings, 0);
            *out = state;
        };
        billing::BillRun first;
        runToTheEnd(&first);
        if (QTest::currentTestFailed() || first.id == 0)
            return;
        QVERIFY2(first.invoices > 0, "the demo's contracts have monthly energies");
        for (const billing::BillRunFailure &f : first.failures)
            QVERIFY2(!Error::make(f.code, {}, f.args).message().contains(u"…"_s), qPrintable(f.code));
        auto [list, listError] =
            wait<QList<billing::Invoice>>(m_consumer->invoices(m_account.id), &InvoicesJob::finished);
        QVERIFY2(list.has_value(), qPrintable(listError.code()));
        const auto advances = std::count_if(list->cbegin(), list->cend(), [&](const billing::Invoice &i) {
            return i.type == u"planned_advance"_s && i.period == period;
        });
        QCOMPARE(advances, 1);
        billing::BillRun second;
        runToTheEnd(&second);
        QCOMPARE(second.invoices, 0);
    }
};

QTEST_MAIN(TestBillingE2e)
#include "tst_billing_e2e.moc"

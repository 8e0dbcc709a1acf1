// Signing from the documents tab against a real oblik-server (docs/signatures.md, "Client"): a key
// file chosen in the sign dialog with its password typed, the newest invoice package signed
// (PAdES) on the token worker, kept in the local store as "signed by me" before the upload, then
// the server's answer as the status: received (a server that trusts the test root) or rejected
// with its explanation (a server without --trust says "untrusted root"; both are answers the client
// must show). And the network gone between signing and upload (the server stopped behind a proxy):
// the signature stays pending in the store, the client is closed, and a new client on the same
// store delivers it once the server is back.

#include "api/apiclient.h"
#include "api/billingjobs.h"
#include "api/certificatestore.h"
#include "api/documentjobs.h"
#include "api/jobs.h"
#include "faultproxy.h"
#include "jobwaiter.h"
#include "local/localstore.h"
#include "models/billingformat.h"
#include "models/documentlistmodel.h"
#include "serverprocess.h"
#include "sign/documentsigner.h"
#include "sign/signingcontroller.h"
#include "support/testpki.h"
#include "views/billingcontroller.h"
#include "views/billingpage.h"
#include "views/pindialog.h"
#include "views/signdialog.h"

#include <QApplication>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::client;
using oblik::testing::FaultProxy;
using oblik::testing::ServerProcess;
using oblik::testing::TestPki;
using oblik::testing::wait;

namespace {

void answerPassword(const QString &password, int tries = 400)
{
    QTimer::singleShot(50, qApp, [password, tries] {
        for (QWidget *w : QApplication::allWidgets())
            if (auto *d = qobject_cast<PinDialog *>(w); d && d->isVisible()) {
                QTest::keyClicks(d->pinEdit(), password);
                QTest::keyClick(d->pinEdit(), Qt::Key_Return);
                return;
            }
        if (tries > 0)
            answerPassword(password, tries - 1);
    });
}

} // namespace

class TestSigningE2e : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<TestPki> m_pki;
    std::unique_ptr<ServerProcess> m_server;
    QString m_serverError;
    std::unique_ptr<FaultProxy> m_proxy;
    std::unique_ptr<CertificateStore> m_pins;
    std::unique_ptr<ApiClient> m_api;
    domain::User m_user;
    domain::AccountDetail m_account;
    bool m_trusting = true; // the server was started with --trust root.pem

    bool ensureServer()
    {
        if (!m_server) {
            m_server = std::make_unique<ServerProcess>();
            // The supplier signs with the test PKI's key and trusts the test root: the consumer's
            // good.p12 signature is received. (A server that does not know these options yet fails to
            // start with them: then it runs without, and the signature is rejected as untrusted.)
            m_server->setServeArguments({u"--sign-key"_s, m_pki->path(u"supplier.p12"_s),
                                         u"--sign-pin-file"_s, m_pki->path(u"pass.txt"_s), u"--trust"_s,
                                         m_pki->path(u"root.pem"_s)});
            if (!m_server->start(&m_serverError)) {
                qWarning("oblik-server with --sign-key/--trust: %s", qPrintable(m_serverError));
                m_server = std::make_unique<ServerProcess>();
                m_trusting = false;
                if (!m_server->start(&m_serverError))
                    m_server.reset();
            }
        }
        return m_server != nullptr;
    }
    QList<DocumentItem> documents()
    {
        auto [list, error] =
            wait<QList<DocumentItem>>(m_api->documents(m_account.id), &DocumentsJob::finished);
        return list.value_or(QList<DocumentItem>{});
    }
    // The final state must be an answer the client shows; returns false with a skip reason when the
    // server has no signature route yet.
    void checkAnswered(const PendingSignature &p, DocumentListModel *model = nullptr)
    {
        QVERIFY2(p.state == u"received"_s || p.state == u"rejected"_s, qPrintable(p.state));
        // A server that trusts the test root receives good.p12's signature.
        if (m_trusting)
            QVERIFY2(p.state == u"received"_s, qPrintable(p.explanation));
        if (p.state == u"rejected"_s) {
            // A server without --trust: the consumer's chain ends at a root it does not trust.
            QVERIFY2(!p.explanation.isEmpty(), qPrintable(p.problems.join(u',')));
            QVERIFY2(p.problems.contains(u"untrusted_root"_s), qPrintable(p.problems.join(u',')));
        }
        if (model) {
            for (int row = 0; row < model->rowCount(); ++row) {
                const QModelIndex i = model->index(row, DocumentListModel::Signature);
                const DocumentItem *item =
                    model->item(model->index(row, 0).data(BillingTableModel::IdRole).toLongLong());
                if (item && item->id == p.docId) {
                    QCOMPARE(i.data().toString(), format::signatureStatus(p.state));
                    if (p.state == u"rejected"_s)
                        QCOMPARE(i.data(Qt::ToolTipRole).toString(), p.explanation);
                }
            }
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QLocale::setDefault(QLocale::c());
        QSettings().clear();
        QSettings().setValue(u"documents/language"_s, u"uk"_s);
        QVERIFY(m_dir.isValid());
        m_pki = std::make_unique<TestPki>();
        QVERIFY2(m_pki->ok(), qPrintable(m_pki->error()));
        {
            QFile pass(m_pki->path(u"pass.txt"_s));
            QVERIFY(pass.open(QIODevice::WriteOnly) && pass.write("test-pass\n") > 0);
        }
        REQUIRE_SERVER();
        m_pins = std::make_unique<CertificateStore>(m_dir.filePath(u"pins.ini"_s));
        const QString fingerprint = CertificateStore::fingerprintOf(m_server->fetchCertificate());
        m_proxy = std::make_unique<FaultProxy>();
        QVERIFY(m_proxy->listen(quint16(m_server->url().port())));
        const QUrl url(u"https://127.0.0.1:%1"_s.arg(m_proxy->port()));
        // The client talks to the proxy (whose port outlives server restarts) and pins the server's
        // certificate under the proxy's address.
        m_pins->trust(ApiClient::hostKeyOf(url), fingerprint);
        m_api = std::make_unique<ApiClient>(m_pins.get());
        m_api->setBaseUrl(url);
        auto [login, loginError] = wait<protocol::LoginResponse>(
            m_api->login(u"accountant"_s, u"oblik-demo"_s), &LoginJob::finished);
        QVERIFY2(login.has_value(), qPrintable(loginError.code()));
        m_user = login->user;
        auto [list, listError] = wait<protocol::AccountList>(m_api->accounts(), &AccountsJob::finished);
        QVERIFY2(list.has_value() && !list->items.isEmpty(), qPrintable(listError.code()));
        auto [account, error] =
            wait<domain::AccountDetail>(m_api->account(list->items.first().id), &AccountJob::finished);
        QVERIFY2(account.has_value(), qPrintable(error.code()));
        m_account = *account;
    }
    void cleanupTestCase()
    {
        if (m_server)
            m_server->stop();
    }

    void signFromTheDocumentsTabWithAKeyFile()
    {
        LocalStore store;
        QCOMPARE(store.open(m_dir.filePath(u"tab.db"_s)).code(), QString());
        sign::SigningController controller(QStringList{}, nullptr);
        sign::DocumentSigner signer(&controller, m_api.get(), &store);
        BillingController billing(m_api.get());
        billing.setStore(&store);
        billing.setSigner(&signer);
        billing.setUser(m_user);
        billing.setAccount(m_account);
        billing.load(BillingController::Page::Documents);
        QTRY_VERIFY_WITH_TIMEOUT(!billing.documentModel()->items().isEmpty(), 60000);
        DocumentItem item;
        for (const DocumentItem &d : billing.documentModel()->items())
            if (d.kind == u"invoice_package"_s && item.id.isEmpty())
                item = d;
        QVERIFY(!item.id.isEmpty());
        QVERIFY(billing.signDocumentButton()->isVisibleTo(billing.page(BillingController::Page::Documents)));

        QStringList statuses;
        connect(&signer, &sign::DocumentSigner::statusChanged, this, [&](AccountId a, const QString &id) {
            if (id == item.id)
                statuses.append(signer.status(a, id, item.signatureStatus).code);
        });
        // The sign dialog: the key file, its password typed as a user would.
        connect(&billing, &BillingController::dialogOpened, this, [&](QWidget *w) {
            if (auto *d = qobject_cast<SignDialog *>(w)) {
                answerPassword(TestPki::p12Password());
                QTimer::singleShot(0, d, [d, this] { d->useKeyFile(m_pki->path(u"good.p12"_s)); });
            }
        });
        billing.signDocuments({item});
        QTRY_VERIFY_WITH_TIMEOUT(!statuses.isEmpty(), 60000);
        QCOMPARE(statuses.first(), u"signed_by_me"_s);
        // Kept before the upload: the signed bytes start with the document's.
        std::optional<PendingSignature> latest;
        QTRY_VERIFY_WITH_TIMEOUT((latest = store.latestSignature(m_api->hostKey(), m_account.id, item.id)) &&
                                     latest->state != u"pending"_s,
                                 60000);
        if (latest->problems == QStringList{u"not_found"_s} ||
            latest->problems == QStringList{u"method_not_allowed"_s})
            QSKIP("oblik-server has no signature routes yet (the upload answered 404)");
        QVERIFY(latest->pdf.startsWith("%PDF-"));
        checkAnswered(*latest, billing.documentModel());
        QCOMPARE(statuses.last(), latest->state);
    }

    void networkGoneBetweenSigningAndUploadDeliveredAfterRestart()
    {
        const QString storePath = m_dir.filePath(u"offline.db"_s);
        // A document whose bytes are on this computer (the viewer downloaded them earlier).
        const QList<DocumentItem> list = documents();
        DocumentItem item;
        for (const DocumentItem &d : list)
            if (d.kind == u"invoice_package"_s)
                item = d; // the oldest: not the one the other test signed
        QVERIFY(!item.id.isEmpty());
        const QString hostKey = m_api->hostKey();
        {
            LocalStore store;
            QCOMPARE(store.open(storePath).code(), QString());
            auto [pdf, error] = wait<QByteArray>(
                m_api->document(m_account.id, *DocumentRequest::fromItemId(item.id), u"uk"_s),
                &DocumentJob::finished, 60000);
            QVERIFY2(pdf.has_value(), qPrintable(error.code()));
            const QList<DocumentItem> again = documents();
            for (const DocumentItem &d : again)
                if (d.id == item.id)
                    item = d; // stored now, with its sha256
            QCOMPARE(store
                         .cacheDocument(hostKey, m_account.id,
                                        DocumentRequest::fromItemId(item.id)->cacheId(), u"uk"_s, item.sha256,
                                        *pdf)
                         .code(),
                     QString());

            // The network goes.
            m_server->stop();
            sign::SigningController controller(QStringList{}, nullptr);
            sign::DocumentSigner signer(&controller, m_api.get(), &store);
            QSignalSpy opened(&controller, &sign::SigningController::loginFinished);
            controller.openKeyFile(m_pki->path(u"good.p12"_s), TestPki::p12Password());
            QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, 30000);
            QSignalSpy finished(&signer, &sign::DocumentSigner::finished);
            signer.signDocuments(m_account.id, {item}, u"uk"_s, opened.first().at(0).toString());
            QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
            QCOMPARE(finished.first().at(0).toInt(), 1);
            QCOMPARE(signer.status(m_account.id, item.id, item.signatureStatus).code, u"signed_by_me"_s);
            // The upload failed for the network: still pending, with the attempt recorded.
            QTRY_VERIFY_WITH_TIMEOUT(!store.pendingSignatures(hostKey).isEmpty() &&
                                         store.pendingSignatures(hostKey).first().attempts >= 1,
                                     60000);
            QCOMPARE(store.pendingSignatures(hostKey).first().docId, item.id);
        } // the client is closed

        QString error;
        QVERIFY2(m_server->restart(&error), qPrintable(error));
        m_proxy->setUpstreamPort(quint16(m_server->url().port()));

        // A new client on the same store delivers it at its start.
        LocalStore store;
        QCOMPARE(store.open(storePath).code(), QString());
        QCOMPARE(store.pendingSignatures(hostKey).size(), 1);
        sign::SigningController controller(QStringList{}, nullptr);
        sign::DocumentSigner signer(&controller, m_api.get(), &store);
        signer.deliverPending();
        std::optional<PendingSignature> latest;
        QTRY_VERIFY_WITH_TIMEOUT((latest = store.latestSignature(hostKey, m_account.id, item.id)) &&
                                     latest->state != u"pending"_s,
                                 60000);
        if (latest->problems == QStringList{u"not_found"_s})
            QSKIP("oblik-server has no signature routes yet (the upload answered 404)");
        checkAnswered(*latest);
        QVERIFY(store.pendingSignatures(hostKey).isEmpty());
    }
};

QTEST_MAIN(TestSigningE2e)
#include "tst_signing_e2e.moc"

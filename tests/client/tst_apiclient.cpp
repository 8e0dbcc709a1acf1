// ApiClient against a real oblik-server (self-signed certificate, demo ledger), and against a
// closed port and a silent one: every failure arrives as the right Error code.

#include "api/apiclient.h"
#include "api/certificateinfo.h"
#include "api/certificatestore.h"
#include "api/jobs.h"
#include "jobwaiter.h"
#include "serverprocess.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::client;
using oblik::testing::ServerProcess;
using oblik::testing::wait;

class TestApiClient : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<ServerProcess> m_server;

    QString pinsFile() const { return m_dir.filePath(u"pins.ini"_s); }

    QString m_serverError;
    bool ensureServer()
    {
        if (!m_server) {
            m_server = std::make_unique<ServerProcess>();
            if (!m_server->start(&m_serverError))
                m_server.reset();
        }
        return m_server != nullptr;
    }

    // A client whose pins live in a file of the test.
    struct Client
    {
        CertificateStore store;
        ApiClient api;
        explicit Client(const QString &pins, const QUrl &url) : store(pins), api(&store)
        {
            api.setBaseUrl(url);
        }
    };

private Q_SLOTS:
    void init() { QFile::remove(pinsFile()); }
    void cleanupTestCase() { m_server.reset(); }

    void parseServerUrl_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("error");
        QTest::newRow("host:port") << u"127.0.0.1:8443"_s << u"https://127.0.0.1:8443"_s << QString();
        QTest::newRow("full, slash") << u" https://oblik.example.ua/ "_s << u"https://oblik.example.ua"_s
                                     << QString();
        QTest::newRow("path dropped") << u"https://h:1/api/v1"_s << u"https://h:1"_s << QString();
        QTest::newRow("plain http refused") << u"http://h:1"_s << QString() << u"network.insecure_url"_s;
        QTest::newRow("empty") << u"  "_s << QString() << u"request.missing_field"_s;
        QTest::newRow("garbage") << u"https://"_s << QString() << u"request.invalid_field"_s;
    }

    void parseServerUrl()
    {
        QFETCH(QString, text);
        QFETCH(QString, url);
        QFETCH(QString, error);
        const auto r = ApiClient::parseServerUrl(text);
        if (error.isEmpty()) {
            QVERIFY2(r.ok(), qPrintable(r.error().code()));
            QCOMPARE(r.value().toString(), url);
        } else {
            QVERIFY(!r.ok());
            QCOMPARE(r.error().code(), error);
        }
    }

    void hostKey()
    {
        QCOMPARE(ApiClient::hostKeyOf(QUrl(u"https://Oblik.Example.ua"_s)), u"oblik.example.ua:443"_s);
        QCOMPARE(ApiClient::hostKeyOf(QUrl(u"https://127.0.0.1:8443"_s)), u"127.0.0.1:8443"_s);
    }

    void closedPortIsUnreachable()
    {
        Client c(pinsFile(), QUrl(u"https://127.0.0.1:%1"_s.arg(oblik::testing::closedPort())));
        QSignalSpy online(&c.api, &ApiClient::onlineChanged);
        const auto [user, error] = wait<domain::User>(c.api.me(), &MeJob::finished);
        QVERIFY(!user);
        QCOMPARE(error.code(), u"network.unreachable"_s);
        QVERIFY(!c.api.isOnline());
        QCOMPARE(online.count(), 1);
    }

    void unknownHostIsUnreachable()
    {
        Client c(pinsFile(), QUrl(u"https://no-such-host.invalid"_s));
        const auto [user, error] = wait<domain::User>(c.api.me(), &MeJob::finished);
        QCOMPARE(error.code(), u"network.unreachable"_s);
    }

    void silentServerTimesOut()
    {
        // Accepts the connection and never says a word: not even the TLS handshake.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        QList<QTcpSocket *> held;
        connect(&silent, &QTcpServer::newConnection, this, [&] {
            while (silent.hasPendingConnections())
                held.append(silent.nextPendingConnection());
        });
        Client c(pinsFile(), QUrl(u"https://127.0.0.1:%1"_s.arg(silent.serverPort())));
        c.api.setTransferTimeout(std::chrono::milliseconds(700));
        QElapsedTimer t;
        t.start();
        const auto [user, error] = wait<domain::User>(c.api.me(), &MeJob::finished);
        QCOMPARE(error.code(), u"network.timeout"_s);
        QVERIFY(t.elapsed() < 10000);
    }

    void abortEmitsNothingButDone()
    {
        Client c(pinsFile(), QUrl(u"https://127.0.0.1:%1"_s.arg(oblik::testing::closedPort())));
        MeJob *job = c.api.me();
        QSignalSpy failed(job, &ApiJob::failed);
        QSignalSpy done(job, &ApiJob::done);
        job->abort();
        QCOMPARE(done.count(), 1);
        QCOMPARE(failed.count(), 0);
    }

    void untrustedCertificateIsRefused()
    {
        REQUIRE_SERVER();
        Client c(pinsFile(), m_server->url());
        const auto [response, error] =
            wait<protocol::LoginResponse>(c.api.login(u"accountant"_s, u"oblik-demo"_s), &LoginJob::finished);
        QVERIFY(!response);
        QCOMPARE(error.code(), u"network.tls_untrusted"_s);
        const auto info = CertificateInfo::fromError(error);
        QVERIFY(info);
        const QSslCertificate real = m_server->fetchCertificate();
        QVERIFY(!real.isNull());
        QCOMPARE(info->fingerprint, CertificateStore::fingerprintOf(real));
        // And the one the server announced for its development certificate, when it did.
        static const QRegularExpression announced(u"fingerprint ([0-9A-F]{2}(?::[0-9A-F]{2}){31})"_s);
        const auto match = announced.match(m_server->output());
        if (match.hasMatch())
            QCOMPARE(info->fingerprint, match.captured(1));
        QCOMPARE(info->hostKey, m_server->hostKey());
        QVERIFY(!info->subject.isEmpty());
        QVERIFY(info->validFrom.isValid());
        QVERIFY(info->validUntil > info->validFrom);
        QVERIFY(c.api.token().isEmpty());
    }

    void wrongPinIsStillRefused()
    {
        REQUIRE_SERVER();
        Client c(pinsFile(), m_server->url());
        c.store.trust(m_server->hostKey(), QString(64, u'a'));
        const auto [response, error] =
            wait<protocol::LoginResponse>(c.api.login(u"accountant"_s, u"oblik-demo"_s), &LoginJob::finished);
        QCOMPARE(error.code(), u"network.tls_untrusted"_s);
    }

    void pinnedCertificateLogsIn()
    {
        REQUIRE_SERVER();
        Client c(pinsFile(), m_server->url());
        c.store.trust(m_server->hostKey(), CertificateStore::fingerprintOf(m_server->fetchCertificate()));
        const auto [response, error] =
            wait<protocol::LoginResponse>(c.api.login(u"accountant"_s, u"oblik-demo"_s), &LoginJob::finished);
        QVERIFY2(response, qPrintable(error.code() + u' ' + error.detail()));
        QVERIFY(!response->token.isEmpty());
        QCOMPARE(c.api.token(), response->token);
        QCOMPARE(response->user.login, u"accountant"_s);
        QVERIFY(response->idleTimeoutS > 0);

        const auto [me, meError] = wait<domain::User>(c.api.me(), &MeJob::finished);
        QVERIFY2(me, qPrintable(meError.code()));
        QCOMPARE(me->login, u"accountant"_s);
        QVERIFY(me->role == domain::Role::Consumer);

        // The demo accountant has three accounts.
        const auto [list, listError] = wait<protocol::AccountList>(c.api.accounts(), &AccountsJob::finished);
        QVERIFY2(list, qPrintable(listError.code()));
        QCOMPARE(list->total, 3);
        QCOMPARE(list->items.size(), 3);

        const auto [account, accountError] =
            wait<domain::AccountDetail>(c.api.account(list->items.first().id), &AccountJob::finished);
        QVERIFY2(account, qPrintable(accountError.code() + u' ' + accountError.detail()));
        QCOMPARE(account->id, list->items.first().id);
        QCOMPARE(account->number, list->items.first().number);
        QVERIFY(!account->objects.isEmpty());

        // Someone else's account is "not found", exactly like one that does not exist.
        const auto [other, otherError] =
            wait<domain::AccountDetail>(c.api.account(AccountId(999999999)), &AccountJob::finished);
        QCOMPARE(otherError.code(), u"not_found"_s);

        // After logout the token is gone, and the old one no longer works.
        const QString oldToken = c.api.token();
        QSignalSpy loggedOut(c.api.logout(), &LogoutJob::finished);
        QTRY_COMPARE_WITH_TIMEOUT(loggedOut.count(), 1, 15000);
        QVERIFY(c.api.token().isEmpty());
        c.api.setToken(oldToken);
        QSignalSpy expired(&c.api, &ApiClient::sessionExpired);
        const auto [gone, goneError] = wait<domain::User>(c.api.me(), &MeJob::finished);
        QCOMPARE(goneError.code(), u"auth.unauthorized"_s);
        QCOMPARE(expired.count(), 1);
    }

    void wrongPasswordIsInvalidCredentials()
    {
        REQUIRE_SERVER();
        Client c(pinsFile(), m_server->url());
        c.store.trust(m_server->hostKey(), CertificateStore::fingerprintOf(m_server->fetchCertificate()));
        const auto [response, error] = wait<protocol::LoginResponse>(
            c.api.login(u"engineer"_s, u"not-the-password"_s), &LoginJob::finished);
        QVERIFY(!response);
        QCOMPARE(error.code(), u"auth.invalid_credentials"_s);
        QVERIFY(c.api.token().isEmpty());
        QVERIFY(c.api.isOnline()); // the server answered
    }

    void noTokenIsUnauthorized()
    {
        REQUIRE_SERVER();
        Client c(pinsFile(), m_server->url());
        c.store.trust(m_server->hostKey(), CertificateStore::fingerprintOf(m_server->fetchCertificate()));
        QSignalSpy expired(&c.api, &ApiClient::sessionExpired);
        const auto [list, error] = wait<protocol::AccountList>(c.api.accounts(), &AccountsJob::finished);
        QCOMPARE(error.code(), u"auth.unauthorized"_s);
        QCOMPARE(expired.count(), 0); // there was no session to expire
    }

    void serverGoneIsUnreachable()
    {
        REQUIRE_SERVER();
        const QUrl url = m_server->url();
        const QString fp = CertificateStore::fingerprintOf(m_server->fetchCertificate());
        m_server.reset(); // stopped: its port is closed now
        Client c(pinsFile(), url);
        c.store.trust(ApiClient::hostKeyOf(url), fp);
        const auto [response, error] =
            wait<protocol::LoginResponse>(c.api.login(u"accountant"_s, u"oblik-demo"_s), &LoginJob::finished);
        QCOMPARE(error.code(), u"network.unreachable"_s);
    }
};

QTEST_GUILESS_MAIN(TestApiClient)
#include "tst_apiclient.moc"

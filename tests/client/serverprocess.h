#pragma once
// A real oblik-server for client tests: a demo ledger in a temporary SQLite file, served on an
// ephemeral loopback port with the server's self-signed development certificate.

#include <QProcess>
#include <QSslCertificate>
#include <QString>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

namespace oblik::testing {

class ServerProcess
{
public:
    ServerProcess();
    ~ServerProcess();

    // OBLIK_SERVER_BIN, set by the test helper.
    static QString binary();
    static bool available();

    // Another database than the temporary SQLite file (a PostgreSQL URL): set before start(),
    // which writes the demo ledger into it.
    void setDatabaseUrl(const QString &url) { m_dbUrl = url; }
    QString databaseUrl() const;
    // More options for `serve` (--sign-key, --trust, ...): set before start(); kept for restart().
    void setServeArguments(const QStringList &args) { m_serveArguments = args; }
    // Creates the demo ledger and starts serving; false with *error filled when that fails.
    bool start(QString *error);
    void stop();
    // SIGKILL, as a crash or a power cut would: no shutdown code runs.
    void kill();
    // Serves the same ledger again (after stop or kill), on a new ephemeral port: url() changes.
    bool restart(QString *error);
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    QUrl url() const { return m_url; }
    QString hostKey() const;
    // The certificate the server presents, fetched by a plain TLS handshake, independent of the
    // client code under test.
    QSslCertificate fetchCertificate() const;
    QString output() const { return m_output; }
    // The demo ledger's SQLite file, for tests that prepare rows the demo does not have.
    QString databasePath() const { return m_dir.filePath(QStringLiteral("demo.db")); }

private:
    bool serve(QString *error);

    QTemporaryDir m_dir;
    QString m_dbUrl;
    QStringList m_serveArguments;
    QProcess m_process;
    QUrl m_url;
    QString m_output;
};

// A loopback port nothing listens on (bound, then released).
quint16 closedPort();

} // namespace oblik::testing

// Skips (or in CI fails) a test when oblik-server is not built, then starts it through the test
// class's ensureServer(), which reports failures in m_serverError. QSKIP/QFAIL only leave the
// function they are written in, so this is a macro, not a helper.
#define REQUIRE_SERVER()                                                                                     \
    do {                                                                                                     \
        if (!oblik::testing::ServerProcess::available()) {                                                   \
            if (qEnvironmentVariable("CI") == QLatin1String("true"))                                         \
                QFAIL("OBLIK_SERVER_BIN is not an executable");                                              \
            QSKIP("oblik-server not built (OBLIK_SERVER_BIN)");                                              \
        }                                                                                                    \
        QVERIFY2(ensureServer(), qPrintable(m_serverError));                                                 \
    } while (false)

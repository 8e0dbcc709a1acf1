#pragma once
// Runs the real oblik-server program and talks HTTPS to it, trusting its certificate explicitly
// (the certificate is configured as the only CA; no TLS error is ignored).

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSslCertificate>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <memory>

namespace oblik::test {

QString serverBinary(); // $OBLIK_SERVER_BIN

struct CliRun
{
    int exitCode = -1;
    bool crashed = false;
    QByteArray out, err;
    QList<QByteArray> errLines() const;
};

// Runs oblik-server to completion.
CliRun runServerCli(const QStringList &args, int timeoutMs = 180000);

// A running `oblik-server serve`.
class ServerProcess
{
public:
    ~ServerProcess();
    // Starts serve with the arguments (add --listen 127.0.0.1:0) and waits for "listening on".
    // Returns false (with why in error()) when it exits or does not announce in time.
    bool start(const QStringList &args, int timeoutMs = 60000);
    // SIGTERM and wait; returns the exit code (-1 if it had to be killed).
    int stop(int timeoutMs = 10000);

    QUrl baseUrl() const { return m_url; }
    QByteArray stderrText() const { return m_err; }
    QString announcedCertificate() const { return m_certPath; }
    QString announcedFingerprint() const { return m_fingerprint; }
    QString error() const { return m_error; }
    QProcess *process() { return m_process.get(); }

private:
    std::unique_ptr<QProcess> m_process;
    QUrl m_url;
    QByteArray m_out, m_err;
    QString m_certPath, m_fingerprint, m_error;
};

struct HttpReply
{
    int status = 0;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QString networkError; // empty when an HTTP answer came back
    QJsonObject json() const;
    QByteArray header(const QByteArray &name) const;
};

class HttpsClient
{
public:
    HttpsClient(const QUrl &base, const QSslCertificate &trusted);
    HttpReply send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {},
                   const QString &token = {}, const QList<QPair<QByteArray, QByteArray>> &headers = {});
    HttpReply get(const QString &path, const QString &token = {}) { return send("GET", path, {}, token); }
    HttpReply post(const QString &path, const QByteArray &body, const QString &token = {})
    {
        return send("POST", path, body, token);
    }
    // Logs in and returns the token (empty on failure).
    QString login(const QString &login, const QString &password = QStringLiteral("oblik-demo"));
    // The id of the first account GET /api/v1/accounts lists for the token (0 when none).
    qint64 firstAccountId(const QString &token)
    {
        return get(QStringLiteral("/api/v1/accounts"), token)
            .json()
            .value(QStringLiteral("items"))
            .toArray()
            .first()
            .toObject()
            .value(QStringLiteral("id"))
            .toInteger();
    }

    QUrl base() const { return m_base; }

private:
    QUrl m_base;
    QSslCertificate m_trusted;
    QNetworkAccessManager m_nam;
};

QSslCertificate loadCertificate(const QString &path);

// The test's own database, reached beside the server for fixtures and checks: the SQLite file of
// sqliteUrl, or (postgres) the database dbName on the cluster of adminUrl (its own database when
// dbName is empty).
struct FixtureDb
{
    bool postgres = false;
    QString sqliteUrl; // "sqlite:PATH"
    QUrl adminUrl;
    QString dbName;
};
// Runs one statement on a connection of its own (closed afterwards), binding values in order (none:
// executed unprepared, as CREATE DATABASE must be on PostgreSQL); rows, when given, get the result.
bool fixtureSql(const FixtureDb &db, const QString &statement, const QVariantList &values = {},
                QList<QVariantList> *rows = nullptr);
// The first column of the first row as a number, -1 when there is none or the statement failed.
qint64 fixtureScalar(const FixtureDb &db, const QString &statement, const QVariantList &values = {});

// A sqlite:PATH URL for a file.
inline QString sqliteUrl(const QString &path)
{
    return QStringLiteral("sqlite:") + path;
}

} // namespace oblik::test

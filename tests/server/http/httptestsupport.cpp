#include "httptestsupport.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QSslConfiguration>
#include <QTimer>

#include <csignal>

namespace oblik::test {

QString serverBinary()
{
    return qEnvironmentVariable("OBLIK_SERVER_BIN", QStringLiteral(OBLIK_BINARY_DIR "/bin/oblik-server"));
}

QList<QByteArray> CliRun::errLines() const
{
    QList<QByteArray> lines = err.split('\n');
    while (!lines.isEmpty() && lines.last().trimmed().isEmpty())
        lines.removeLast();
    return lines;
}

CliRun runServerCli(const QStringList &args, int timeoutMs)
{
    CliRun run;
    QProcess p;
    p.start(serverBinary(), args);
    if (!p.waitForStarted(10000)) {
        run.err = p.errorString().toUtf8();
        return run;
    }
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        run.crashed = true;
    }
    run.out = p.readAllStandardOutput();
    run.err += p.readAllStandardError();
    run.crashed = run.crashed || p.exitStatus() != QProcess::NormalExit;
    run.exitCode = p.exitCode();
    return run;
}

ServerProcess::~ServerProcess()
{
    stop();
}

bool ServerProcess::start(const QStringList &args, int timeoutMs)
{
    m_process = std::make_unique<QProcess>();
    m_process->start(serverBinary(), QStringList{QStringLiteral("serve")} + args);
    if (!m_process->waitForStarted(10000)) {
        m_error = m_process->errorString();
        return false;
    }
    static const QRegularExpression listening(QStringLiteral("^listening on (https://\\S+)$"),
                                              QRegularExpression::MultilineOption);
    static const QRegularExpression announced(QStringLiteral(
        "Using a self-signed development certificate (.+) \\(SHA-256 fingerprint ([0-9A-F:]+)\\)\\. "
        "Clients must trust it explicitly\\."));
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        m_process->waitForReadyRead(100);
        m_out += m_process->readAllStandardOutput();
        m_err += m_process->readAllStandardError();
        const auto m = listening.match(QString::fromUtf8(m_out));
        if (m.hasMatch()) {
            m_url = QUrl(m.captured(1));
            const auto a = announced.match(QString::fromUtf8(m_err));
            if (a.hasMatch()) {
                m_certPath = a.captured(1);
                m_fingerprint = a.captured(2);
            }
            return true;
        }
        if (m_process->state() == QProcess::NotRunning) {
            m_err += m_process->readAllStandardError();
            m_error = QStringLiteral("oblik-server exited with %1: %2")
                          .arg(m_process->exitCode())
                          .arg(QString::fromUtf8(m_err));
            return false;
        }
    }
    m_error = QStringLiteral("no \"listening on\" line in time; stderr: ") + QString::fromUtf8(m_err);
    return false;
}

int ServerProcess::stop(int timeoutMs)
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return m_process ? m_process->exitCode() : -1;
    ::kill(pid_t(m_process->processId()), SIGTERM);
    if (!m_process->waitForFinished(timeoutMs)) {
        m_process->kill();
        m_process->waitForFinished(5000);
        return -1;
    }
    m_err += m_process->readAllStandardError();
    return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
}

QJsonObject HttpReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QByteArray HttpReply::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

HttpsClient::HttpsClient(const QUrl &base, const QSslCertificate &trusted) : m_base(base), m_trusted(trusted)
{}

HttpReply HttpsClient::send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body,
                            const QString &token, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(QUrl(m_base.toString() + pathAndQuery));
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setCaCertificates({m_trusted}); // this certificate and nothing else
    request.setSslConfiguration(ssl);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    for (const auto &h : headers)
        request.setRawHeader(h.first, h.second);

    QNetworkReply *reply = m_nam.sendCustomRequest(request, method, body);
    QStringList sslErrors;
    QObject::connect(reply, &QNetworkReply::sslErrors, reply, [&sslErrors](const QList<QSslError> &errors) {
        for (const QSslError &e : errors)
            sslErrors << e.errorString();
    });
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();

    HttpReply out;
    if (!reply->isFinished()) {
        reply->abort();
        out.networkError = QStringLiteral("timeout");
    }
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    for (const auto &h : reply->rawHeaderPairs())
        out.headers.append(h);
    if (out.status == 0 && out.networkError.isEmpty())
        out.networkError =
            reply->errorString() + (sslErrors.isEmpty() ? QString() : u" / " + sslErrors.join(u"; "));
    reply->deleteLater();
    return out;
}

QString HttpsClient::login(const QString &login, const QString &password)
{
    const QJsonObject body{{QStringLiteral("login"), login}, {QStringLiteral("password"), password}};
    const HttpReply r =
        post(QStringLiteral("/api/v1/auth/login"), QJsonDocument(body).toJson(QJsonDocument::Compact));
    if (r.status != 200)
        return {};
    return r.json().value(QStringLiteral("token")).toString();
}

QSslCertificate loadCertificate(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QSslCertificate();
    const auto certs = QSslCertificate::fromData(file.readAll(), QSsl::Pem);
    return certs.value(0);
}

bool fixtureSql(const FixtureDb &fixture, const QString &statement, const QVariantList &values,
                QList<QVariantList> *rows)
{
    bool ok = false;
    {
        QSqlDatabase db;
        if (fixture.postgres) {
            db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("fixture"));
            db.setHostName(fixture.adminUrl.host());
            db.setPort(fixture.adminUrl.port(5432));
            db.setUserName(fixture.adminUrl.userName());
            db.setPassword(fixture.adminUrl.password());
            db.setDatabaseName(fixture.dbName.isEmpty() ? fixture.adminUrl.path().mid(1) : fixture.dbName);
        } else {
            db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("fixture"));
            db.setDatabaseName(fixture.sqliteUrl.mid(7));
        }
        if (db.open()) {
            QSqlQuery q(db);
            if (values.isEmpty()) { // CREATE DATABASE cannot be prepared on PostgreSQL
                ok = q.exec(statement);
            } else {
                q.prepare(statement);
                for (const QVariant &v : values)
                    q.addBindValue(v);
                ok = q.exec();
            }
            if (!ok)
                qWarning("%s: %s", qPrintable(statement), qPrintable(q.lastError().text()));
            while (ok && rows && q.next()) {
                QVariantList row;
                for (int i = 0; i < q.record().count(); ++i)
                    row << q.value(i);
                rows->append(row);
            }
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("fixture"));
    return ok;
}

qint64 fixtureScalar(const FixtureDb &db, const QString &statement, const QVariantList &values)
{
    QList<QVariantList> rows;
    if (!fixtureSql(db, statement, values, &rows) || rows.isEmpty() || rows.first().isEmpty())
        return -1;
    return rows.first().first().toLongLong();
}

} // namespace oblik::test

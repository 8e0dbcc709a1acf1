// The core HTTP flow against PostgreSQL: demo, serve, login, me, accounts, an account's tree, logout.
// Uses OBLIK_TEST_PG_URL (scripts/test starts a throwaway cluster); skipped without it unless CI=true.
// Each run works in a database of its own, created and dropped here.

#include "httptestsupport.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace oblik::test;

class TestHttpApiPostgres : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void coreFlow();

private:
    bool adminExec(const QString &sql);

    QUrl m_adminUrl;
    QString m_dbName;
    QString m_dbUrl;
    QTemporaryDir m_dir;
    ServerProcess m_server;
};

bool TestHttpApiPostgres::adminExec(const QString &sql)
{
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("pgadmin"));
        db.setHostName(m_adminUrl.host());
        db.setPort(m_adminUrl.port(5432));
        db.setUserName(m_adminUrl.userName());
        db.setPassword(m_adminUrl.password());
        db.setDatabaseName(m_adminUrl.path().mid(1));
        if (db.open()) {
            QSqlQuery q(db);
            ok = q.exec(sql);
            if (!ok)
                qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        } else {
            qWarning("cannot connect: %s", qPrintable(db.lastError().text()));
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("pgadmin"));
    return ok;
}

void TestHttpApiPostgres::initTestCase()
{
    const QString url = qEnvironmentVariable("OBLIK_TEST_PG_URL");
    if (url.isEmpty()) {
        if (qEnvironmentVariable("CI") == u"true")
            QFAIL("OBLIK_TEST_PG_URL is not set (CI=true)");
        QSKIP("OBLIK_TEST_PG_URL is not set: no PostgreSQL to test against");
    }
    m_adminUrl = QUrl(url);
    QVERIFY(m_adminUrl.isValid());
    // The database name is ours (digits only), not input: safe in the statement.
    m_dbName = QStringLiteral("oblik_http_%1").arg(QRandomGenerator::global()->bounded(1u << 30));
    QVERIFY(adminExec(QStringLiteral("CREATE DATABASE %1").arg(m_dbName)));
    QUrl dbUrl = m_adminUrl;
    dbUrl.setPath(u'/' + m_dbName);
    m_dbUrl = dbUrl.toString();

    const CliRun demo = runServerCli({QStringLiteral("demo"), QStringLiteral("--db"), m_dbUrl,
                                      QStringLiteral("--accounts"), QStringLiteral("20")});
    QVERIFY2(demo.exitCode == 0, demo.err.constData());
    QVERIFY2(m_server.start({QStringLiteral("--db"), m_dbUrl, QStringLiteral("--listen"),
                             QStringLiteral("127.0.0.1:0"), QStringLiteral("--state-dir"),
                             m_dir.filePath(QStringLiteral("tls"))}),
             qPrintable(m_server.error()));
}

void TestHttpApiPostgres::cleanupTestCase()
{
    if (m_dbName.isEmpty())
        return;
    QCOMPARE(m_server.stop(), 0);
    adminExec(QStringLiteral("DROP DATABASE IF EXISTS %1").arg(m_dbName));
}

void TestHttpApiPostgres::coreFlow()
{
    const QSslCertificate cert = loadCertificate(m_server.announcedCertificate());
    QVERIFY(!cert.isNull());
    HttpsClient client(m_server.baseUrl(), cert);
    QCOMPARE(client.get(QStringLiteral("/api/v1/health")).status, 200);

    // Same 401 for a wrong password and an unknown login.
    const HttpReply wrong =
        client.post(QStringLiteral("/api/v1/auth/login"), R"({"login":"accountant","password":"nope"})");
    const HttpReply unknown =
        client.post(QStringLiteral("/api/v1/auth/login"), R"({"login":"nobody-here","password":"nope"})");
    QCOMPARE(wrong.status, 401);
    QCOMPARE(wrong.body, unknown.body);

    const QString token = client.login(QStringLiteral("accountant"));
    QVERIFY(!token.isEmpty());
    const HttpReply me = client.get(QStringLiteral("/api/v1/me"), token);
    QCOMPARE(me.status, 200);
    QCOMPARE(me.json().value(QStringLiteral("role")).toString(), QStringLiteral("consumer"));

    const HttpReply list = client.get(QStringLiteral("/api/v1/accounts"), token);
    QCOMPARE(list.status, 200);
    const QJsonArray items = list.json().value(QStringLiteral("items")).toArray();
    QCOMPARE(items.size(), 3);
    QCOMPARE(list.json().value(QStringLiteral("total")).toInt(), 3);

    const qint64 id = items.at(0).toObject().value(QStringLiteral("id")).toInteger();
    const HttpReply detail = client.get(QStringLiteral("/api/v1/accounts/%1").arg(id), token);
    QCOMPARE(detail.status, 200);
    QVERIFY(!detail.json().value(QStringLiteral("objects")).toArray().isEmpty());

    // The household does not see it, exactly as if it did not exist.
    const QString household = client.login(QStringLiteral("household"));
    const HttpReply foreign = client.get(QStringLiteral("/api/v1/accounts/%1").arg(id), household);
    const HttpReply missing = client.get(QStringLiteral("/api/v1/accounts/987654321"), household);
    QCOMPARE(foreign.status, 404);
    QCOMPARE(foreign.body, missing.body);

    const HttpReply clerk =
        client.get(QStringLiteral("/api/v1/accounts?limit=1000"), client.login(QStringLiteral("clerk")));
    QCOMPARE(clerk.status, 200);
    QVERIFY(clerk.json().value(QStringLiteral("total")).toInt() >= 3);

    QCOMPARE(client.send("POST", QStringLiteral("/api/v1/auth/logout"), {}, token).status, 204);
    QCOMPARE(client.get(QStringLiteral("/api/v1/me"), token).status, 401);
}

QTEST_GUILESS_MAIN(TestHttpApiPostgres)
#include "tst_httpapi_postgres.moc"

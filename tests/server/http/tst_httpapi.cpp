// The HTTP API over real HTTPS against a real `oblik-server serve` on a demo SQLite database.
// Expectations about who sees what come from SQL on the same file (an oracle independent of the
// server's repositories).

#include "httptestsupport.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace oblik::test;

class TestHttpApi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void health();
    void securityHeaders();
    void loginGivesTokenStoredOnlyAsHash();
    void wrongPasswordAndUnknownLoginLookAlike();
    void lockoutAfterFailures();
    void unauthorized_data();
    void unauthorized();
    void logoutEndsSession();
    void me_data();
    void me();
    void accountsPerRole_data();
    void accountsPerRole();
    void accountsPaging();
    void accountsSearch();
    void accountsValidation_data();
    void accountsValidation();
    void accountTree();
    void foreignAccountIsNotFound();
    void malformedBodies_data();
    void malformedBodies();
    void bodyOverLimit();
    void declaredBodyOverLimitRawSocket();
    void chunkedBodyOverLimitRawSocket();
    void keepAliveAfterBodies();
    void unknownPathAndWrongMethod_data();
    void unknownPathAndWrongMethod();
    void sessionIdleAndAbsoluteExpiry();
    void developmentCertificateIsStable();

private:
    QStringList oracleIds(const QString &sql, const QString &login);
    QString loginOrFail(const QString &login);

    QTemporaryDir m_dir;
    QString m_dbPath;
    QString m_stateDir;
    ServerProcess m_server;
    QSslCertificate m_cert;
    std::unique_ptr<HttpsClient> m_client;
    QSqlDatabase m_oracle;

    static constexpr int kMaxBody = 4096;
    static constexpr int kLockoutAttempts = 3;
    static constexpr int kLockoutSeconds = 2;
};

void TestHttpApi::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_dbPath = m_dir.filePath(QStringLiteral("oblik.db"));
    m_stateDir = m_dir.filePath(QStringLiteral("tls"));
    const CliRun demo = runServerCli({QStringLiteral("demo"), QStringLiteral("--db"), sqliteUrl(m_dbPath),
                                      QStringLiteral("--accounts"), QStringLiteral("20")});
    QVERIFY2(demo.exitCode == 0 && !demo.crashed, demo.err.constData());
    QVERIFY2(demo.out.contains("oblik-demo"), demo.out.constData());
    QVERIFY2(demo.out.contains("accountant"), demo.out.constData());

    QVERIFY2(m_server.start({QStringLiteral("--db"), sqliteUrl(m_dbPath), QStringLiteral("--listen"),
                             QStringLiteral("127.0.0.1:0"), QStringLiteral("--state-dir"), m_stateDir,
                             QStringLiteral("--max-body"), QString::number(kMaxBody),
                             QStringLiteral("--lockout-attempts"), QString::number(kLockoutAttempts),
                             QStringLiteral("--lockout-seconds"), QString::number(kLockoutSeconds)}),
             qPrintable(m_server.error()));
    QCOMPARE(m_server.baseUrl().host(), QStringLiteral("127.0.0.1"));
    QVERIFY(m_server.baseUrl().port() > 0);
    QVERIFY2(!m_server.announcedCertificate().isEmpty(), m_server.stderrText().constData());
    m_cert = loadCertificate(m_server.announcedCertificate());
    QVERIFY(!m_cert.isNull());
    // The announced fingerprint is the certificate's SHA-256.
    QCOMPARE(m_server.announcedFingerprint().remove(u':'),
             QString::fromLatin1(m_cert.digest(QCryptographicHash::Sha256).toHex().toUpper()));
    m_client = std::make_unique<HttpsClient>(m_server.baseUrl(), m_cert);

    m_oracle = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("oracle"));
    m_oracle.setDatabaseName(m_dbPath);
    m_oracle.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
    QVERIFY(m_oracle.open());
}

void TestHttpApi::cleanupTestCase()
{
    m_oracle.close();
    m_oracle = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("oracle"));
    if (m_server.process())
        QCOMPARE(m_server.stop(), 0); // SIGTERM: a clean shutdown
}

QString TestHttpApi::loginOrFail(const QString &login)
{
    const QString token = m_client->login(login);
    if (token.isEmpty())
        qWarning("login %s failed", qPrintable(login));
    return token;
}

QStringList TestHttpApi::oracleIds(const QString &sql, const QString &login)
{
    QSqlQuery q(m_oracle);
    q.prepare(sql);
    q.addBindValue(login);
    if (!q.exec())
        qWarning("oracle: %s", qPrintable(q.lastError().text()));
    QStringList ids;
    while (q.next())
        ids << q.value(0).toString();
    ids.sort();
    return ids;
}

void TestHttpApi::health()
{
    const HttpReply r = m_client->get(QStringLiteral("/api/v1/health"));
    QVERIFY2(r.networkError.isEmpty(), qPrintable(r.networkError));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    QVERIFY(!r.json().value(QStringLiteral("version")).toString().isEmpty());
}

void TestHttpApi::securityHeaders()
{
    const HttpReply ok = m_client->get(QStringLiteral("/api/v1/health"));
    QCOMPARE(ok.header("Cache-Control"), QByteArray("no-store"));
    QCOMPARE(ok.header("X-Content-Type-Options"), QByteArray("nosniff"));
    QVERIFY(ok.header("Content-Type").startsWith("application/json"));
    const HttpReply problem = m_client->get(QStringLiteral("/api/v1/nothing-here"));
    QCOMPARE(problem.header("Cache-Control"), QByteArray("no-store"));
    QVERIFY(problem.header("Content-Type").startsWith("application/problem+json"));
}

void TestHttpApi::loginGivesTokenStoredOnlyAsHash()
{
    const QJsonObject body{{QStringLiteral("login"), QStringLiteral("admin")},
                           {QStringLiteral("password"), QStringLiteral("oblik-demo")}};
    const HttpReply r = m_client->post(QStringLiteral("/api/v1/auth/login"), QJsonDocument(body).toJson());
    QCOMPARE(r.status, 200);
    const QJsonObject o = r.json();
    const QString token = o.value(QStringLiteral("token")).toString();
    QVERIFY2(QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]{43,}$")).match(token).hasMatch(),
             qPrintable(token));
    QVERIFY(
        QDateTime::fromString(o.value(QStringLiteral("expires_at")).toString(), Qt::ISODateWithMs).isValid());
    QVERIFY(o.value(QStringLiteral("idle_timeout_s")).toInt() > 0);
    QCOMPARE(o.value(QStringLiteral("user")).toObject().value(QStringLiteral("login")).toString(),
             QStringLiteral("admin"));

    // The database holds the SHA-256 of the token, never the token: not in any row, not in any byte
    // of the file or its write-ahead log.
    const QString hash =
        QString::fromLatin1(QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
    QSqlQuery q(m_oracle);
    q.prepare(QStringLiteral("SELECT count(*) FROM sessions WHERE token_hash = ?"));
    q.addBindValue(hash);
    QVERIFY(q.exec() && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        QFile f(m_dbPath + suffix);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        QVERIFY2(!f.readAll().contains(token.toLatin1()), qPrintable(m_dbPath + suffix));
    }
    QCOMPARE(m_client->get(QStringLiteral("/api/v1/me"), token).status, 200);
}

void TestHttpApi::wrongPasswordAndUnknownLoginLookAlike()
{
    const QByteArray wrong = QJsonDocument(QJsonObject{{QStringLiteral("login"), QStringLiteral("clerk")},
                                                       {QStringLiteral("password"), QStringLiteral("nope")}})
                                 .toJson();
    const QByteArray unknown =
        QJsonDocument(QJsonObject{{QStringLiteral("login"), QStringLiteral("no-such-login")},
                                  {QStringLiteral("password"), QStringLiteral("oblik-demo")}})
            .toJson();
    const HttpReply a = m_client->post(QStringLiteral("/api/v1/auth/login"), wrong);
    const HttpReply b = m_client->post(QStringLiteral("/api/v1/auth/login"), unknown);
    QCOMPARE(a.status, 401);
    QCOMPARE(b.status, 401);
    QCOMPARE(a.body, b.body);
    QCOMPARE(a.json().value(QStringLiteral("code")).toString(), QStringLiteral("auth.invalid_credentials"));
    QCOMPARE(a.header("WWW-Authenticate"), b.header("WWW-Authenticate"));
    // A success clears the failure count of that login.
    QVERIFY(!loginOrFail(QStringLiteral("clerk")).isEmpty());
}

void TestHttpApi::lockoutAfterFailures()
{
    const QString login = QStringLiteral("engineer");
    const QByteArray wrong = QJsonDocument(QJsonObject{{QStringLiteral("login"), login},
                                                       {QStringLiteral("password"), QStringLiteral("wrong")}})
                                 .toJson();
    for (int i = 0; i < kLockoutAttempts; ++i)
        QCOMPARE(m_client->post(QStringLiteral("/api/v1/auth/login"), wrong).status, 401);

    // Locked: even the right password is refused, with a Retry-After.
    const QByteArray right =
        QJsonDocument(QJsonObject{{QStringLiteral("login"), login},
                                  {QStringLiteral("password"), QStringLiteral("oblik-demo")}})
            .toJson();
    const HttpReply locked = m_client->post(QStringLiteral("/api/v1/auth/login"), right);
    QCOMPARE(locked.status, 429);
    QCOMPARE(locked.json().value(QStringLiteral("code")).toString(), QStringLiteral("auth.locked"));
    const int retryAfter = locked.header("Retry-After").toInt();
    QVERIFY2(retryAfter >= 1 && retryAfter <= kLockoutSeconds, locked.header("Retry-After").constData());

    // A login name that does not exist is locked the same way (no hint that it does not exist).
    const QByteArray ghost = QJsonDocument(QJsonObject{{QStringLiteral("login"), QStringLiteral("ghost")},
                                                       {QStringLiteral("password"), QStringLiteral("x")}})
                                 .toJson();
    for (int i = 0; i < kLockoutAttempts; ++i)
        QCOMPARE(m_client->post(QStringLiteral("/api/v1/auth/login"), ghost).status, 401);
    QCOMPARE(m_client->post(QStringLiteral("/api/v1/auth/login"), ghost).status, 429);

    // Other logins are not affected.
    QVERIFY(!loginOrFail(QStringLiteral("household")).isEmpty());

    QTest::qWait(retryAfter * 1000 + 300);
    const HttpReply after = m_client->post(QStringLiteral("/api/v1/auth/login"), right);
    QCOMPARE(after.status, 200);
}

void TestHttpApi::unauthorized_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("authorization");
    QTest::newRow("me, no header") << "/api/v1/me" << QByteArray();
    QTest::newRow("me, garbage token") << "/api/v1/me" << QByteArray("Bearer not-a-token");
    QTest::newRow("me, well-formed unknown token")
        << "/api/v1/me" << QByteArray("Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    QTest::newRow("me, other scheme") << "/api/v1/me" << QByteArray("Basic YWRtaW46b2JsaWstZGVtbw==");
    QTest::newRow("accounts, no header") << "/api/v1/accounts" << QByteArray();
    QTest::newRow("account, no header") << "/api/v1/accounts/1" << QByteArray();
}

void TestHttpApi::unauthorized()
{
    QFETCH(QString, path);
    QFETCH(QByteArray, authorization);
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!authorization.isEmpty())
        headers.append({"Authorization", authorization});
    const HttpReply r = m_client->send("GET", path, {}, {}, headers);
    QCOMPARE(r.status, 401);
    QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("auth.unauthorized"));
    QVERIFY(r.header("WWW-Authenticate").startsWith("Bearer"));
}

void TestHttpApi::logoutEndsSession()
{
    const QString token = loginOrFail(QStringLiteral("admin"));
    QVERIFY(!token.isEmpty());
    QCOMPARE(m_client->get(QStringLiteral("/api/v1/me"), token).status, 200);
    const HttpReply out = m_client->send("POST", QStringLiteral("/api/v1/auth/logout"), {}, token);
    QCOMPARE(out.status, 204);
    QCOMPARE(m_client->get(QStringLiteral("/api/v1/me"), token).status, 401);
    QCOMPARE(m_client->send("POST", QStringLiteral("/api/v1/auth/logout"), {}, token).status, 401);
}

void TestHttpApi::me_data()
{
    QTest::addColumn<QString>("login");
    QTest::addColumn<QString>("role");
    QTest::newRow("accountant") << "accountant"
                                << "consumer";
    QTest::newRow("household") << "household"
                               << "consumer";
    QTest::newRow("clerk") << "clerk"
                           << "clerk";
    QTest::newRow("admin") << "admin"
                           << "admin";
}

void TestHttpApi::me()
{
    QFETCH(QString, login);
    QFETCH(QString, role);
    const QString token = loginOrFail(login);
    QVERIFY(!token.isEmpty());
    const HttpReply r = m_client->get(QStringLiteral("/api/v1/me"), token);
    QCOMPARE(r.status, 200);
    const QJsonObject o = r.json();
    QCOMPARE(o.value(QStringLiteral("login")).toString(), login);
    QCOMPARE(o.value(QStringLiteral("role")).toString(), role);
    QVERIFY(!o.value(QStringLiteral("name")).toString().isEmpty());
    // The same user as in the database, with its district and supplier when it has them (a clerk's
    // supplier is its district's).
    QSqlQuery q(m_oracle);
    q.prepare(QStringLiteral("SELECT u.id, u.role, d.id, d.code, s.id, s.name FROM users u "
                             "LEFT JOIN districts d ON d.id = u.district_id "
                             "LEFT JOIN suppliers s ON s.id = COALESCE(u.supplier_id, d.supplier_id) "
                             "WHERE u.login = ?"));
    q.addBindValue(login);
    QVERIFY(q.exec() && q.next());
    QCOMPARE(o.value(QStringLiteral("id")).toInteger(), q.value(0).toLongLong());
    QCOMPARE(q.value(1).toString(), role);
    const QJsonValue district = o.value(QStringLiteral("district"));
    if (q.value(2).isNull()) {
        QVERIFY(district.isNull());
    } else {
        QCOMPARE(district.toObject().value(QStringLiteral("id")).toInteger(), q.value(2).toLongLong());
        QCOMPARE(district.toObject().value(QStringLiteral("code")).toString(), q.value(3).toString());
    }
    const QJsonValue supplier = o.value(QStringLiteral("supplier"));
    if (q.value(4).isNull()) {
        QVERIFY(supplier.isNull());
    } else {
        QCOMPARE(supplier.toObject().value(QStringLiteral("id")).toInteger(), q.value(4).toLongLong());
        QCOMPARE(supplier.toObject().value(QStringLiteral("name")).toString(), q.value(5).toString());
    }
    if (role == u"clerk")
        QVERIFY(district.isObject());
    if (role == u"admin")
        QVERIFY(supplier.isObject());
}

static const char *const kConsumerSql =
    "SELECT ua.account_id FROM user_accounts ua JOIN users u ON u.id = ua.user_id "
    "WHERE u.login = ?";
static const char *const kClerkSql = "SELECT a.id FROM accounts a JOIN contracts c ON c.id = a.contract_id "
                                     "JOIN consumers k ON k.id = c.consumer_id "
                                     "WHERE k.district_id = (SELECT district_id FROM users WHERE login = ?)";
static const char *const kAdminSql = "SELECT a.id FROM accounts a JOIN contracts c ON c.id = a.contract_id "
                                     "JOIN consumers k ON k.id = c.consumer_id "
                                     "JOIN districts d ON d.id = k.district_id WHERE d.supplier_id = (SELECT "
                                     "supplier_id FROM users WHERE login = ?)";

void TestHttpApi::accountsPerRole_data()
{
    QTest::addColumn<QString>("login");
    QTest::addColumn<QString>("oracle");
    QTest::addColumn<int>("expectedCount"); // -1: whatever the oracle says (at least one)
    QTest::newRow("accountant sees its three") << "accountant" << kConsumerSql << 3;
    QTest::newRow("household sees its one") << "household" << kConsumerSql << 1;
    QTest::newRow("clerk sees its district") << "clerk" << kClerkSql << -1;
    QTest::newRow("admin sees its supplier") << "admin" << kAdminSql << -1;
}

void TestHttpApi::accountsPerRole()
{
    QFETCH(QString, login);
    QFETCH(QString, oracle);
    QFETCH(int, expectedCount);
    const QStringList expected = oracleIds(oracle, login);
    if (expectedCount >= 0)
        QCOMPARE(expected.size(), expectedCount);
    else
        QVERIFY(!expected.isEmpty());

    const QString token = loginOrFail(login);
    QVERIFY(!token.isEmpty());
    const HttpReply r = m_client->get(QStringLiteral("/api/v1/accounts?limit=1000"), token);
    QCOMPARE(r.status, 200);
    const QJsonObject o = r.json();
    QCOMPARE(o.value(QStringLiteral("total")).toInt(), expected.size());
    QCOMPARE(o.value(QStringLiteral("limit")).toInt(), 1000);
    QCOMPARE(o.value(QStringLiteral("offset")).toInt(), 0);
    QStringList got;
    for (const QJsonValue &v : o.value(QStringLiteral("items")).toArray()) {
        const QJsonObject item = v.toObject();
        got << QString::number(item.value(QStringLiteral("id")).toInteger());
        for (const char *key :
             {"number", "address", "consumer_name", "consumer_kind", "contract_number", "district_name"})
            QVERIFY2(item.value(QLatin1String(key)).isString(), key);
    }
    got.sort();
    QCOMPARE(got, expected);
}

void TestHttpApi::accountsPaging()
{
    const QString token = loginOrFail(QStringLiteral("admin"));
    const HttpReply all = m_client->get(QStringLiteral("/api/v1/accounts?limit=1000"), token);
    QCOMPARE(all.status, 200);
    const QJsonArray items = all.json().value(QStringLiteral("items")).toArray();
    QVERIFY(items.size() >= 10);
    QJsonArray paged;
    for (int offset = 0; offset < items.size(); offset += 7) {
        const HttpReply page =
            m_client->get(QStringLiteral("/api/v1/accounts?limit=7&offset=%1").arg(offset), token);
        QCOMPARE(page.status, 200);
        QCOMPARE(page.json().value(QStringLiteral("total")).toInt(), items.size());
        QCOMPARE(page.json().value(QStringLiteral("offset")).toInt(), offset);
        for (const QJsonValue &v : page.json().value(QStringLiteral("items")).toArray())
            paged.append(v);
    }
    QCOMPARE(paged, items); // pages in a stable order, nothing lost or repeated
    const HttpReply beyond = m_client->get(QStringLiteral("/api/v1/accounts?offset=100000"), token);
    QCOMPARE(beyond.status, 200);
    QCOMPARE(beyond.json().value(QStringLiteral("items")).toArray().size(), 0);
}

void TestHttpApi::accountsSearch()
{
    const QString token = loginOrFail(QStringLiteral("clerk"));
    const HttpReply all = m_client->get(QStringLiteral("/api/v1/accounts?limit=1000"), token);
    const QJsonObject first = all.json().value(QStringLiteral("items")).toArray().at(0).toObject();
    const QString number = first.value(QStringLiteral("number")).toString();
    QVERIFY(!number.isEmpty());
    const HttpReply byNumber = m_client->get(
        QStringLiteral("/api/v1/accounts?q=") + QString::fromLatin1(QUrl::toPercentEncoding(number)), token);
    QCOMPARE(byNumber.status, 200);
    bool found = false;
    for (const QJsonValue &v : byNumber.json().value(QStringLiteral("items")).toArray())
        found = found || v.toObject().value(QStringLiteral("number")).toString() == number;
    QVERIFY(found);
    const HttpReply none = m_client->get(QStringLiteral("/api/v1/accounts?q=zzzz-no-such-thing"), token);
    QCOMPARE(none.status, 200);
    QCOMPARE(none.json().value(QStringLiteral("total")).toInt(), 0);
}

void TestHttpApi::accountsValidation_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("field");
    QTest::newRow("limit 0") << "limit=0"
                             << "limit";
    QTest::newRow("limit 1001") << "limit=1001"
                                << "limit";
    QTest::newRow("limit text") << "limit=abc"
                                << "limit";
    QTest::newRow("limit empty") << "limit="
                                 << "limit";
    QTest::newRow("limit negative") << "limit=-5"
                                    << "limit";
    QTest::newRow("offset negative") << "offset=-1"
                                     << "offset";
    QTest::newRow("offset text") << "offset=1e3"
                                 << "offset";
    QTest::newRow("q too long") << QStringLiteral("q=") + QString(101, u'x') << "q";
}

void TestHttpApi::accountsValidation()
{
    QFETCH(QString, query);
    QFETCH(QString, field);
    const QString token = loginOrFail(QStringLiteral("admin"));
    const HttpReply r = m_client->get(QStringLiteral("/api/v1/accounts?") + query, token);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("request.invalid_field"));
    QCOMPARE(r.json().value(QStringLiteral("field")).toString(), field);
}

void TestHttpApi::accountTree()
{
    const QString token = loginOrFail(QStringLiteral("accountant"));
    const QStringList ids = oracleIds(QLatin1String(kConsumerSql), QStringLiteral("accountant"));
    QVERIFY(!ids.isEmpty());
    int meters = 0, registers = 0, readings = 0;
    for (const QString &id : ids) {
        const HttpReply r = m_client->get(QStringLiteral("/api/v1/accounts/") + id, token);
        QCOMPARE(r.status, 200);
        const QJsonObject a = r.json();
        QCOMPARE(QString::number(a.value(QStringLiteral("id")).toInteger()), id);
        QVERIFY(a.value(QStringLiteral("consumer")).isObject());
        QVERIFY(a.value(QStringLiteral("district")).isObject());
        QVERIFY(a.value(QStringLiteral("supplier")).isObject());
        QVERIFY(QDate::fromString(a.value(QStringLiteral("opened_on")).toString(), Qt::ISODate).isValid());
        QVERIFY(!a.value(QStringLiteral("contracts")).toArray().isEmpty());
        const QJsonArray objects = a.value(QStringLiteral("objects")).toArray();
        QVERIFY(!objects.isEmpty());
        for (const QJsonValue &ov : objects) {
            const QJsonArray points = ov.toObject().value(QStringLiteral("metering_points")).toArray();
            QVERIFY(!points.isEmpty());
            for (const QJsonValue &pv : points) {
                const QJsonObject p = pv.toObject();
                QVERIFY(QStringList({QStringLiteral("A"), QStringLiteral("R"), QStringLiteral("G")})
                            .contains(p.value(QStringLiteral("kind")).toString()));
                for (const QJsonValue &mv : p.value(QStringLiteral("meters")).toArray()) {
                    ++meters;
                    for (const QJsonValue &rv : mv.toObject().value(QStringLiteral("registers")).toArray()) {
                        ++registers;
                        const QJsonValue last = rv.toObject().value(QStringLiteral("last_reading"));
                        if (last.isObject()) {
                            ++readings;
                            static const QRegularExpression energy(QStringLiteral("^\\d+\\.\\d{3}$"));
                            QVERIFY(energy.match(last.toObject().value(QStringLiteral("value")).toString())
                                        .hasMatch());
                            QVERIFY(
                                energy.match(last.toObject().value(QStringLiteral("consumption")).toString())
                                    .hasMatch());
                        }
                    }
                }
            }
        }
    }
    QVERIFY(meters > 0);
    QVERIFY(registers >= meters);
    QVERIFY(readings > 0);
}

void TestHttpApi::foreignAccountIsNotFound()
{
    const QStringList mine = oracleIds(QLatin1String(kConsumerSql), QStringLiteral("household"));
    const QStringList theirs = oracleIds(QLatin1String(kConsumerSql), QStringLiteral("accountant"));
    QVERIFY(!theirs.isEmpty());
    QVERIFY(!mine.contains(theirs.first()));
    const QString token = loginOrFail(QStringLiteral("household"));
    const HttpReply foreign = m_client->get(QStringLiteral("/api/v1/accounts/") + theirs.first(), token);
    const HttpReply missing = m_client->get(QStringLiteral("/api/v1/accounts/987654321"), token);
    const HttpReply garbage = m_client->get(QStringLiteral("/api/v1/accounts/12abc"), token);
    QCOMPARE(foreign.status, 404);
    QCOMPARE(foreign.json().value(QStringLiteral("code")).toString(), QStringLiteral("not_found"));
    QCOMPARE(foreign.body, missing.body);
    QCOMPARE(garbage.status, 404);
    QCOMPARE(garbage.body, missing.body);
    // And the owner does see it.
    const QString owner = loginOrFail(QStringLiteral("accountant"));
    QCOMPARE(m_client->get(QStringLiteral("/api/v1/accounts/") + theirs.first(), owner).status, 200);
}

void TestHttpApi::malformedBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("field");
    QTest::newRow("not json") << QByteArray("{login:") << "request.malformed_json"
                              << "";
    QTest::newRow("array") << QByteArray("[]") << "request.malformed_json"
                           << "";
    QTest::newRow("empty object") << QByteArray("{}") << "request.missing_field"
                                  << "login";
    QTest::newRow("no password") << QByteArray(R"({"login":"admin"})") << "request.missing_field"
                                 << "password";
    QTest::newRow("null password") << QByteArray(R"({"login":"admin","password":null})")
                                   << "request.missing_field"
                                   << "password";
    QTest::newRow("number login") << QByteArray(R"({"login":5,"password":"x"})") << "request.invalid_field"
                                  << "login";
}

void TestHttpApi::malformedBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, field);
    const HttpReply r = m_client->post(QStringLiteral("/api/v1/auth/login"), body);
    QCOMPARE(r.status, 400);
    const QJsonObject o = r.json();
    QCOMPARE(o.value(QStringLiteral("status")).toInt(), 400);
    QCOMPARE(o.value(QStringLiteral("code")).toString(), code);
    QCOMPARE(o.value(QStringLiteral("field")).toString(), field);
    QVERIFY(!o.value(QStringLiteral("title")).toString().isEmpty());
    QVERIFY(!o.value(QStringLiteral("detail")).toString().isEmpty());
}

void TestHttpApi::bodyOverLimit()
{
    for (const int size : {kMaxBody + 1, 200 * 1024}) {
        QByteArray body = R"({"login":"admin","password":")" + QByteArray(size, 'x') + R"("})";
        const HttpReply r = m_client->post(QStringLiteral("/api/v1/auth/login"), body);
        QVERIFY2(r.networkError.isEmpty(), qPrintable(r.networkError));
        QCOMPARE(r.status, 413);
        QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("request.too_large"));
        // The server keeps serving.
        QCOMPARE(m_client->get(QStringLiteral("/api/v1/health")).status, 200);
    }
    // Just under the limit is parsed as usual (an unknown member pads it).
    const QByteArray fits =
        R"({"login":"x","password":"y","pad":")" + QByteArray(kMaxBody - 60, 'p') + R"("})";
    QVERIFY(fits.size() <= kMaxBody);
    QCOMPARE(m_client->post(QStringLiteral("/api/v1/auth/login"), fits).status, 401);
}

// Speaks HTTP/1.1 by hand over TLS, for what QNetworkAccessManager will not send.
static QByteArray rawExchange(const QUrl &base, const QSslCertificate &cert, const QByteArray &head,
                              const QByteArray &bodyPart)
{
    QSslSocket socket;
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setCaCertificates({cert});
    socket.setSslConfiguration(config);
    socket.connectToHostEncrypted(base.host(), quint16(base.port()));
    if (!socket.waitForEncrypted(10000))
        return "handshake failed: " + socket.errorString().toUtf8();
    socket.write(head);
    socket.write(bodyPart);
    socket.flush();
    QByteArray answer;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 10000 && socket.state() == QAbstractSocket::ConnectedState) {
        if (socket.waitForReadyRead(200))
            answer += socket.readAll();
        if (answer.contains("\r\n\r\n") && answer.contains("}"))
            break;
    }
    answer += socket.readAll();
    return answer;
}

void TestHttpApi::declaredBodyOverLimitRawSocket()
{
    // A huge Content-Length is refused from the headers alone, before any body arrives.
    const QByteArray head =
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Content-Length: 10000000000\r\n\r\n";
    const QByteArray answer = rawExchange(m_server.baseUrl(), m_cert, head, "{\"login\":");
    QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.constData());
    QVERIFY(answer.contains("request.too_large"));
    QCOMPARE(m_client->get(QStringLiteral("/api/v1/health")).status, 200);
}

void TestHttpApi::chunkedBodyOverLimitRawSocket()
{
    const QByteArray head =
        "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n";
    QByteArray chunks;
    for (int i = 0; i < 3; ++i)
        chunks += QByteArray::number(2000, 16) + "\r\n" + QByteArray(2000, 'z') + "\r\n";
    const QByteArray answer = rawExchange(m_server.baseUrl(), m_cert, head, chunks);
    QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.constData());
    QCOMPARE(m_client->get(QStringLiteral("/api/v1/health")).status, 200);

    // A small chunked body passes the guard and is parsed.
    const QByteArray body = R"({"login":"x"})";
    const QByteArray small = QByteArray::number(body.size(), 16) + "\r\n" + body + "\r\n0\r\n\r\n";
    const QByteArray ok = rawExchange(m_server.baseUrl(), m_cert, head, small);
    QVERIFY2(ok.startsWith("HTTP/1.1 400"), ok.constData());
    QVERIFY(ok.contains("request.missing_field"));
}

void TestHttpApi::keepAliveAfterBodies()
{
    // Several requests with bodies on one connection: the size guard must follow the framing from
    // one request to the next (bodies just under the limit add up to far more than it).
    QSslSocket socket;
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setCaCertificates({m_cert});
    socket.setSslConfiguration(config);
    socket.connectToHostEncrypted(m_server.baseUrl().host(), quint16(m_server.baseUrl().port()));
    QVERIFY2(socket.waitForEncrypted(10000), qPrintable(socket.errorString()));
    const QByteArray body = R"({"login":"x","pad":")" + QByteArray(kMaxBody - 40, 'p') + R"("})";
    QVERIFY(body.size() <= kMaxBody);
    for (int i = 0; i < 4; ++i) {
        socket.write(
            "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Content-Length: " +
            QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QByteArray answer;
        QElapsedTimer timer;
        timer.start();
        while (!answer.contains("request.missing_field") && timer.elapsed() < 10000 &&
               socket.state() == QAbstractSocket::ConnectedState) {
            if (socket.waitForReadyRead(200))
                answer += socket.readAll();
        }
        QVERIFY2(answer.startsWith("HTTP/1.1 400"), answer.constData());
        QVERIFY2(answer.contains("\"field\":\"password\""), answer.constData());
    }
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    // And the guard still knows where the next request starts: an oversized one is refused.
    socket.write("POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " +
                 QByteArray::number(kMaxBody + 1) + "\r\n\r\n");
    QByteArray answer;
    QElapsedTimer timer;
    timer.start();
    while (!answer.contains("request.too_large") && timer.elapsed() < 10000 &&
           socket.state() == QAbstractSocket::ConnectedState) {
        if (socket.waitForReadyRead(200))
            answer += socket.readAll();
    }
    QVERIFY2(answer.startsWith("HTTP/1.1 413"), answer.constData());
}

void TestHttpApi::unknownPathAndWrongMethod_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("allow");
    QTest::newRow("unknown path") << QByteArray("GET") << "/api/v1/nope" << 404 << QByteArray();
    QTest::newRow("root") << QByteArray("GET") << "/" << 404 << QByteArray();
    QTest::newRow("trailing slash") << QByteArray("GET") << "/api/v1/health/" << 404 << QByteArray();
    QTest::newRow("too deep") << QByteArray("GET") << "/api/v1/accounts/1/x" << 404 << QByteArray();
    QTest::newRow("delete health") << QByteArray("DELETE") << "/api/v1/health" << 405 << QByteArray("GET");
    QTest::newRow("post me") << QByteArray("POST") << "/api/v1/me" << 405 << QByteArray("GET");
    QTest::newRow("get login") << QByteArray("GET") << "/api/v1/auth/login" << 405 << QByteArray("POST");
    QTest::newRow("put account") << QByteArray("PUT") << "/api/v1/accounts/1" << 405 << QByteArray("GET");
}

void TestHttpApi::unknownPathAndWrongMethod()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(QByteArray, allow);
    const HttpReply r =
        m_client->send(method, path, method == "GET" || method == "DELETE" ? QByteArray() : "{}");
    QCOMPARE(r.status, status);
    QCOMPARE(r.json().value(QStringLiteral("code")).toString(),
             status == 404 ? QStringLiteral("not_found") : QStringLiteral("method_not_allowed"));
    QCOMPARE(r.header("Allow"), allow);
}

void TestHttpApi::sessionIdleAndAbsoluteExpiry()
{
    // A second server on the same database with short session times.
    ServerProcess shortLived;
    QVERIFY2(shortLived.start({QStringLiteral("--db"), sqliteUrl(m_dbPath), QStringLiteral("--listen"),
                               QStringLiteral("127.0.0.1:0"), QStringLiteral("--state-dir"), m_stateDir,
                               QStringLiteral("--session-idle"), QStringLiteral("3"),
                               QStringLiteral("--session-max"), QStringLiteral("6")}),
             qPrintable(shortLived.error()));
    HttpsClient client(shortLived.baseUrl(), m_cert);

    // Sliding: used every 2 s, it outlives the 3 s idle timeout, until the 6 s absolute limit.
    const QString token = client.login(QStringLiteral("admin"));
    QVERIFY(!token.isEmpty());
    QElapsedTimer since;
    since.start();
    for (int at : {2000, 4000}) {
        QTest::qWait(int(at - since.elapsed()));
        QCOMPARE(client.get(QStringLiteral("/api/v1/me"), token).status, 200);
    }
    QTest::qWait(int(6500 - since.elapsed()));
    QCOMPARE(client.get(QStringLiteral("/api/v1/me"), token).status, 401);

    // Idle: unused for longer than 3 s.
    const QString idle = client.login(QStringLiteral("admin"));
    QVERIFY(!idle.isEmpty());
    QTest::qWait(3500);
    const HttpReply r = client.get(QStringLiteral("/api/v1/me"), idle);
    QCOMPARE(r.status, 401);
    QCOMPARE(r.json().value(QStringLiteral("code")).toString(), QStringLiteral("auth.unauthorized"));
    QCOMPARE(shortLived.stop(), 0);
}

void TestHttpApi::developmentCertificateIsStable()
{
    // Restarting with the same state folder keeps the certificate (clients pin its fingerprint).
    ServerProcess again;
    QVERIFY2(again.start({QStringLiteral("--db"), sqliteUrl(m_dbPath), QStringLiteral("--listen"),
                          QStringLiteral("127.0.0.1:0"), QStringLiteral("--state-dir"), m_stateDir}),
             qPrintable(again.error()));
    QCOMPARE(again.announcedFingerprint(), m_server.announcedFingerprint());
    QCOMPARE(again.announcedCertificate(), m_server.announcedCertificate());
    HttpsClient client(again.baseUrl(), m_cert);
    QCOMPARE(client.get(QStringLiteral("/api/v1/health")).status, 200);

    QCOMPARE(again.stop(), 0);

    // Another state folder means another certificate, which a client pinned to ours refuses.
    ServerProcess other;
    QVERIFY2(other.start({QStringLiteral("--db"), sqliteUrl(m_dbPath), QStringLiteral("--listen"),
                          QStringLiteral("127.0.0.1:0"), QStringLiteral("--state-dir"),
                          m_dir.filePath(QStringLiteral("tls-other"))}),
             qPrintable(other.error()));
    QVERIFY(other.announcedFingerprint() != m_server.announcedFingerprint());
    HttpsClient pinned(other.baseUrl(), m_cert);
    const HttpReply refused = pinned.get(QStringLiteral("/api/v1/health"));
    QCOMPARE(refused.status, 0);
    QVERIFY(!refused.networkError.isEmpty());
    QCOMPARE(other.stop(), 0);
}

QTEST_GUILESS_MAIN(TestHttpApi)
#include "tst_httpapi.moc"

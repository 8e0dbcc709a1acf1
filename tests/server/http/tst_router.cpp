// The router's matching rules and the dispatcher's 404/405/413 answers, without a network.

#include "http/httpserver.h"
#include "http/jsonbody.h"
#include "http/router.h"
#include "http/token.h"

#include <QJsonDocument>
#include <QTest>

using namespace oblik::http;

class TestRouter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void match_data();
    void match();
    void listsRoutes();
    void dispatch_data();
    void dispatch();
    void queryInt_data();
    void queryInt();
    void tokens();

private:
    static Router sample();
};

Router TestRouter::sample()
{
    Router r;
    auto named = [](const char *name) {
        return [name](const Request &req) {
            QJsonObject o{{QStringLiteral("route"), QLatin1String(name)}};
            for (auto it = req.params.cbegin(); it != req.params.cend(); ++it)
                o.insert(it.key(), it.value());
            return Response::json(o);
        };
    };
    r.add("GET", QStringLiteral("/api/v1/health"), named("health"));
    r.add("GET", QStringLiteral("/api/v1/accounts"), named("list"));
    r.add("GET", QStringLiteral("/api/v1/accounts/{id}"), named("one"));
    r.add("DELETE", QStringLiteral("/api/v1/accounts/{id}"), named("delete"));
    r.add("POST", QStringLiteral("/api/v1/auth/login"), named("login"));
    return r;
}

void TestRouter::match_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("kind"); // 0 found, 1 not found, 2 method not allowed
    QTest::addColumn<QString>("id");
    QTest::addColumn<QByteArray>("allowed");
    QTest::newRow("literal") << QByteArray("GET") << "/api/v1/health" << 0 << "" << QByteArray();
    QTest::newRow("placeholder") << QByteArray("GET") << "/api/v1/accounts/42" << 0 << "42" << QByteArray();
    QTest::newRow("placeholder any text")
        << QByteArray("GET") << "/api/v1/accounts/x" << 0 << "x" << QByteArray();
    QTest::newRow("other method same pattern")
        << QByteArray("DELETE") << "/api/v1/accounts/7" << 0 << "7" << QByteArray();
    QTest::newRow("empty placeholder") << QByteArray("GET") << "/api/v1/accounts/" << 1 << "" << QByteArray();
    QTest::newRow("trailing slash") << QByteArray("GET") << "/api/v1/health/" << 1 << "" << QByteArray();
    QTest::newRow("double slash") << QByteArray("GET") << "/api//v1/health" << 1 << "" << QByteArray();
    QTest::newRow("deeper") << QByteArray("GET") << "/api/v1/accounts/1/2" << 1 << "" << QByteArray();
    QTest::newRow("case matters") << QByteArray("GET") << "/API/v1/health" << 1 << "" << QByteArray();
    QTest::newRow("root") << QByteArray("GET") << "/" << 1 << "" << QByteArray();
    QTest::newRow("wrong method") << QByteArray("POST") << "/api/v1/health" << 2 << "" << QByteArray("GET");
    QTest::newRow("two allowed") << QByteArray("PUT") << "/api/v1/accounts/1" << 2 << ""
                                 << QByteArray("DELETE, GET");
    QTest::newRow("head is not get") << QByteArray("HEAD") << "/api/v1/health" << 2 << ""
                                     << QByteArray("GET");
}

void TestRouter::match()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, kind);
    QFETCH(QString, id);
    QFETCH(QByteArray, allowed);
    const Router router = sample();
    const Router::Match m = router.match(method, path);
    QCOMPARE(int(m.kind), kind);
    QCOMPARE(m.params.value(QStringLiteral("id")), id);
    QCOMPARE(m.allowed.join(", "), allowed);
}

void TestRouter::listsRoutes()
{
    QCOMPARE(sample().list(),
             QStringList({QStringLiteral("GET /api/v1/health"), QStringLiteral("GET /api/v1/accounts"),
                          QStringLiteral("GET /api/v1/accounts/{id}"),
                          QStringLiteral("DELETE /api/v1/accounts/{id}"),
                          QStringLiteral("POST /api/v1/auth/login")}));
}

void TestRouter::dispatch_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("bodySize");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QByteArray>("allow");
    QTest::newRow("found") << QByteArray("GET") << "/api/v1/accounts/5" << 0 << 200 << "" << QByteArray();
    QTest::newRow("not found") << QByteArray("GET") << "/nope" << 0 << 404 << "not_found" << QByteArray();
    QTest::newRow("not allowed") << QByteArray("PATCH") << "/api/v1/auth/login" << 0 << 405
                                 << "method_not_allowed" << QByteArray("POST");
    QTest::newRow("body at the limit")
        << QByteArray("POST") << "/api/v1/auth/login" << 100 << 200 << "" << QByteArray();
    QTest::newRow("body over the limit")
        << QByteArray("POST") << "/api/v1/auth/login" << 101 << 413 << "request.too_large" << QByteArray();
}

void TestRouter::dispatch()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, bodySize);
    QFETCH(int, status);
    QFETCH(QString, code);
    QFETCH(QByteArray, allow);
    const Router router = sample();
    HttpServer server(router, 100);
    Request request;
    request.method = method;
    request.path = path;
    request.body = QByteArray(bodySize, 'x');
    const Response r = server.dispatch(request);
    QCOMPARE(r.status, status);
    QCOMPARE(r.header("Allow"), allow);
    const QJsonObject o = QJsonDocument::fromJson(r.body).object();
    if (code.isEmpty()) {
        QCOMPARE(r.contentType, QByteArray("application/json"));
    } else {
        QCOMPARE(r.contentType, QByteArray("application/problem+json"));
        QCOMPARE(o.value(QStringLiteral("code")).toString(), code);
        QCOMPARE(o.value(QStringLiteral("status")).toInt(), status);
    }
}

void TestRouter::queryInt_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("expected"); // -1: invalid_field
    QTest::newRow("absent") << "" << 100;
    QTest::newRow("plain") << "limit=5" << 5;
    QTest::newRow("min") << "limit=1" << 1;
    QTest::newRow("max") << "limit=1000" << 1000;
    QTest::newRow("below") << "limit=0" << -1;
    QTest::newRow("above") << "limit=1001" << -1;
    QTest::newRow("sign") << "limit=%2B5" << -1;
    QTest::newRow("space") << "limit=%205" << -1;
    QTest::newRow("hex") << "limit=0x5" << -1;
    QTest::newRow("empty") << "limit=" << -1;
    QTest::newRow("huge") << "limit=99999999999999999999" << -1;
}

void TestRouter::queryInt()
{
    QFETCH(QString, query);
    QFETCH(int, expected);
    const auto r = jsonbody::queryInt(QUrlQuery(query), QStringLiteral("limit"), 100, 1, 1000);
    if (expected < 0) {
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code(), QStringLiteral("request.invalid_field"));
        QCOMPARE(r.error().field(), QStringLiteral("limit"));
    } else {
        QVERIFY(r.ok());
        QCOMPARE(r.value(), expected);
    }
}

void TestRouter::tokens()
{
    const QString a = token::generate();
    const QString b = token::generate();
    QCOMPARE(a.size(), 43); // 32 bytes in base64url without padding
    QVERIFY(a != b);
    QVERIFY(token::looksValid(a));
    QVERIFY(!token::looksValid(a.left(42)));
    QVERIFY(!token::looksValid(a.left(42) + u'+'));
    // SHA-256 of "abc" (FIPS 180-2 test vector).
    QCOMPARE(token::hash(QStringLiteral("abc")),
             QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
}

QTEST_GUILESS_MAIN(TestRouter)
#include "tst_router.moc"

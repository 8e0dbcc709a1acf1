// AuthService's rules with a clock the test moves: lockout counting and expiry, sliding and absolute
// session expiry, tokens stored only as hashes. Runs on a real SQLite file through the store.

#include "http/authservice.h"
#include "http/token.h"
#include "store/database.h"
#include "store/migrator.h"
#include "store/passwordhash.h"
#include "store/userrepository.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace oblik;
using namespace oblik::http;
using namespace std::chrono_literals;

class TestAuthService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void loginAndAuthenticate();
    void lockout_data();
    void lockout();
    void lockoutWindowExpires();
    void lockoutIgnoresCaseAndSpaces();
    void successClearsFailures();
    void slidingAndAbsoluteExpiry();
    void idleExpiryIsExact();
    void logout();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<store::Database> m_db;
    std::unique_ptr<store::UserRepository> m_users;
    FixedClock m_clock{QDateTime(QDate(2026, 11, 25), QTime(9, 0), Qt::UTC)};
    AuthOptions m_options;
    int m_counter = 0;
    QString m_login;
};

void TestAuthService::initTestCase()
{
    auto db = store::Database::open(QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("auth.db")));
    QVERIFY2(db.ok(), qPrintable(db.error().detail()));
    m_db = std::move(db.value());
    store::Migrator migrator(*m_db);
    QVERIFY(migrator.migrate().ok());
    m_users = std::make_unique<store::UserRepository>(*m_db);
    m_options.sessionIdleS = 60;
    m_options.sessionMaxS = 300;
    m_options.lockoutAttempts = 3;
    m_options.lockoutWindowS = 120;
    m_options.lockoutS = 30;
}

void TestAuthService::init()
{
    // A fresh user per test: lockout state never leaks between tests.
    m_login = QStringLiteral("user%1").arg(++m_counter);
    auto id =
        m_users->create(m_login, QStringLiteral("Test User"), store::hashPassword(QStringLiteral("secret")),
                        domain::Role::Admin, std::nullopt, std::nullopt);
    QVERIFY2(id.ok(), qPrintable(id.error().detail()));
}

void TestAuthService::loginAndAuthenticate()
{
    AuthService auth(*m_users, m_clock, m_options);
    auto r = auth.login(m_login, QStringLiteral("secret"));
    QVERIFY(r.ok());
    QCOMPARE(r.value().user.login, m_login);
    QCOMPARE(r.value().expiresAt, m_clock.now().toMSecsSinceEpoch() + 300'000);
    const QString token = r.value().token;
    QCOMPARE(token.size(), 43);

    auto who = auth.authenticate(token);
    QVERIFY(who.ok());
    QCOMPARE(who.value().login, m_login);

    // Only the hash is stored.
    auto session = m_users->findSession(token::hash(token));
    QVERIFY(session.ok() && session.value().has_value());
    QVERIFY(!m_users->findSession(token).value().has_value());

    QCOMPARE(auth.login(m_login, QStringLiteral("wrong")).error().code(),
             QStringLiteral("auth.invalid_credentials"));
    QCOMPARE(auth.login(QStringLiteral("nobody"), QStringLiteral("secret")).error().code(),
             QStringLiteral("auth.invalid_credentials"));
    QCOMPARE(auth.authenticate(QStringLiteral("garbage")).error().code(),
             QStringLiteral("auth.unauthorized"));
    QCOMPARE(auth.authenticate(token::generate()).error().code(), QStringLiteral("auth.unauthorized"));
}

void TestAuthService::lockout_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<int>("waitS");       // after the failures
    QTest::addColumn<QString>("outcome"); // of the right password then
    QTest::addColumn<int>("retryAfter");
    QTest::newRow("2 failures: not locked") << 2 << 0 << "ok" << 0;
    QTest::newRow("3 failures: locked") << 3 << 0 << "auth.locked" << 30;
    QTest::newRow("3 failures, 10 s later") << 3 << 10 << "auth.locked" << 20;
    QTest::newRow("3 failures, 29 s later") << 3 << 29 << "auth.locked" << 1;
    QTest::newRow("3 failures, 30 s later: open") << 3 << 30 << "ok" << 0;
}

void TestAuthService::lockout()
{
    QFETCH(int, failures);
    QFETCH(int, waitS);
    QFETCH(QString, outcome);
    QFETCH(int, retryAfter);
    AuthService auth(*m_users, m_clock, m_options);
    for (int i = 0; i < failures; ++i) {
        QCOMPARE(auth.login(m_login, QStringLiteral("wrong")).error().code(),
                 QStringLiteral("auth.invalid_credentials"));
        m_clock.advance(1s);
    }
    m_clock.advance(std::chrono::seconds(waitS) - 1s);
    auto r = auth.login(m_login, QStringLiteral("secret"));
    if (outcome == u"ok") {
        QVERIFY(r.ok());
    } else {
        QCOMPARE(r.error().code(), outcome);
        QCOMPARE(r.error().args().value(0).toInt(), retryAfter);
    }
}

void TestAuthService::lockoutWindowExpires()
{
    AuthService auth(*m_users, m_clock, m_options);
    // Two failures, then the 120 s window passes: the count starts again.
    QVERIFY(!auth.login(m_login, QStringLiteral("wrong")).ok());
    QVERIFY(!auth.login(m_login, QStringLiteral("wrong")).ok());
    m_clock.advance(121s);
    QVERIFY(!auth.login(m_login, QStringLiteral("wrong")).ok());
    QVERIFY(!auth.login(m_login, QStringLiteral("wrong")).ok());
    QVERIFY(auth.login(m_login, QStringLiteral("secret")).ok());
}

void TestAuthService::lockoutIgnoresCaseAndSpaces()
{
    AuthService auth(*m_users, m_clock, m_options);
    QVERIFY(!auth.login(m_login.toUpper(), QStringLiteral("wrong")).ok());
    QVERIFY(!auth.login(u' ' + m_login, QStringLiteral("wrong")).ok());
    QVERIFY(!auth.login(m_login, QStringLiteral("wrong")).ok());
    QCOMPARE(auth.login(m_login, QStringLiteral("secret")).error().code(), QStringLiteral("auth.locked"));
}

void TestAuthService::successClearsFailures()
{
    AuthService auth(*m_users, m_clock, m_options);
    QVERIFY(!auth.login(m_login, QStringLiteral("wrong")).ok());
    QVERIFY(!auth.login(m_login, QStringLiteral("wrong")).ok());
    QVERIFY(auth.login(m_login, QStringLiteral("secret")).ok());
    QVERIFY(!auth.login(m_login, QStringLiteral("wrong")).ok());
    QVERIFY(!auth.login(m_login, QStringLiteral("wrong")).ok());
    QVERIFY(auth.login(m_login, QStringLiteral("secret")).ok());
}

void TestAuthService::slidingAndAbsoluteExpiry()
{
    AuthService auth(*m_users, m_clock, m_options);
    const QString token = auth.login(m_login, QStringLiteral("secret")).value().token;
    // Used every 50 s (idle limit 60 s): alive until the absolute 300 s.
    for (int i = 0; i < 5; ++i) {
        m_clock.advance(50s);
        QVERIFY2(auth.authenticate(token).ok(), qPrintable(QString::number(i)));
    }
    m_clock.advance(49s); // 299 s after login
    QVERIFY(auth.authenticate(token).ok());
    m_clock.advance(1s); // 300 s
    QCOMPARE(auth.authenticate(token).error().code(), QStringLiteral("auth.unauthorized"));
    QVERIFY(!m_users->findSession(token::hash(token)).value().has_value()); // deleted
}

void TestAuthService::idleExpiryIsExact()
{
    AuthService auth(*m_users, m_clock, m_options);
    const QString a = auth.login(m_login, QStringLiteral("secret")).value().token;
    const QString b = auth.login(m_login, QStringLiteral("secret")).value().token;
    m_clock.advance(59999ms);
    QVERIFY(auth.authenticate(a).ok());
    m_clock.advance(1ms); // b unused for exactly 60 s
    QCOMPARE(auth.authenticate(b).error().code(), QStringLiteral("auth.unauthorized"));
    QVERIFY(auth.authenticate(a).ok()); // a was used 1 ms ago
}

void TestAuthService::logout()
{
    AuthService auth(*m_users, m_clock, m_options);
    const QString token = auth.login(m_login, QStringLiteral("secret")).value().token;
    QVERIFY(auth.logout(token).ok());
    QCOMPARE(auth.authenticate(token).error().code(), QStringLiteral("auth.unauthorized"));
}

QTEST_GUILESS_MAIN(TestAuthService)
#include "tst_authservice.moc"

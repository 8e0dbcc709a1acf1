// Users, sessions and failed-login counters, once per driver.

#include "storefixture.h"
#include "storetest.h"

#include "store/migrator.h"
#include "store/passwordhash.h"
#include "store/userrepository.h"

#include <QAtomicInt>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::store;
using test::insertRow;

class TestUserRepository : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { test::addDriverRows(); }

    void createsAndFindsUsers()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        QVERIFY(Migrator(*db).migrate().ok());
        QSqlDatabase c = db->connection();
        const qint64 supplier = insertRow(c, u"suppliers"_s,
                                          {{"name", u"Постачальник"_s},
                                           {"edrpou", u"12345678"_s},
                                           {"iban", u"UA00"_s},
                                           {"address", u"м. Житомир"_s}});
        const qint64 district = insertRow(c, u"districts"_s,
                                          {{"supplier_id", supplier},
                                           {"code", u"18-07"_s},
                                           {"name", u"Радомишльський РЕМ"_s},
                                           {"address", u"м. Радомишль"_s},
                                           {"phone", u"+380 4132 4-12-07"_s}});
        QVERIFY(supplier > 0 && district > 0);

        UserRepository users(*db);
        const QString hash = hashPassword(u"secret"_s);
        auto clerk = users.create(u"clerk"_s, u"Мельник Світлана"_s, hash, domain::Role::Clerk,
                                  DistrictId(district), std::nullopt);
        QVERIFY2(clerk.ok(), qPrintable(clerk.error().detail()));
        auto admin = users.create(u"admin"_s, u"Шевчук Андрій"_s, hash, domain::Role::Admin, std::nullopt,
                                  SupplierId(supplier));
        QVERIFY(admin.ok());
        auto consumer =
            users.create(u"ivan"_s, u"Іван"_s, hash, domain::Role::Consumer, std::nullopt, std::nullopt);
        QVERIFY(consumer.ok());
        QVERIFY(clerk.value() != admin.value());

        // A second user with the same login is refused by the database.
        auto duplicate =
            users.create(u"clerk"_s, u"x"_s, hash, domain::Role::Clerk, std::nullopt, std::nullopt);
        QVERIFY(!duplicate.ok());
        QCOMPARE(duplicate.error().code(), u"db.query_failed"_s);

        auto found = users.findByLogin(u"clerk"_s);
        QVERIFY(found.ok() && found.value().has_value());
        const UserRecord &r = *found.value();
        QCOMPARE(r.user.id, clerk.value());
        QCOMPARE(r.user.login, u"clerk"_s);
        QCOMPARE(r.user.name, u"Мельник Світлана"_s);
        OBLIK_COMPARE_ENUM(r.user.role, domain::Role::Clerk);
        QVERIFY(verifyPassword(r.passwordHash, u"secret"_s));
        QVERIFY(r.passwordChangedAt > 0);
        QVERIFY(r.user.district.has_value());
        QCOMPARE(r.user.district->id, DistrictId(district));
        QCOMPARE(r.user.district->code, u"18-07"_s);
        QCOMPARE(r.user.district->phone, u"+380 4132 4-12-07"_s);
        QCOMPARE(r.user.district->supplierId, SupplierId(supplier));
        // A clerk's supplier is its district's.
        QVERIFY(r.user.supplier.has_value());
        QCOMPARE(r.user.supplier->name, u"Постачальник"_s);

        auto byId = users.findById(admin.value());
        QVERIFY(byId.ok() && byId.value().has_value());
        QCOMPARE(byId.value()->user.login, u"admin"_s);
        QVERIFY(!byId.value()->user.district.has_value());
        QCOMPARE(byId.value()->user.supplier->id, SupplierId(supplier));

        auto plain = users.findById(consumer.value());
        QVERIFY(plain.ok() && plain.value().has_value());
        QVERIFY(!plain.value()->user.district && !plain.value()->user.supplier);

        QVERIFY(!users.findByLogin(u"nobody"_s).value().has_value());
        QVERIFY(!users.findByLogin(u"CLERK"_s).value().has_value()); // logins are exact
        QVERIFY(!users.findById(UserId(999999)).value().has_value());
    }

    void bindsAccounts()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        QVERIFY(Migrator(*db).migrate().ok());
        QSqlDatabase c = db->connection();
        const qint64 s = insertRow(
            c, u"suppliers"_s, {{"name", u"S"_s}, {"edrpou", u"1"_s}, {"iban", u"U"_s}, {"address", u"a"_s}});
        const qint64 d = insertRow(
            c, u"districts"_s, {{"supplier_id", s}, {"code", u"D"_s}, {"name", u"D"_s}, {"address", u"a"_s}});
        const qint64 k =
            insertRow(c, u"consumers"_s,
                      {{"district_id", d}, {"kind", u"legal"_s}, {"name", u"C"_s}, {"address", u"a"_s}});
        const qint64 ct = insertRow(c, u"contracts"_s,
                                    {{"consumer_id", k},
                                     {"number", u"N"_s},
                                     {"signed_on", u"2020-01-01"_s},
                                     {"consumer_class", u"class_2"_s},
                                     {"billing_day", 1},
                                     {"window_working_days", 3}});
        const qint64 a = insertRow(
            c, u"accounts"_s,
            {{"contract_id", ct}, {"number", u"1"_s}, {"address", u"a"_s}, {"opened_on", u"2020-01-01"_s}});
        QVERIFY(a > 0);
        UserRepository users(*db);
        const UserId u =
            users.create(u"u"_s, u"U"_s, u"h"_s, domain::Role::Consumer, std::nullopt, std::nullopt).value();
        QVERIFY(users.bindAccount(u, AccountId(a), u"engineer"_s).ok());
        QVERIFY(!users.bindAccount(u, AccountId(a), u"engineer"_s).ok());       // once
        QVERIFY(!users.bindAccount(u, AccountId(a + 100), u"engineer"_s).ok()); // no such account
        QSqlQuery q(c);
        QVERIFY(q.exec(u"SELECT access FROM user_accounts"_s) && q.next());
        QCOMPARE(q.value(0).toString(), u"engineer"_s);
    }

    void keepsSessions()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        QVERIFY(Migrator(*db).migrate().ok());
        UserRepository users(*db);
        const UserId u =
            users.create(u"u"_s, u"U"_s, u"h"_s, domain::Role::Consumer, std::nullopt, std::nullopt).value();

        const qint64 t0 = 1'800'000'000'000;
        SessionRecord s{u"hash-a"_s, u, t0, t0, t0 + 12 * 3600'000};
        QVERIFY(users.insertSession(s).ok());
        QVERIFY(!users.insertSession(s).ok()); // token hashes are unique
        QVERIFY(users.insertSession({u"hash-b"_s, u, t0, t0, t0 + 1000}).ok());

        auto found = users.findSession(u"hash-a"_s);
        QVERIFY(found.ok() && found.value().has_value());
        QCOMPARE(found.value()->userId, u);
        QCOMPARE(found.value()->createdAt, t0);
        QCOMPARE(found.value()->expiresAt, t0 + 12 * 3600'000);
        QVERIFY(!users.findSession(u"nope"_s).value().has_value());

        QCOMPARE(users.touchSession(u"hash-a"_s, t0 + 5000).value(), true);
        QCOMPARE(users.touchSession(u"hash-a"_s, t0 + 4000).value(), true); // exists, but never backwards
        QCOMPARE(users.touchSession(u"hash-a"_s, t0 + 5000).value(), true); // the same millisecond
        QCOMPARE(users.findSession(u"hash-a"_s).value()->lastSeenAt, t0 + 5000);
        QCOMPARE(users.touchSession(u"nope"_s, t0).value(), false);

        // At t0 + 2000 with 60 s idle: b is past its absolute expiry, a is fresh.
        QCOMPARE(users.deleteExpiredSessions(t0 + 2000, 60'000).value(), 1);
        QVERIFY(!users.findSession(u"hash-b"_s).value().has_value());
        // Idle: a was last seen at t0 + 5000.
        QCOMPARE(users.deleteExpiredSessions(t0 + 64'999, 60'000).value(), 0);
        QCOMPARE(users.deleteExpiredSessions(t0 + 65'000, 60'000).value(), 1);

        QVERIFY(users.insertSession({u"hash-c"_s, u, t0, t0, t0 + 1000}).ok());
        QCOMPARE(users.deleteSession(u"hash-c"_s).value(), true);
        QCOMPARE(users.deleteSession(u"hash-c"_s).value(), false);
    }

    void countsLoginFailures()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        QVERIFY(Migrator(*db).migrate().ok());
        UserRepository users(*db);
        LoginFailure none = users.loginFailure(u"ghost"_s).value();
        QCOMPARE(none.failures, 0);
        QCOMPARE(none.firstFailureAt, 0);
        QCOMPARE(none.lockedUntil, 0);

        // window 900 s, 3 attempts, locked for 60 s
        auto record = [&](qint64 now) {
            return users.recordLoginFailure(u"ghost"_s, now, 900000, 3, 60000).value();
        };
        QCOMPARE(record(1000).failures, 1);
        QCOMPARE(record(2000).lockedUntil, 0);
        LoginFailure f = record(3000);
        QCOMPARE(f.failures, 3);
        QCOMPARE(f.firstFailureAt, 1000);
        QCOMPARE(f.lockedUntil, 63000);
        QCOMPARE(users.loginFailure(u"ghost"_s).value().lockedUntil, 63000);
        QCOMPARE(users.loginFailure(u"other"_s).value().failures, 0);
        f = record(64000); // the lock ran out: a new count
        QCOMPARE(f.failures, 1);
        QCOMPARE(f.firstFailureAt, 64000);
        QCOMPARE(f.lockedUntil, 0);
        QCOMPARE(record(65000).failures, 2);
        f = record(64000 + 900001); // the window ended: a new count
        QCOMPARE(f.failures, 1);
        QCOMPARE(f.firstFailureAt, 964001);

        QCOMPARE(users.clearLoginFailures(u"ghost"_s).value(), true);
        QCOMPARE(users.loginFailure(u"ghost"_s).value().failures, 0);
        QCOMPARE(users.clearLoginFailures(u"ghost"_s).value(), false);
    }

    void countsParallelLoginFailuresExactly()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        QVERIFY(Migrator(*db).migrate().ok());
        // Threads with a connection each stand in for parallel requests or server processes: no
        // failure may be lost, or an attacker could try more passwords than the lockout allows.
        constexpr int threads = 6, perThread = 10;
        QAtomicInt errors = 0;
        QList<QThread *> workers;
        for (int t = 0; t < threads; ++t) {
            workers.append(QThread::create([&db, &errors] {
                UserRepository users(*db);
                for (int i = 0; i < perThread; ++i)
                    if (!users.recordLoginFailure(u"target"_s, 1000 + i, 900000, 1000, 60000).ok())
                        errors.fetchAndAddRelaxed(1);
            }));
            workers.last()->start();
        }
        for (QThread *w : workers) {
            QVERIFY(w->wait(60000));
            delete w;
        }
        QCOMPARE(errors.loadRelaxed(), 0);
        QCOMPARE(UserRepository(*db).loginFailure(u"target"_s).value().failures, threads * perThread);
    }
};

QTEST_GUILESS_MAIN(TestUserRepository)
#include "tst_userrepository.moc"

// Migrations, transactions and per-thread connections, once per driver.

#include "storetest.h"

#include "store/migrator.h"

#include <QSqlQuery>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace oblik::store;

namespace {
qint64 scalar(QSqlDatabase db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}
} // namespace

class TestMigrator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase_data() { test::addDriverRows(); }

    void migratesEmptyDatabaseOnceAndRecordsIt()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        Migrator m(*db);

        const auto available = Migrator::available();
        QVERIFY(available.size() >= 2);
        QCOMPARE(available.at(0).version, 1);
        QCOMPARE(available.at(0).name, u"foundation"_s);
        QCOMPARE(available.at(1).version, 2);
        QCOMPARE(available.at(1).name, u"consumer_search"_s);
        QCOMPARE(m.latestVersion(), available.last().version);

        QCOMPARE(m.currentVersion().value(), 0);
        QCOMPARE(m.hasData().value(), false);
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        auto first = m.migrate();
        QVERIFY2(first.ok(), qPrintable(first.error().detail()));
        QCOMPARE(first.value(), m.latestVersion());
        QCOMPARE(m.currentVersion().value(), m.latestVersion());

        QSqlQuery q(db->connection());
        QVERIFY(q.exec(u"SELECT version, name, applied_at FROM schema_migrations ORDER BY version"_s));
        int rows = 0;
        while (q.next()) {
            QCOMPARE(q.value(0).toInt(), available.at(rows).version);
            QCOMPARE(q.value(1).toString(), available.at(rows).name);
            QVERIFY(q.value(2).toLongLong() >= before);
            ++rows;
        }
        QCOMPARE(rows, available.size());

        // Every table of the foundation exists and is usable, including the column of migration 2.
        const QStringList tables = db->connection().tables();
        for (const QString &t :
             {u"suppliers"_s, u"districts"_s, u"consumers"_s, u"contracts"_s, u"accounts"_s, u"objects"_s,
              u"metering_points"_s, u"meters"_s, u"registers"_s, u"readings"_s, u"users"_s,
              u"user_accounts"_s, u"sessions"_s, u"login_failures"_s})
            QVERIFY2(tables.contains(t), qPrintable(t));
        QCOMPARE(scalar(db->connection(), u"SELECT COUNT(name_folded) FROM consumers"_s), 0);

        // A second run applies nothing and records nothing.
        auto second = m.migrate();
        QVERIFY(second.ok());
        QCOMPARE(second.value(), first.value());
        QCOMPARE(scalar(db->connection(), u"SELECT COUNT(*) FROM schema_migrations"_s),
                 qint64(available.size()));

        // A fresh connection (another process, in effect) sees the same version.
        db.reset();
        OBLIK_OPEN_DATABASE(again, url);
        QCOMPARE(Migrator(*again).currentVersion().value(), m.latestVersion());
        QCOMPARE(Migrator(*again).migrate().value(), m.latestVersion());
    }

    void identitiesWorkAfterMigration()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        QVERIFY(Migrator(*db).migrate().ok());
        QSqlDatabase c = db->connection();
        QSqlQuery q(c);
        QVERIFY2(
            q.exec(
                u"INSERT INTO suppliers (name, edrpou, iban, address) VALUES ('A', '1', 'UA', 'x') RETURNING id"_s),
            qPrintable(q.lastError().text()));
        QVERIFY(q.next());
        const qint64 first = q.value(0).toLongLong();
        QVERIFY(first >= 1);
        // Explicit ids, as the demo writes them, then resetIdentity: the next automatic id follows.
        QVERIFY(q.exec(
            u"INSERT INTO suppliers (id, name, edrpou, iban, address) VALUES (500, 'B', '2', 'UA', 'y')"_s));
        QVERIFY(db->dialect().resetIdentity(c, u"suppliers"_s));
        QVERIFY(q.exec(
            u"INSERT INTO suppliers (name, edrpou, iban, address) VALUES ('C', '3', 'UA', 'z') RETURNING id"_s));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toLongLong(), 501);
        QVERIFY(!db->dialect().resetIdentity(c, u"suppliers; DROP TABLE users"_s));
        QCOMPARE(Migrator(*db).hasData().value(), true);
    }

    void foreignKeysAreEnforced()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        QVERIFY(Migrator(*db).migrate().ok());
        QSqlQuery q(db->connection());
        QVERIFY(!q.exec(
            u"INSERT INTO districts (supplier_id, code, name, address) VALUES (999, 'c', 'n', 'a')"_s));
    }

    void transactionRollsBackUnlessCommitted()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        QVERIFY(Migrator(*db).migrate().ok());
        QSqlDatabase c = db->connection();
        const QString insert =
            u"INSERT INTO login_failures (login, failures, first_failure_at) VALUES ('%1', 1, 0)"_s;
        {
            Transaction tx(c);
            QVERIFY(tx.isActive());
            QSqlQuery q(c);
            QVERIFY(q.exec(insert.arg(u"dropped"_s)));
            QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM login_failures"_s), 1); // visible inside
        }
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM login_failures"_s), 0);
        {
            Transaction tx(c);
            QSqlQuery q(c);
            QVERIFY(q.exec(insert.arg(u"kept"_s)));
            QVERIFY(tx.commit());
            QVERIFY(!tx.isActive());
            QVERIFY(!tx.commit()); // once only
        }
        QCOMPARE(scalar(c, u"SELECT COUNT(*) FROM login_failures"_s), 1);

        // A failing migration leaves nothing behind: everything of it ran in one transaction.
        {
            Transaction tx(c);
            QSqlQuery q(c);
            QVERIFY(q.exec(u"CREATE TABLE half_done (x INTEGER)"_s));
        }
        QVERIFY(!c.tables().contains(u"half_done"_s));
    }

    void eachThreadHasItsOwnConnection()
    {
        QTemporaryDir dir;
        OBLIK_FRESH_DATABASE(url, dir);
        OBLIK_OPEN_DATABASE(db, url);
        QVERIFY(Migrator(*db).migrate().ok());
        const QString mine = db->connection().connectionName();
        QCOMPARE(db->connection().connectionName(), mine); // reused within a thread

        QString theirs;
        qint64 count = -1;
        QThread *worker = QThread::create([&] {
            QSqlDatabase c = db->connection();
            theirs = c.connectionName();
            QSqlQuery q(c);
            q.exec(u"INSERT INTO login_failures (login, failures, first_failure_at) VALUES ('w', 1, 0)"_s);
            count = scalar(c, u"SELECT COUNT(*) FROM login_failures"_s);
        });
        worker->start();
        QVERIFY(worker->wait(30000));
        delete worker;
        QVERIFY(!theirs.isEmpty());
        QVERIFY(theirs != mine);
        QCOMPARE(count, 1);
        // The worker's connection went with its thread.
        QVERIFY(!QSqlDatabase::contains(theirs));
        QCOMPARE(scalar(db->connection(), u"SELECT COUNT(*) FROM login_failures"_s), 1);

        // Two databases never share a connection, and a closed database leaves none behind.
        OBLIK_OPEN_DATABASE(other, url);
        QVERIFY(other->connection().connectionName() != mine);
        const QString otherName = other->connection().connectionName();
        other.reset();
        QVERIFY(!QSqlDatabase::contains(otherName));
    }
};

QTEST_GUILESS_MAIN(TestMigrator)
#include "tst_migrator.moc"

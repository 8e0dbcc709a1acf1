#pragma once
// Runs a store test once per driver: initTestCase_data() adds the rows "sqlite" and "postgresql",
// and freshDatabase() gives each test function an empty database of its row's driver (a new SQLite
// file, or a database of this test process on the PostgreSQL server of OBLIK_TEST_PG_URL, with its
// public schema dropped and recreated).

#include "domain/entities.h"
#include "store/database.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

namespace oblik::store::test {

inline void addDriverRows()
{
    QTest::addColumn<QString>("driver");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgresql") << QStringLiteral("postgresql");
}

inline bool inCi()
{
    return qEnvironmentVariable("CI") == QLatin1String("true");
}

// Empties the PostgreSQL database of `url`; returns the driver's error text, empty on success.
inline QString resetPostgres(const QString &url)
{
    auto parsed = DatabaseUrl::parse(url);
    if (!parsed)
        return parsed.error().detail();
    const QString name = QStringLiteral("oblik-test-reset");
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(parsed.value().host);
        db.setPort(parsed.value().port);
        db.setUserName(parsed.value().user);
        db.setPassword(parsed.value().password);
        db.setDatabaseName(parsed.value().name);
        if (!db.open()) {
            error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            q.exec(QStringLiteral("SET client_min_messages TO WARNING"));
            if (!q.exec(QStringLiteral("DROP SCHEMA public CASCADE")) ||
                !q.exec(QStringLiteral("CREATE SCHEMA public")))
                error = q.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

// Creates the database oblik_store_<pid> on the server of `url` and returns its URL (the cluster is
// thrown away after the run); empty with *error set on failure.
inline QString ownPostgresDatabase(const QString &url, QString *error)
{
    auto parsed = DatabaseUrl::parse(url);
    if (!parsed) {
        *error = parsed.error().detail();
        return {};
    }
    const QString dbName = QStringLiteral("oblik_store_%1").arg(QCoreApplication::applicationPid());
    const QString connection = QStringLiteral("oblik-test-create");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
        db.setHostName(parsed.value().host);
        db.setPort(parsed.value().port);
        db.setUserName(parsed.value().user);
        db.setPassword(parsed.value().password);
        db.setDatabaseName(parsed.value().name);
        if (!db.open()) {
            *error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            // The name is ours (a fixed prefix and the process id), not input.
            q.exec(QStringLiteral("DROP DATABASE IF EXISTS ") + dbName);
            if (!q.exec(QStringLiteral("CREATE DATABASE ") + dbName))
                *error = q.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(connection);
    if (!error->isEmpty())
        return {};
    QUrl u(url);
    u.setPath(u'/' + dbName);
    return u.toString();
}

// A URL of an empty database for the current row's driver, or an empty string after QSKIP/QFAIL
// conditions were met (call through OBLIK_FRESH_DATABASE, which returns from the test then).
inline QString freshDatabaseUrl(const QString &driver, QTemporaryDir &dir, QString *skip, QString *fail)
{
    if (driver == QLatin1String("sqlite")) {
        static int serial = 0; // a new file each time, even within one temporary folder
        return QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("store-%1.db").arg(++serial));
    }
    const QString url = qEnvironmentVariable("OBLIK_TEST_PG_URL");
    if (url.isEmpty()) {
        (inCi() ? *fail : *skip) = QStringLiteral("OBLIK_TEST_PG_URL is not set (scripts/test sets it)");
        return {};
    }
    // Each test process works in a database of its own, so that tests running in parallel
    // (ctest --parallel) never drop each other's schema.
    static const QString own = ownPostgresDatabase(url, fail);
    if (own.isEmpty()) {
        if (fail->isEmpty())
            *fail = QStringLiteral("cannot create this test's PostgreSQL database");
        return {};
    }
    const QString error = resetPostgres(own);
    if (!error.isEmpty()) {
        *fail = QStringLiteral("cannot reset the PostgreSQL test database: ") + error;
        return {};
    }
    return own;
}

} // namespace oblik::store::test

// Declares `url` (QString) for an empty database of the current driver row, skipping (or, in CI,
// failing) the PostgreSQL row when no test server is configured.
#define OBLIK_FRESH_DATABASE(url, tempDir)                                                                   \
    QString url;                                                                                             \
    {                                                                                                        \
        QFETCH_GLOBAL(QString, driver);                                                                      \
        QString skip_, fail_;                                                                                \
        url = oblik::store::test::freshDatabaseUrl(driver, tempDir, &skip_, &fail_);                         \
        if (!fail_.isEmpty())                                                                                \
            QFAIL(qPrintable(fail_));                                                                        \
        if (!skip_.isEmpty())                                                                                \
            QSKIP(qPrintable(skip_));                                                                        \
    }

// domain::toString(enum) returns QString and, found by argument-dependent lookup, hides QTest's
// char *toString(): QCOMPARE cannot print domain enums. Compare their text forms instead.
#define OBLIK_COMPARE_ENUM(actual, expected)                                                                 \
    QCOMPARE(oblik::domain::toString(actual), oblik::domain::toString(expected))

// Opens the database of `url` into `db` (std::unique_ptr<Database>) or fails the test.
#define OBLIK_OPEN_DATABASE(db, url)                                                                         \
    std::unique_ptr<oblik::store::Database> db;                                                              \
    {                                                                                                        \
        auto opened_ = oblik::store::Database::open(url);                                                    \
        QVERIFY2(opened_.ok(), qPrintable(opened_.error().detail()));                                        \
        db = std::move(opened_).value();                                                                     \
    }

#include "store/sqlitedialect.h"

#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace oblik::store {

Q_LOGGING_CATEGORY(lcSqlite, "oblik.server.store.sqlite")

QString SqliteDialect::driverName() const
{
    return u"QSQLITE"_s;
}

QString SqliteDialect::expandMigration(QString sql) const
{
    // Lines for one driver only start with "--sqlite: " or "--postgresql: " (a comment elsewhere).
    static const QRegularExpression mine(u"^--sqlite: "_s, QRegularExpression::MultilineOption);
    return sql.replace(mine, QString())
        .replace(u"{{PK}}"_s, u"INTEGER PRIMARY KEY AUTOINCREMENT"_s)
        .replace(u"{{BLOB}}"_s, u"BLOB"_s);
}

bool SqliteDialect::configure(QSqlDatabase &db) const
{
    // WAL lets readers run while one writer writes. FULL sync: a commit is on disk before the server
    // answers (NORMAL could lose the last commits on a power loss, and a client that was told
    // "saved" would not send its readings again). Foreign keys are off by default per connection.
    const QStringList pragmas = {u"PRAGMA journal_mode=WAL"_s, u"PRAGMA foreign_keys=ON"_s,
                                 u"PRAGMA busy_timeout=10000"_s, u"PRAGMA synchronous=FULL"_s};
    for (const QString &pragma : pragmas) {
        QSqlQuery q(db);
        if (!q.exec(pragma)) {
            qCWarning(lcSqlite) << pragma << "failed:" << q.lastError().text();
            return false;
        }
    }
    return true;
}

bool SqliteDialect::resetIdentity(QSqlDatabase &db, const QString &table) const
{
    // AUTOINCREMENT keeps its high-water mark in sqlite_sequence, which SQLite already moves past
    // explicitly inserted ids; nothing to do.
    Q_UNUSED(db);
    return isPlainIdentifier(table);
}

bool SqliteDialect::updateStatistics(QSqlDatabase &db) const
{
    // A full ANALYZE (0.4 s for the 100k-account demo): a sampled one (analysis_limit) misjudged how
    // many consumers a district has and made the account list sort the whole table for one page.
    QSqlQuery q(db);
    if (!q.exec(u"ANALYZE"_s)) {
        qCWarning(lcSqlite) << "ANALYZE failed:" << q.lastError().text();
        return false;
    }
    return true;
}

bool SqliteDialect::beginTransaction(QSqlDatabase &db) const
{
    // A deferred BEGIN that later writes can fail with SQLITE_BUSY without waiting when another
    // connection wrote meanwhile; IMMEDIATE waits for the write lock (busy_timeout) up front.
    QSqlQuery q(db);
    if (!q.exec(u"BEGIN IMMEDIATE"_s)) {
        qCWarning(lcSqlite) << "BEGIN IMMEDIATE failed:" << q.lastError().text();
        return false;
    }
    return true;
}

bool SqliteDialect::lockMigrations(QSqlDatabase &db) const
{
    Q_UNUSED(db); // BEGIN IMMEDIATE already holds the database's only write lock
    return true;
}

} // namespace oblik::store

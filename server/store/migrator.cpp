#include "store/migrator.h"

#include "store/database.h"
#include "store/sqlscript.h"
#include "store/sqlsupport.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace oblik::store {

Q_LOGGING_CATEGORY(lcMigrator, "oblik.server.store.migrate")

namespace {

const QString kCreateMigrationsTable = u"CREATE TABLE IF NOT EXISTS schema_migrations ("
                                       u"version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                                       u"applied_at BIGINT NOT NULL)"_s;

bool tableExists(const QSqlDatabase &db, const QString &table)
{
    return db.tables(QSql::Tables).contains(table, Qt::CaseInsensitive);
}

} // namespace

Migrator::Migrator(Database &db) : m_db(db) {}

QList<Migrator::Migration> Migrator::available()
{
    static const QRegularExpression pattern(u"^(\\d+)_([A-Za-z0-9_]+)\\.sql$"_s);
    QList<Migration> out;
    const QDir dir(u":/sql"_s);
    const QStringList files = dir.entryList({u"*.sql"_s}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        const auto m = pattern.match(file);
        if (!m.hasMatch()) {
            qCWarning(lcMigrator) << "ignoring" << file << "(not NNN_name.sql)";
            continue;
        }
        out.append({m.captured(1).toInt(), m.captured(2), dir.filePath(file)});
    }
    std::sort(out.begin(), out.end(),
              [](const Migration &a, const Migration &b) { return a.version < b.version; });
    return out;
}

int Migrator::latestVersion() const
{
    const auto all = available();
    return all.isEmpty() ? 0 : all.last().version;
}

Result<int> Migrator::currentVersion() const
{
    QSqlDatabase db = m_db.connection();
    if (!db.isOpen())
        return connectionError(db);
    if (!tableExists(db, u"schema_migrations"_s))
        return 0;
    QSqlQuery q(db);
    if (!q.exec(u"SELECT MAX(version) FROM schema_migrations"_s))
        return queryError(q, u"reading schema_migrations"_s);
    return q.next() && !q.value(0).isNull() ? q.value(0).toInt() : 0;
}

Result<int> Migrator::migrate()
{
    QSqlDatabase db = m_db.connection();
    if (!db.isOpen())
        return connectionError(db);
    const QList<Migration> migrations = available();
    if (migrations.isEmpty())
        return Error::make(u"db.migration_failed"_s, {}, {}, u"no migrations compiled in (:/sql is empty)"_s);

    {
        QSqlQuery q(db);
        if (!q.exec(kCreateMigrationsTable)) {
            // Two processes creating it at once on PostgreSQL: the loser sees a duplicate; retry.
            QSqlQuery again(db);
            if (!again.exec(kCreateMigrationsTable))
                return queryError(again, u"creating schema_migrations"_s);
        }
    }
    auto current = currentVersion();
    if (!current)
        return current.error();
    if (current.value() > migrations.last().version)
        return Error::make(
            u"db.schema_too_new"_s, {},
            {QString::number(current.value()), QString::number(migrations.last().version)},
            u"the database has schema version %1, this server knows up to %2"_s.arg(current.value())
                .arg(migrations.last().version));

    int version = current.value();
    for (const Migration &m : migrations) {
        if (m.version <= version)
            continue;
        auto fail = [&](const QString &detail) {
            qCWarning(lcMigrator) << "migration" << m.version << m.name << "failed:" << detail;
            return Error::make(u"db.migration_failed"_s, {}, {QString::number(m.version), m.name}, detail);
        };
        QFile file(m.resource);
        if (!file.open(QIODevice::ReadOnly))
            return fail(u"cannot read "_s + m.resource);
        const QString script = m_db.dialect().expandMigration(QString::fromUtf8(file.readAll()));

        // SQLite changes a constraint by making the table again (create, copy, drop, rename), which
        // the foreign keys of the tables that refer to it forbid while they are on. Such a migration
        // says "oblik:rebuilds-tables" and runs with them off, and every foreign key is checked before
        // it commits (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema
        // Changes"). The pragma only works outside a transaction; they are on again afterwards,
        // whatever happened.
        const bool foreignKeysOff =
            m_db.dialect().kind() == SqlDialect::Kind::Sqlite && script.contains(u"oblik:rebuilds-tables"_s);
        struct ForeignKeys
        {
            QSqlDatabase db;
            bool off = false;
            ~ForeignKeys()
            {
                if (off)
                    QSqlQuery(db).exec(u"PRAGMA foreign_keys = ON"_s);
            }
        } foreignKeys{db, foreignKeysOff};
        if (foreignKeysOff) {
            QSqlQuery q(db);
            if (!q.exec(u"PRAGMA foreign_keys = OFF"_s))
                return fail(q.lastError().text());
        }
        Transaction tx(db);
        if (!tx.isActive())
            return fail(u"cannot begin a transaction: "_s + db.lastError().text());
        if (!m_db.dialect().lockMigrations(db))
            return fail(u"cannot lock schema_migrations: "_s + db.lastError().text());
        {
            // Another process may have applied it while we waited for the lock.
            QSqlQuery q(db);
            if (!execPrepared(q, u"SELECT 1 FROM schema_migrations WHERE version = ?"_s, {m.version}))
                return fail(q.lastError().text());
            if (q.next()) {
                q.finish();
                version = m.version;
                continue;
            }
        }
        for (const QString &statement : SqlScript::split(script)) {
            QSqlQuery q(db);
            if (!q.exec(statement))
                return fail(q.lastError().text() + u" in: "_s + statement.left(200));
        }
        if (foreignKeysOff) {
            QSqlQuery q(db);
            if (!q.exec(u"PRAGMA foreign_key_check"_s))
                return fail(q.lastError().text());
            if (q.next())
                return fail(u"row %1 of %2 refers to a missing row of %3"_s.arg(
                    q.value(1).toString(), q.value(0).toString(), q.value(2).toString()));
        }
        {
            QSqlQuery q(db);
            if (!execPrepared(q,
                              u"INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"_s,
                              {m.version, m.name, QDateTime::currentMSecsSinceEpoch()}))
                return fail(q.lastError().text());
        }
        if (!tx.commit())
            return fail(u"commit failed: "_s + db.lastError().text());
        qCInfo(lcMigrator) << "applied migration" << m.version << m.name;
        version = m.version;
    }
    return version;
}

Result<bool> Migrator::hasData() const
{
    QSqlDatabase db = m_db.connection();
    if (!db.isOpen())
        return connectionError(db);
    const QStringList tables = db.tables(QSql::Tables);
    for (const QString &table : {u"suppliers"_s, u"districts"_s, u"consumers"_s, u"users"_s}) {
        if (!tables.contains(table, Qt::CaseInsensitive))
            continue;
        QSqlQuery q(db);
        // Our own table names, not input.
        if (!q.exec(u"SELECT 1 FROM %1 LIMIT 1"_s.arg(table)))
            return queryError(q, u"checking for data"_s);
        if (q.next())
            return true;
    }
    return false;
}

} // namespace oblik::store

#pragma once
// Everything that differs between SQLite and PostgreSQL, in one place (one subclass per driver).

#include <QSqlDatabase>
#include <QString>
#include <memory>

namespace oblik::store {

class SqlDialect
{
public:
    enum class Kind { Sqlite, Postgres };
    static std::unique_ptr<SqlDialect> create(Kind kind);
    virtual ~SqlDialect() = default;

    virtual Kind kind() const = 0;
    virtual QString driverName() const = 0;               // QSQLITE / QPSQL
    virtual QString expandMigration(QString sql) const = 0; // {{PK}} and friends
    virtual bool configure(QSqlDatabase &db) const = 0;   // after open: WAL, foreign keys, ...
    virtual int maxBindParameters() const = 0;            // for multi-row INSERTs
    // After rows were inserted with explicit ids: move the identity past them.
    virtual bool resetIdentity(QSqlDatabase &db, const QString &table) const = 0;
};

} // namespace oblik::store

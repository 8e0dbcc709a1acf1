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
    // The dialect of an open connection, by its driver name (QSQLITE / QPSQL); Sqlite otherwise.
    static const SqlDialect &of(const QSqlDatabase &db);
    // Lower-case letters, digits and '_': the only table names that may reach resetIdentity().
    static bool isPlainIdentifier(const QString &name);
    virtual ~SqlDialect() = default;

    virtual Kind kind() const = 0;
    virtual QString driverName() const = 0;                 // QSQLITE / QPSQL
    virtual QString expandMigration(QString sql) const = 0; // {{PK}} and friends
    virtual bool configure(QSqlDatabase &db) const = 0;     // after open: WAL, foreign keys, ...
    virtual int maxBindParameters() const = 0;              // for multi-row INSERTs
    // How BulkInserter loads rows (measured, see bulkinserter.h): multi-row VALUES with at most
    // bulkRowsPerStatement() rows, or one bound array per column (bulkUsesColumnArrays()).
    virtual int bulkRowsPerStatement(int columns) const = 0;
    virtual bool bulkUsesColumnArrays() const = 0;
    // After rows were inserted with explicit ids: move the identity past them.
    virtual bool resetIdentity(QSqlDatabase &db, const QString &table) const = 0;
    // Refreshes the planner's statistics after a bulk load (until then PostgreSQL plans as if the
    // tables were empty).
    virtual bool updateStatistics(QSqlDatabase &db) const = 0;
    // Starts a transaction that is going to write (SQLite takes the write lock up front, so two
    // writers never deadlock on a lock upgrade).
    virtual bool beginTransaction(QSqlDatabase &db) const = 0;
    // Serialises migrations of concurrent processes inside the migration transaction.
    virtual bool lockMigrations(QSqlDatabase &db) const = 0;
};

} // namespace oblik::store

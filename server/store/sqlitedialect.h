#pragma once
// SQLite: one file, WAL journal, foreign keys enforced per connection.

#include "store/sqldialect.h"

namespace oblik::store {

class SqliteDialect final : public SqlDialect
{
public:
    Kind kind() const override { return Kind::Sqlite; }
    QString driverName() const override;
    QString expandMigration(QString sql) const override;
    bool configure(QSqlDatabase &db) const override;
    // SQLITE_MAX_VARIABLE_NUMBER of the SQLite 3.32+ builds (Debian 12 ships 3.40).
    int maxBindParameters() const override { return 32766; }
    // SQLite looks each of Qt's named placeholders up in a linear list while preparing, so a
    // statement's cost grows with the square of its parameters: 256 rows is past the point where
    // bigger statements stop paying off (2.8 us a row), and prepares in ~13 ms.
    int bulkRowsPerStatement(int columns) const override
    {
        return std::max(1, std::min(256, maxBindParameters() / std::max(1, columns)));
    }
    bool bulkUsesColumnArrays() const override { return false; }
    bool resetIdentity(QSqlDatabase &db, const QString &table) const override;
    bool updateStatistics(QSqlDatabase &db) const override;
    bool beginTransaction(QSqlDatabase &db) const override;
    bool lockMigrations(QSqlDatabase &db) const override;
};

} // namespace oblik::store

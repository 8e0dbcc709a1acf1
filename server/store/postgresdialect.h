#pragma once
// PostgreSQL through QPSQL: identity columns, sequences reset after bulk loads.

#include "store/sqldialect.h"

namespace oblik::store {

class PostgresDialect final : public SqlDialect
{
public:
    Kind kind() const override { return Kind::Postgres; }
    QString driverName() const override;
    QString expandMigration(QString sql) const override;
    bool configure(QSqlDatabase &db) const override;
    // The wire protocol counts parameters in 16 bits.
    int maxBindParameters() const override { return 65535; }
    // QPSQL sends a prepared statement's values as literals of an EXECUTE, which the server parses
    // one by one (~20 us a row); INSERT ... SELECT FROM unnest() with one array parameter per column
    // costs a third of that and needs `columns` parameters whatever the row count.
    int bulkRowsPerStatement(int columns) const override
    {
        Q_UNUSED(columns);
        return 5000;
    }
    bool bulkUsesColumnArrays() const override { return true; }
    bool resetIdentity(QSqlDatabase &db, const QString &table) const override;
    bool updateStatistics(QSqlDatabase &db) const override;
    bool beginTransaction(QSqlDatabase &db) const override;
    bool lockMigrations(QSqlDatabase &db) const override;
};

} // namespace oblik::store

#include "store/sqldialect.h"

#include "store/postgresdialect.h"
#include "store/sqlitedialect.h"

#include <QRegularExpression>

namespace oblik::store {

std::unique_ptr<SqlDialect> SqlDialect::create(Kind kind)
{
    switch (kind) {
    case Kind::Sqlite:
        return std::make_unique<SqliteDialect>();
    case Kind::Postgres:
        return std::make_unique<PostgresDialect>();
    }
    return std::make_unique<SqliteDialect>();
}

bool SqlDialect::isPlainIdentifier(const QString &name)
{
    static const QRegularExpression identifier(QStringLiteral("^[a-z_][a-z0-9_]*$"));
    return identifier.match(name).hasMatch();
}

const SqlDialect &SqlDialect::of(const QSqlDatabase &db)
{
    static const SqliteDialect sqlite;
    static const PostgresDialect postgres;
    if (db.driverName() == postgres.driverName())
        return postgres;
    return sqlite;
}

} // namespace oblik::store

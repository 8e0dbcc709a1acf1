#pragma once
// Splits a migration script into single statements (QtSql executes one statement per query).

#include <QStringList>

namespace oblik::store {

class SqlScript
{
public:
    // Splits at semicolons outside quotes ('...', "..."), comments (--, /* */), PostgreSQL
    // dollar quotes ($$...$$, $tag$...$tag$) and SQLite trigger bodies (BEGIN ... END). Drops
    // statements that hold only whitespace and comments; the returned ones have no trailing ';'.
    static QStringList split(const QString &script);
};

} // namespace oblik::store

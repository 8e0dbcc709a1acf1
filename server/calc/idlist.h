#pragma once
// A list of ids as ONE bound value (a JSON array), so a statement over many accounts or points is
// one prepared statement whatever the list's length (no IN (?, ?, ...) of varying size, no limit on
// bound parameters, no per-id round trip): `WHERE x IN ` + idListSql(dialect), bound idListJson(ids).

#include "store/sqldialect.h"
#include "store/sqlsupport.h"

#include <QList>
#include <QString>

namespace oblik::calc {

inline QString idListSql(const store::SqlDialect &dialect)
{
    if (dialect.kind() == store::SqlDialect::Kind::Postgres)
        return QStringLiteral(
            "(SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(? AS json)))");
    return QStringLiteral("(SELECT value FROM json_each(?))");
}

inline QString idListJson(const QList<qint64> &ids)
{
    QString out;
    out.reserve(ids.size() * 8 + 2);
    out += u'[';
    for (qsizetype i = 0; i < ids.size(); ++i) {
        if (i)
            out += u',';
        out += QString::number(ids[i]);
    }
    out += u']';
    return out;
}

// The ids as ranges (PostgreSQL): store::idRanges() and store::rangesSql().
using store::idRanges;
using store::IdRanges;
using store::rangeScan;
using store::rangesSql;

} // namespace oblik::calc

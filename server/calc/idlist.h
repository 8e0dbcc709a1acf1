#pragma once
// A list of ids as ONE bound value (a JSON array), so a statement over many accounts or points is
// one prepared statement whatever the list's length (no IN (?, ?, ...) of varying size, no limit on
// bound parameters, no per-id round trip): `WHERE x IN ` + idListSql(dialect), bound idListJson(ids).

#include "store/sqldialect.h"

#include <QList>
#include <QString>

#include <algorithm>

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

// PostgreSQL: the same ids as ranges of consecutive values, for statements that walk an index from
// each range's first key to its last instead of probing it once per id (docs/billing.md, "The
// reader walks ranges"). Ids at most `maxGap` apart share a range, so a range may take in rows of
// ids that are not in the list: the statement returns them and the caller leaves them out. Ids that
// are scattered give one range each, which is one probe each, as with the list.
struct IdRanges
{
    QString lows, highs; // two array literals, '{1,40}' and '{12,40}', bound to CAST(? AS BIGINT[])
    qsizetype count = 0;
};

inline IdRanges idRanges(QList<qint64> ids, qint64 maxGap = 32)
{
    std::sort(ids.begin(), ids.end());
    IdRanges out;
    out.lows += u'{';
    out.highs += u'{';
    for (qsizetype i = 0; i < ids.size();) {
        const qint64 low = ids[i];
        qint64 high = low;
        for (++i; i < ids.size() && ids[i] - high <= maxGap; ++i)
            high = ids[i];
        if (out.count++) {
            out.lows += u',';
            out.highs += u',';
        }
        out.lows += QString::number(low);
        out.highs += QString::number(high);
    }
    out.lows += u'}';
    out.highs += u'}';
    return out;
}

// `FROM ` + rangesSql() + ` JOIN t ON t.key BETWEEN rg.lo AND rg.hi`, bound lows and highs.
inline QString rangesSql()
{
    return QStringLiteral("unnest(CAST(? AS BIGINT[]), CAST(? AS BIGINT[])) AS rg(lo, hi)");
}

} // namespace oblik::calc

#pragma once
// Small helpers the repositories share: error values from failed queries, NULL-able binds, LIKE.

#include "core/error.h"

#include <QList>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <algorithm>

namespace oblik::store {

// Error `db.query_failed` with what was being done and the driver's text as detail.
Error queryError(const QSqlQuery &q, const QString &what);
Error connectionError(const QSqlDatabase &db);

// Prepares and executes with the values bound in order; false leaves the error in q.
bool execPrepared(QSqlQuery &q, const QString &sql, const QVariantList &values);

// An empty string as SQL NULL (optional text columns such as consumers.edrpou).
QVariant nullIfEmpty(const QString &s);
QString textOrEmpty(const QVariant &v);
// A null QString binds as SQL NULL; this binds '' instead (for NOT NULL DEFAULT '' columns).
QString notNull(const QString &s);

// The case-insensitive form of text for searching; consumers.name_folded holds the consumer's name
// in this form, so a search behaves the same on SQLite (whose lower() is ASCII only) and on any
// PostgreSQL locale.
QString foldForSearch(const QString &s);
// Escapes %, _ and \ for a LIKE pattern with ESCAPE '\'.
QString escapeLike(const QString &s);

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

// `FROM ` + rangesSql() + ` CROSS JOIN LATERAL ` + rangeScan(table, key) + ` t`, bound lows and
// highs (then the values of `more`). To get exactly the ids' rows, pass `more` = ` AND key =
// ANY(CAST(? AS BIGINT[]))` bound idArray(ids): PostgreSQL tests a long array through a hash table,
// once per row the ranges walk.
inline QString rangesSql()
{
    return QStringLiteral("unnest(CAST(? AS BIGINT[]), CAST(? AS BIGINT[])) AS rg(lo, hi)");
}

// The rows of `table` whose `key` is in the range, as a LATERAL subquery: so the index on `key` is
// walked once per range. OFFSET 0 keeps the planner from flattening it into a join, where a prepared
// statement's generic plan (the ranges' bounds unknown) could scan the whole table once and test every
// row against every range instead: per chunk, so the run grew with the square of the ledger (session 10,
// 24 s of waiting at 1,000,000 accounts).
inline QString rangeScan(const QString &table, const QString &key, const QString &more = {})
{
    return QStringLiteral("(SELECT * FROM ") + table + QStringLiteral(" WHERE ") + key +
           QStringLiteral(" BETWEEN rg.lo AND rg.hi") + more + QStringLiteral(" OFFSET 0)");
}

inline QString idArray(const QList<qint64> &ids)
{
    QString out;
    out.reserve(ids.size() * 8 + 2);
    out += u'{';
    for (qsizetype i = 0; i < ids.size(); ++i) {
        if (i)
            out += u',';
        out += QString::number(ids[i]);
    }
    out += u'}';
    return out;
}

} // namespace oblik::store

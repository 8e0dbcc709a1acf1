#pragma once
// Inserts rows for store tests with prepared statements; returns the new id (or -1 and fails).

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QTest>
#include <QVariant>
#include <utility>

namespace oblik::store::test {

using Columns = std::initializer_list<std::pair<const char *, QVariant>>;

inline qint64 insertRow(QSqlDatabase db, const QString &table, Columns columns, bool returnsId = true)
{
    QStringList names, marks;
    for (const auto &c : columns) {
        names << QString::fromLatin1(c.first);
        marks << QStringLiteral("?");
    }
    QString sql =
        QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)").arg(table, names.join(u','), marks.join(u','));
    if (returnsId)
        sql += QStringLiteral(" RETURNING id");
    QSqlQuery q(db);
    q.prepare(sql);
    for (const auto &c : columns)
        q.addBindValue(c.second);
    if (!q.exec()) {
        qWarning("insert into %s failed: %s", qPrintable(table), qPrintable(q.lastError().text()));
        return -1;
    }
    if (!returnsId)
        return 0;
    return q.next() ? q.value(0).toLongLong() : -1;
}

// A household consumer of `district` with its contract and account number 1000000 + n; returns the
// account's id (or -1 and fails).
inline qint64 insertHouseholdAccount(QSqlDatabase db, qint64 district, int n)
{
    const qint64 consumer = insertRow(db, QStringLiteral("consumers"),
                                      {{"district_id", district},
                                       {"kind", QStringLiteral("household")},
                                       {"name", QStringLiteral("C%1").arg(n)},
                                       {"address", QStringLiteral("a")}});
    const qint64 contract = insertRow(db, QStringLiteral("contracts"),
                                      {{"consumer_id", consumer},
                                       {"number", QStringLiteral("K-%1").arg(n)},
                                       {"signed_on", QStringLiteral("2019-01-14")},
                                       {"consumer_class", QStringLiteral("household")},
                                       {"billing_day", 5},
                                       {"window_working_days", 3}});
    return insertRow(db, QStringLiteral("accounts"),
                     {{"contract_id", contract},
                      {"number", QString::number(1000000 + n)},
                      {"address", QStringLiteral("a")},
                      {"opened_on", QStringLiteral("2019-02-01")}});
}

inline QVariant null()
{
    return QVariant(QMetaType::fromType<qlonglong>());
}

} // namespace oblik::store::test

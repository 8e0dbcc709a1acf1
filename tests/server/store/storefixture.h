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

inline QVariant null()
{
    return QVariant(QMetaType::fromType<qlonglong>());
}

} // namespace oblik::store::test

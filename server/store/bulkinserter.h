#pragma once
// Bulk loads (the demo district, imports): rows are buffered and written with bound values in
// large statements, in the form the dialect loads fastest (SqlDialect::bulkUsesColumnArrays):
//  - multi-row `INSERT INTO t (a, b) VALUES (?, ?), (?, ?), ...`, the full-size statement prepared
//    once and reused, a remainder written by cached statements of 128, 64, ... 1 rows;
//  - `INSERT INTO t (a, b) SELECT * FROM unnest(?::bigint[], ?::text[])`, one array literal bound
//    per column (PostgreSQL).
// Column types (bigint or text) are taken from the first row's QVariant types.

#include <QList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>
#include <map>

namespace oblik::store {
class SqlDialect;

class BulkInserter
{
public:
    // `parent` holds rows this table references: it is flushed first, so a foreign key never
    // points at a row still in a buffer. Table and column names are ours, never input.
    BulkInserter(QSqlDatabase db, const SqlDialect &dialect, QString table, QStringList columns,
                 BulkInserter *parent = nullptr);
    BulkInserter(const BulkInserter &) = delete;
    BulkInserter &operator=(const BulkInserter &) = delete;

    // One row, values in column order (typed even when null, e.g. QVariant(QMetaType::fromType<QString>())).
    // Writes a full batch when one is buffered.
    void add(std::initializer_list<QVariant> row);
    // Writes everything buffered (and the parents' rows first).
    bool flush();

    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; } // the first failure; every later call is a no-op
    const QString &table() const { return m_table; }
    qint64 written() const { return m_written; }
    int rowsPerStatement() const { return m_rowsPerStatement; }

private:
    bool write(int rows, int firstRow); // rows of m_pending from firstRow on
    QSqlQuery *statement(int rows);
    QString valuesSql(int rows) const;
    bool fail(const QSqlQuery &q);

    QSqlDatabase m_db;
    QString m_table;
    QStringList m_columns;
    QList<bool> m_textColumn; // from the first row
    BulkInserter *m_parent;
    bool m_arrays;
    int m_rowsPerStatement;
    QVariantList m_pending;
    std::map<int, QSqlQuery> m_statements; // prepared, by row count (VALUES form) or 0 (arrays)
    qint64 m_written = 0;
    QString m_error;
};

} // namespace oblik::store

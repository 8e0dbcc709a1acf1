#include "store/bulkinserter.h"

#include "store/sqldialect.h"

#include <QSqlError>

using namespace Qt::StringLiterals;

namespace oblik::store {

namespace {

bool isText(const QVariant &v)
{
    switch (v.metaType().id()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Bool:
        return false;
    default:
        return true;
    }
}

// One element of a PostgreSQL array literal: NULL, a number, or a double-quoted string in which
// backslash and double quote are escaped. It travels as part of a bound value, never as SQL text.
void appendArrayElement(QString &out, const QVariant &v, bool text)
{
    if (v.isNull() || (text && v.metaType().id() == QMetaType::QString && v.toString().isNull())) {
        out += u"NULL"_s;
        return;
    }
    if (!text) {
        out += QString::number(v.toLongLong());
        return;
    }
    out += u'"';
    const QString s = v.toString();
    for (const QChar c : s) {
        if (c == u'"' || c == u'\\')
            out += u'\\';
        out += c;
    }
    out += u'"';
}

} // namespace

BulkInserter::BulkInserter(QSqlDatabase db, const SqlDialect &dialect, QString table, QStringList columns,
                           BulkInserter *parent)
    : m_db(db), m_table(std::move(table)), m_columns(std::move(columns)), m_parent(parent),
      m_arrays(dialect.bulkUsesColumnArrays()),
      m_rowsPerStatement(dialect.bulkRowsPerStatement(int(m_columns.size())))
{
    // Never more parameters than the driver takes, whichever form.
    if (!m_arrays)
        m_rowsPerStatement =
            std::max(1, std::min(m_rowsPerStatement, int(dialect.maxBindParameters() / m_columns.size())));
    m_pending.reserve(qsizetype(m_rowsPerStatement) * m_columns.size());
}

QString BulkInserter::valuesSql(int rows) const
{
    QString one = u"("_s;
    for (qsizetype i = 0; i < m_columns.size(); ++i)
        one += i ? u", ?"_s : u"?"_s;
    one += u')';
    QString sql = u"INSERT INTO "_s + m_table + u" ("_s + m_columns.join(u", "_s) + u") VALUES "_s;
    sql.reserve(sql.size() + rows * (one.size() + 2));
    for (int r = 0; r < rows; ++r) {
        if (r)
            sql += u", "_s;
        sql += one;
    }
    return sql;
}

QSqlQuery *BulkInserter::statement(int rows)
{
    const int key = m_arrays ? 0 : rows;
    auto it = m_statements.find(key);
    if (it != m_statements.end())
        return &it->second;
    QSqlQuery q(m_db);
    QString sql;
    if (m_arrays) {
        QStringList arrays;
        for (qsizetype i = 0; i < m_columns.size(); ++i)
            arrays << (m_textColumn.value(i, true) ? u"?::text[]"_s : u"?::bigint[]"_s);
        sql = u"INSERT INTO "_s + m_table + u" ("_s + m_columns.join(u", "_s) + u") SELECT * FROM unnest("_s +
              arrays.join(u", "_s) + u')';
    } else {
        sql = valuesSql(rows);
    }
    if (!q.prepare(sql)) {
        fail(q);
        return nullptr;
    }
    return &m_statements.emplace(key, q).first->second;
}

bool BulkInserter::fail(const QSqlQuery &q)
{
    if (m_error.isEmpty())
        m_error = m_table + u": "_s + q.lastError().text();
    return false;
}

void BulkInserter::add(std::initializer_list<QVariant> row)
{
    if (!ok())
        return;
    Q_ASSERT(qsizetype(row.size()) == m_columns.size());
    if (m_textColumn.isEmpty()) {
        for (const QVariant &v : row)
            m_textColumn.append(isText(v));
    }
    for (const QVariant &v : row)
        m_pending.append(v);
    if (m_pending.size() >= qsizetype(m_rowsPerStatement) * m_columns.size()) {
        if (m_parent && !m_parent->flush()) {
            m_error = m_parent->error();
            return;
        }
        write(m_rowsPerStatement, 0);
        m_pending.clear();
    }
}

bool BulkInserter::flush()
{
    if (!ok())
        return false;
    if (m_pending.isEmpty())
        return true;
    if (m_parent && !m_parent->flush()) {
        m_error = m_parent->error();
        return false;
    }
    const int rows = int(m_pending.size() / m_columns.size());
    if (m_arrays) {
        write(rows, 0);
    } else {
        // Full statements, then the rest by halves, so that only a handful of sizes is ever prepared.
        int first = 0;
        for (int size = m_rowsPerStatement; ok() && first < rows; size = std::max(1, size / 2)) {
            while (ok() && rows - first >= size) {
                write(size, first);
                first += size;
            }
        }
    }
    m_pending.clear();
    return ok();
}

bool BulkInserter::write(int rows, int firstRow)
{
    QSqlQuery *q = statement(rows);
    if (!q)
        return false;
    const int cols = int(m_columns.size());
    const qsizetype base = qsizetype(firstRow) * cols;
    if (m_arrays) {
        for (int c = 0; c < cols; ++c) {
            QString array;
            array.reserve(rows * 12);
            array += u'{';
            for (int r = 0; r < rows; ++r) {
                if (r)
                    array += u',';
                appendArrayElement(array, m_pending.at(base + qsizetype(r) * cols + c), m_textColumn.at(c));
            }
            array += u'}';
            q->bindValue(c, array);
        }
    } else {
        const int values = rows * cols;
        for (int i = 0; i < values; ++i)
            q->bindValue(i, m_pending.at(base + i));
    }
    if (!q->exec())
        return fail(*q);
    m_written += rows;
    return true;
}

} // namespace oblik::store

#include "store/sqlsupport.h"

#include <QHash>
#include <QPointer>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>

using namespace Qt::StringLiterals;

namespace oblik::store {

Error queryError(const QSqlQuery &q, const QString &what)
{
    return Error::make(u"db.query_failed"_s, {}, {}, what + u": "_s + q.lastError().text());
}

Error connectionError(const QSqlDatabase &db)
{
    return Error::make(u"db.query_failed"_s, {}, {},
                       u"no open database connection: "_s + db.lastError().text());
}

namespace {

// QPSQL runs every prepared QSqlQuery as PREPARE, EXECUTE and, when the query goes away, DEALLOCATE:
// three round trips for one statement. So on PostgreSQL each thread keeps its prepared statements,
// per connection (driver) and SQL text, and a caller's QSqlQuery shares the kept one (QSqlQuery
// copies share their result): one EXECUTE per statement. PostgreSQL results are fetched whole, so
// nothing stays open between uses. Not on SQLite, where a statement that is not reset keeps its
// read transaction open. (Qt 6 deprecates copying a QSqlQuery, but copies still share the result,
// which is what is wanted here; Qt 7 will need an API that hands out the kept query itself.)
QT_WARNING_PUSH
QT_WARNING_DISABLE_DEPRECATED
struct KeptStatement
{
    QPointer<const QSqlDriver> driver;
    QSqlQuery query;
};

QSqlQuery *keptStatement(const QSqlQuery &q, const QString &sql)
{
    thread_local QHash<QString, KeptStatement> kept;
    const QSqlDriver *driver = q.driver();
    const QString key = QString::number(quintptr(driver), 16) + u'\n' + sql;
    auto it = kept.find(key);
    if (it != kept.end() && it->driver.isNull()) { // that connection is gone
        kept.erase(it);
        it = kept.end();
    }
    if (it == kept.end()) {
        QSqlQuery fresh = q; // the caller's query, on its connection
        if (!fresh.prepare(sql))
            return nullptr;
        it = kept.insert(key, KeptStatement{QPointer<const QSqlDriver>(driver), fresh});
    }
    return &it->query;
}

} // namespace

bool execPrepared(QSqlQuery &q, const QString &sql, const QVariantList &values)
{
    if (q.driver() && q.driver()->dbmsType() == QSqlDriver::PostgreSQL) {
        QSqlQuery *statement = keptStatement(q, sql);
        if (!statement) {
            q.prepare(sql); // for the error text in q
            return false;
        }
        q = *statement;
        q.finish(); // the previous use's rows
    } else if (!q.prepare(sql)) {
        return false;
    }
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values.at(i));
    return q.exec();
}
QT_WARNING_POP

QVariant nullIfEmpty(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

QString textOrEmpty(const QVariant &v)
{
    return v.isNull() ? QString() : v.toString();
}

QString notNull(const QString &s)
{
    return s.isNull() ? u""_s : s;
}

QString foldForSearch(const QString &s)
{
    return s.toCaseFolded();
}

QString escapeLike(const QString &s)
{
    QString out;
    out.reserve(s.size());
    for (const QChar c : s) {
        if (c == u'\\' || c == u'%' || c == u'_')
            out += u'\\';
        out += c;
    }
    return out;
}

} // namespace oblik::store

#include "store/sqlsupport.h"

#include <QSqlDatabase>
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

bool execPrepared(QSqlQuery &q, const QString &sql, const QVariantList &values)
{
    if (!q.prepare(sql))
        return false;
    for (const QVariant &v : values)
        q.addBindValue(v);
    return q.exec();
}

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

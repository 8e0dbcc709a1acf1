#include "protocol/problem.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace oblik::protocol {

Problem Problem::fromError(int status, const Error &e)
{
    Problem p;
    p.status = status;
    p.code = e.code();
    p.field = e.field();
    p.args = e.args();
    p.title = e.code();
    p.detail = e.detail().isEmpty() ? e.message() : e.detail();
    return p;
}

QJsonObject Problem::toJson() const
{
    QJsonObject o{{u"type"_s, u"about:blank"_s},
                  {u"status"_s, status},
                  {u"title"_s, title},
                  {u"detail"_s, detail},
                  {u"code"_s, code}};
    if (!field.isEmpty())
        o.insert(u"field"_s, field);
    if (!args.isEmpty())
        o.insert(u"args"_s, QJsonArray::fromStringList(args));
    return o;
}

QByteArray Problem::toBytes() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
}

std::optional<Problem> Problem::fromJson(const QByteArray &body)
{
    QJsonParseError err;
    const auto doc = QJsonDocument::fromJson(body, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    const auto o = doc.object();
    if (!o.value(u"code"_s).isString() || !o.value(u"status"_s).isDouble())
        return std::nullopt;
    Problem p;
    p.status = o.value(u"status"_s).toInt();
    p.title = o.value(u"title"_s).toString();
    p.detail = o.value(u"detail"_s).toString();
    p.code = o.value(u"code"_s).toString();
    p.field = o.value(u"field"_s).toString();
    for (const QJsonValue &a : o.value(u"args"_s).toArray())
        p.args << (a.isString() ? a.toString() : a.toVariant().toString());
    return p;
}

Error Problem::toError() const
{
    QStringList args = this->args;
    if (args.isEmpty() && retryAfterS > 0)
        args << QString::number(retryAfterS);
    return Error::make(code, field, args, detail);
}

} // namespace oblik::protocol

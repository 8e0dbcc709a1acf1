#include "http/jsonbody.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace oblik::http::jsonbody {

Result<QJsonObject> parseObject(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return Error::make(QStringLiteral("request.malformed_json"));
    return doc.object();
}

Result<QString> requiredString(const QJsonObject &object, const QString &field, int maxLength)
{
    const QJsonValue value = object.value(field);
    if (value.isUndefined() || value.isNull())
        return Error::make(QStringLiteral("request.missing_field"), field);
    if (!value.isString())
        return Error::make(QStringLiteral("request.invalid_field"), field);
    const QString text = value.toString();
    if (text.isEmpty())
        return Error::make(QStringLiteral("request.missing_field"), field);
    if (text.size() > maxLength)
        return Error::make(QStringLiteral("request.invalid_field"), field);
    return text;
}

Result<int> queryInt(const QUrlQuery &query, const QString &name, int fallback, int min, int max)
{
    if (!query.hasQueryItem(name))
        return fallback;
    const QString text = query.queryItemValue(name, QUrl::FullyDecoded);
    // Digits only: toInt() alone would accept "+5", " 5" or "0x5" in some forms.
    for (const QChar c : text) {
        if (!c.isDigit() || c.unicode() > 127)
            return Error::make(QStringLiteral("request.invalid_field"), name);
    }
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < min || value > max)
        return Error::make(QStringLiteral("request.invalid_field"), name);
    return value;
}

Result<Page> queryPage(const QUrlQuery &query, int defaultLimit, int maxLimit)
{
    auto limit = queryInt(query, QStringLiteral("limit"), defaultLimit, 1, maxLimit);
    if (!limit)
        return limit.error();
    auto offset = queryInt(query, QStringLiteral("offset"), 0, 0, 1'000'000'000);
    if (!offset)
        return offset.error();
    return Page{limit.value(), offset.value()};
}

} // namespace oblik::http::jsonbody

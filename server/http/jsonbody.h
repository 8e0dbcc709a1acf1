#pragma once
// Reading request bodies and query parameters with the contract's error codes:
// request.malformed_json, request.missing_field, request.invalid_field (field named).

#include "core/error.h"

#include <QJsonObject>
#include <QUrlQuery>

namespace oblik::http::jsonbody {

// The body as a JSON object (an empty body or any other JSON value is malformed).
Result<QJsonObject> parseObject(const QByteArray &body);

// A required non-empty string of at most maxLength characters.
Result<QString> requiredString(const QJsonObject &object, const QString &field, int maxLength);

// An optional integer query parameter within [min, max]; absent means fallback.
Result<int> queryInt(const QUrlQuery &query, const QString &name, int fallback, int min, int max);

// The paging parameters of a list: `limit` in [1, maxLimit] (absent: defaultLimit) and `offset` >= 0.
struct Page
{
    int limit = 0;
    int offset = 0;
};
Result<Page> queryPage(const QUrlQuery &query, int defaultLimit, int maxLimit);

} // namespace oblik::http::jsonbody

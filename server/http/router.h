#pragma once
// Maps (method, path pattern) to handlers. Patterns are literal segments and {name} placeholders,
// e.g. "/api/v1/accounts/{id}"; a placeholder matches one non-empty segment. The route table can be
// listed, so a test can compare it with docs/api/openapi.yaml.

#include "http/request.h"
#include "http/response.h"

#include <QStringList>
#include <functional>

namespace oblik::http {

class Router
{
public:
    using Handler = std::function<Response(const Request &)>;

    struct Route
    {
        QByteArray method;
        QString pattern;
        QStringList segments;
        Handler handler;
    };

    struct Match
    {
        enum class Kind { Found, NotFound, MethodNotAllowed };
        Kind kind = Kind::NotFound;
        const Route *route = nullptr;
        QHash<QString, QString> params;
        QList<QByteArray> allowed; // for MethodNotAllowed, sorted
    };

    void add(const QByteArray &method, const QString &pattern, Handler handler);
    Match match(const QByteArray &method, const QString &path) const;

    // "GET /api/v1/health" lines in registration order.
    QStringList list() const;
    const QList<Route> &routes() const { return m_routes; }

private:
    QList<Route> m_routes;
};

} // namespace oblik::http

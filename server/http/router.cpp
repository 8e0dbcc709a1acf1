#include "http/router.h"

#include <algorithm>

namespace oblik::http {

static QStringList splitPath(const QString &path)
{
    // Keep empty segments: "/a//b" and "/a/" must not match "/a/b" or "/a".
    QStringList parts = path.split(u'/');
    if (!parts.isEmpty() && parts.first().isEmpty())
        parts.removeFirst();
    return parts;
}

static bool isPlaceholder(const QString &segment)
{
    return segment.size() > 2 && segment.startsWith(u'{') && segment.endsWith(u'}');
}

void Router::add(const QByteArray &method, const QString &pattern, Handler handler)
{
    Q_ASSERT_X(pattern.startsWith(u'/'), "Router::add", "patterns start with /");
    m_routes.append(Route{method.toUpper(), pattern, splitPath(pattern), std::move(handler)});
}

Router::Match Router::match(const QByteArray &method, const QString &path) const
{
    Match result;
    const QStringList parts = splitPath(path);
    for (const Route &route : m_routes) {
        if (route.segments.size() != parts.size())
            continue;
        QHash<QString, QString> params;
        bool ok = true;
        for (qsizetype i = 0; i < parts.size() && ok; ++i) {
            const QString &seg = route.segments.at(i);
            if (isPlaceholder(seg)) {
                if (parts.at(i).isEmpty())
                    ok = false;
                else
                    params.insert(seg.mid(1, seg.size() - 2), parts.at(i));
            } else if (seg != parts.at(i)) {
                ok = false;
            }
        }
        if (!ok)
            continue;
        if (route.method == method) {
            result.kind = Match::Kind::Found;
            result.route = &route;
            result.params = std::move(params);
            result.allowed.clear();
            return result;
        }
        result.kind = Match::Kind::MethodNotAllowed;
        if (!result.allowed.contains(route.method))
            result.allowed.append(route.method);
    }
    std::sort(result.allowed.begin(), result.allowed.end());
    return result;
}

QStringList Router::list() const
{
    QStringList out;
    for (const Route &route : m_routes)
        out.append(QString::fromLatin1(route.method) + u' ' + route.pattern);
    return out;
}

} // namespace oblik::http

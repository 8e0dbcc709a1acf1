#pragma once
// An HTTP answer: status, headers and a JSON (or problem+json) body.

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

namespace oblik::protocol {
struct Problem;
}

namespace oblik::http {

struct Response
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    static Response json(const QJsonObject &object, int status = 200);
    static Response noContent();
    // application/problem+json; sets Retry-After when the problem carries one.
    static Response problem(const protocol::Problem &problem);

    void setHeader(const QByteArray &name, const QByteArray &value);
    QByteArray header(const QByteArray &name) const;

    // Headers every API answer carries (no caching of personal data, no sniffing, no framing).
    static QList<QPair<QByteArray, QByteArray>> securityHeaders();
    // The whole answer as bytes on the wire (for answers sent outside QtHttpServer's responder).
    QByteArray toWire(bool closeConnection) const;
};

} // namespace oblik::http

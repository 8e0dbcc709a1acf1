#pragma once
// QAbstractHttpServer with our Router: every request becomes an http::Request, the matching handler's
// Response goes back with the security headers, and one log line is written per request.

#include "http/router.h"

#include <QAbstractHttpServer>

namespace oblik::http {

class HttpServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    HttpServer(const Router &router, qint64 maxBodyBytes, QObject *parent = nullptr);

    // Dispatches without any network (also used by the in-process tests of the router).
    Response dispatch(Request &request) const;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void respond(const QHttpServerRequest &request, QTcpSocket *socket, const Response &response,
                 bool headOnly);

    const Router &m_router;
    qint64 m_maxBody;
};

} // namespace oblik::http

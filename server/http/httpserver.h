#pragma once
// QAbstractHttpServer with our Router: every request becomes an http::Request, the matching handler's
// Response goes back with the security headers, and one log line is written per request.
// Handlers run on a pool of worker threads (each with its own database connection), not on the
// thread that does the network I/O: a password check (Argon2id, ~50 ms) or a large account tree
// never holds up the other connections, and both cores serve requests.

#include "http/router.h"

#include <QAbstractHttpServer>
#include <QThreadPool>

namespace oblik::http {

class HttpServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    // workers: handler threads (0: 4 per core, at least 8).
    HttpServer(const Router &router, qint64 maxBodyBytes, int workers = 0, QObject *parent = nullptr);
    ~HttpServer() override;

    // Dispatches without any network (also used by the in-process tests of the router).
    Response dispatch(Request &request) const;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    static void respond(QHttpServerResponder &responder, const Response &response, bool headOnly);

    const Router &m_router;
    qint64 m_maxBody;
    QThreadPool m_workers;
};

} // namespace oblik::http

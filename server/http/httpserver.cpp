#include "http/httpserver.h"

#include "http/bodylimitguard.h"
#include "http/logging.h"
#include "http/problems.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QPointer>
#include <QTcpSocket>
#include <QtConcurrent>

#include <exception>

namespace oblik::http {

static QByteArray methodName(QHttpServerRequest::Method m)
{
    switch (m) {
    case QHttpServerRequest::Method::Get:
        return QByteArrayLiteral("GET");
    case QHttpServerRequest::Method::Put:
        return QByteArrayLiteral("PUT");
    case QHttpServerRequest::Method::Delete:
        return QByteArrayLiteral("DELETE");
    case QHttpServerRequest::Method::Post:
        return QByteArrayLiteral("POST");
    case QHttpServerRequest::Method::Head:
        return QByteArrayLiteral("HEAD");
    case QHttpServerRequest::Method::Options:
        return QByteArrayLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch:
        return QByteArrayLiteral("PATCH");
    case QHttpServerRequest::Method::Connect:
        return QByteArrayLiteral("CONNECT");
    case QHttpServerRequest::Method::Trace:
        return QByteArrayLiteral("TRACE");
    default:
        return QByteArrayLiteral("UNKNOWN");
    }
}

HttpServer::HttpServer(const Router &router, qint64 maxBodyBytes, int workers, QObject *parent)
    : QAbstractHttpServer(parent), m_router(router), m_maxBody(maxBodyBytes)
{
    m_workers.setMaxThreadCount(workers > 0 ? workers : qMax(8, 4 * QThread::idealThreadCount()));
    // Worker threads keep their database connections, so keep the threads too.
    m_workers.setExpiryTimeout(-1);
}

HttpServer::~HttpServer()
{
    m_workers.waitForDone();
}

Response HttpServer::dispatch(Request &request) const
{
    // The guard on the socket refuses big bodies early; this catches anything that slipped by.
    if (const qint64 limit = BodyLimitGuard::limitFor(request.method, request.path.toUtf8(), m_maxBody);
        request.body.size() > limit)
        return Response::problem(problems::tooLarge(limit));

    const Router::Match match = m_router.match(request.method, request.path);
    switch (match.kind) {
    case Router::Match::Kind::NotFound:
        return Response::problem(problems::notFound());
    case Router::Match::Kind::MethodNotAllowed: {
        Response r = Response::problem(problems::methodNotAllowed(request.method));
        r.setHeader(QByteArrayLiteral("Allow"), match.allowed.join(", "));
        return r;
    }
    case Router::Match::Kind::Found:
        break;
    }
    request.params = match.params;
    try {
        return match.route->handler(request);
    } catch (const std::exception &e) {
        qCCritical(lcHttp) << "handler failed:" << e.what();
    } catch (...) {
        qCCritical(lcHttp) << "handler failed with an unknown exception";
    }
    return Response::problem(problems::internal());
}

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    auto r = std::make_shared<Request>();
    r->method = methodName(request.method());
    // Match on the encoded path: an encoded "/" (%2F) inside a segment must not split it.
    r->path = request.url().path(QUrl::FullyEncoded);
    r->query = request.query();
    r->headers = request.headers();
    r->body = request.body();
    // The responder is made now, while the request exists; it is written when the handler is done.
    auto responder = std::make_shared<QHttpServerResponder>(makeResponder(request, socket));
    QPointer<QTcpSocket> alive(socket);

    auto *watcher = new QFutureWatcher<Response>(this);
    connect(watcher, &QFutureWatcher<Response>::finished, this, [=] {
        const Response response = watcher->result();
        watcher->deleteLater();
        if (alive && alive->state() == QAbstractSocket::ConnectedState)
            respond(*responder, response, r->method == "HEAD");
        // Method, path and status only: never the query (it may hold names), headers or the body.
        qCInfo(lcHttp).noquote() << QString::fromLatin1(r->method) << r->path.left(200) << response.status
                                 << timer->elapsed() << "ms";
    });
    watcher->setFuture(QtConcurrent::run(&m_workers, [this, r] { return dispatch(*r); }));
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    QHttpServerResponder responder = makeResponder(request, socket);
    respond(responder, Response::problem(problems::notFound()), false);
}

void HttpServer::respond(QHttpServerResponder &responder, const Response &response, bool headOnly)
{
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(response.status));
    if (!response.contentType.isEmpty())
        responder.writeHeader(QByteArrayLiteral("Content-Type"), response.contentType);
    for (const auto &h : Response::securityHeaders())
        responder.writeHeader(h.first, h.second);
    for (const auto &h : response.headers)
        responder.writeHeader(h.first, h.second);
    const QByteArray body = headOnly ? QByteArray() : response.body;
    responder.writeHeader(QByteArrayLiteral("Content-Length"), QByteArray::number(body.size()));
    // writeBody() ends the header block, also for an empty body.
    responder.writeBody(body);
}

} // namespace oblik::http

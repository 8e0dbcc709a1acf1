#pragma once
// Enforces the request size limit on one connection before QtHttpServer buffers the body
// (Qt 6.4's QAbstractHttpServer reads whole requests into memory and has no limit of its own).
//
// The guard follows the HTTP/1.1 framing of the byte stream (request line and headers, then a
// Content-Length or chunked body) ahead of QtHttpServer: it is connected to the socket's readyRead
// before QtHttpServer is, so it sees each chunk first. A request whose declared or actual body is
// larger than the limit (or whose headers are) is answered 413 request.too_large right away; the
// connection is then cut off from QtHttpServer, drained for a moment so the client can read the
// answer, and closed. Other connections are not affected.
//
// It also closes connections that stay silent for kIdleMs, and those that take longer than
// kHeadMs to send one request head (a client trickling bytes to hold a socket). Slow-client
// protection beyond that is the reverse proxy's job (docs/operations.md).

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

QT_BEGIN_NAMESPACE
class QTcpSocket;
class QTimer;
QT_END_NAMESPACE

namespace oblik::http {

class BodyLimitGuard : public QObject
{
    Q_OBJECT
public:
    // Must be created before QtHttpServer connects to the socket's readyRead.
    BodyLimitGuard(QTcpSocket *socket, qint64 maxBodyBytes);

    static constexpr qint64 kMaxHeaderBytes = 32 * 1024;
    static constexpr int kIdleMs = 120 * 1000;
    static constexpr int kHeadMs = 30 * 1000;

    // The body limit of one request: defaultMax, or kMaxUploadBytes for a signature upload.
    static constexpr qint64 kMaxUploadBytes = 32 * 1024 * 1024;
    static qint64 limitFor(const QByteArray &method, const QByteArray &target, qint64 defaultMax);

    // To be connected after QtHttpServer's own readyRead handler: what it left unread.
    void noteUnread();

private:
    void onReadyRead();
    void consume(const char *data, qint64 size);
    void reject(bool headersTooLarge);
    void drain();

    enum class State { Head, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailer, Rejected };

    QPointer<QTcpSocket> m_socket;
    qint64 m_max;
    qint64 m_limit = 0;  // the current request's (limitFor)
    qint64 m_unread = 0; // bytes already seen by the guard that are still in the socket's buffer

    State m_state = State::Head;
    QByteArray m_line;     // the head so far (State::Head) or the current chunk line
    qint64 m_bodyLeft = 0; // Content-Length left, or the current chunk's bytes left
    qint64 m_bodySeen = 0; // body bytes of the current request so far
    QByteArray m_method, m_path;
    QElapsedTimer m_started;     // since the current request's head was complete (for the log)
    QElapsedTimer m_headStarted; // since the first byte of the current head
    QTimer *m_idleTimer = nullptr;
    QTimer *m_lingerTimer = nullptr;
};

} // namespace oblik::http

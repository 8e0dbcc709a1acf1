#include "http/bodylimitguard.h"

#include "http/logging.h"
#include "http/problems.h"
#include "http/response.h"

#include <QTcpSocket>
#include <QTimer>

namespace oblik::http {

// After a rejection the client may still be sending its body: read and drop it for a while so it
// gets to read the 413 instead of a connection reset, then close.
static constexpr int kLingerIdleMs = 1000;
static constexpr int kLingerMaxMs = 10000;

BodyLimitGuard::BodyLimitGuard(QTcpSocket *socket, qint64 maxBodyBytes)
    : QObject(socket), m_socket(socket), m_max(maxBodyBytes), m_limit(maxBodyBytes)
{
    connect(socket, &QIODevice::readyRead, this, &BodyLimitGuard::onReadyRead);
    m_started.start();
    m_headStarted.start();
    m_idleTimer = new QTimer(this);
    m_idleTimer->setSingleShot(true);
    connect(m_idleTimer, &QTimer::timeout, socket, &QAbstractSocket::disconnectFromHost);
    m_idleTimer->start(kIdleMs);
}

qint64 BodyLimitGuard::limitFor(const QByteArray &method, const QByteArray &target, qint64 defaultMax)
{
    // A signed document (docs/signatures.md) is uploaded whole: POST .../documents/{docId}/signatures
    // takes up to 32 MB whatever --max-body says for the JSON routes.
    const QByteArray path = target.left(target.indexOf('?') >= 0 ? target.indexOf('?') : target.size());
    if (method == "POST" && path.startsWith("/api/v1/accounts/") && path.endsWith("/signatures"))
        return qMax(defaultMax, kMaxUploadBytes);
    return defaultMax;
}

void BodyLimitGuard::noteUnread()
{
    if (m_socket && m_state != State::Rejected)
        m_unread = m_socket->bytesAvailable();
}

void BodyLimitGuard::onReadyRead()
{
    if (!m_socket || m_state == State::Rejected)
        return;
    m_idleTimer->start(kIdleMs);
    const qint64 available = m_socket->bytesAvailable();
    const qint64 fresh = available - m_unread;
    if (fresh <= 0)
        return;
    const QByteArray all = m_socket->peek(available);
    const QByteArray chunk = all.right(fresh);
    // Until noteUnread() says otherwise, assume QtHttpServer reads everything it is offered (it does
    // in Qt 6.4: readAll() on every readyRead).
    m_unread = 0;
    consume(chunk.constData(), chunk.size());
    if (m_state == State::Head && !m_line.isEmpty() && m_headStarted.elapsed() > kHeadMs) {
        qCInfo(lcHttp) << "closing a connection that sends its request head too slowly";
        QObject::disconnect(m_socket, &QIODevice::readyRead, nullptr, nullptr);
        m_state = State::Rejected;
        m_socket->abort();
    }
}

static bool parseDecimal(const QByteArray &text, qint64 *value)
{
    const QByteArray t = text.trimmed();
    if (t.isEmpty() || t.size() > 18)
        return false;
    for (char c : t) {
        if (c < '0' || c > '9')
            return false;
    }
    *value = t.toLongLong();
    return true;
}

void BodyLimitGuard::consume(const char *data, qint64 size)
{
    qint64 pos = 0;
    while (pos < size && m_state != State::Rejected) {
        switch (m_state) {
        case State::Head: {
            if (m_line.isEmpty())
                m_headStarted.restart();
            const qint64 searchFrom = qMax<qint64>(0, m_line.size() - 3);
            m_line.append(data + pos, size - pos);
            const qint64 end = m_line.indexOf("\r\n\r\n", searchFrom);
            if (end < 0) {
                if (m_line.size() > kMaxHeaderBytes)
                    reject(true);
                return; // everything consumed into the head
            }
            if (end + 4 > kMaxHeaderBytes) {
                reject(true);
                return;
            }
            // Bytes after the head belong to the body (or the next request).
            const qint64 headEnd = end + 4;
            const qint64 overshoot = m_line.size() - headEnd;
            pos = size - overshoot;
            const QByteArray head = m_line.left(headEnd);
            m_line.clear();

            m_started.restart();
            m_bodySeen = 0;
            m_bodyLeft = 0;
            const QList<QByteArray> lines = head.split('\n');
            const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
            m_method = requestLine.value(0);
            m_path = requestLine.value(1);
            m_limit = limitFor(m_method, m_path, m_max);
            qint64 contentLength = 0;
            bool chunked = false;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines.at(i).trimmed();
                const qsizetype colon = line.indexOf(':');
                if (colon <= 0)
                    continue;
                const QByteArray name = line.left(colon).trimmed().toLower();
                const QByteArray value = line.mid(colon + 1).trimmed();
                if (name == "content-length") {
                    qint64 n = 0;
                    if (parseDecimal(value, &n))
                        contentLength = n;
                    else if (!value.isEmpty())
                        contentLength = m_limit + 1; // unparseable or absurdly long: refuse it
                } else if (name == "transfer-encoding" && value.toLower().contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                m_state = State::ChunkSize;
            } else if (contentLength > m_limit) {
                reject(false);
                return;
            } else if (contentLength > 0) {
                m_bodyLeft = contentLength;
                m_state = State::Body;
            }
            break;
        }
        case State::Body: {
            const qint64 n = qMin(m_bodyLeft, size - pos);
            m_bodyLeft -= n;
            pos += n;
            if (m_bodyLeft == 0)
                m_state = State::Head;
            break;
        }
        case State::ChunkSize:
        case State::Trailer: {
            const char c = data[pos++];
            if (c != '\n') {
                m_line.append(c);
                if (m_line.size() > 1024) {
                    reject(true);
                    return;
                }
                break;
            }
            const QByteArray line = m_line.trimmed();
            m_line.clear();
            if (m_state == State::Trailer) {
                if (line.isEmpty())
                    m_state = State::Head;
                break;
            }
            const QByteArray hex =
                line.left(line.indexOf(';') < 0 ? line.size() : line.indexOf(';')).trimmed();
            bool ok = false;
            const qint64 chunk = hex.size() <= 15 ? hex.toLongLong(&ok, 16) : -1;
            if (!ok || chunk < 0) {
                // Malformed framing: let QtHttpServer's parser refuse it.
                m_state = State::Head;
                break;
            }
            if (chunk == 0) {
                m_state = State::Trailer;
            } else if (m_bodySeen + chunk > m_limit) {
                reject(false);
                return;
            } else {
                m_bodySeen += chunk;
                m_bodyLeft = chunk;
                m_state = State::ChunkData;
            }
            break;
        }
        case State::ChunkData: {
            const qint64 n = qMin(m_bodyLeft, size - pos);
            m_bodyLeft -= n;
            pos += n;
            if (m_bodyLeft == 0) {
                m_state = State::ChunkDataEnd;
                m_bodyLeft = 2; // CRLF after the data
            }
            break;
        }
        case State::ChunkDataEnd: {
            const qint64 n = qMin(m_bodyLeft, size - pos);
            m_bodyLeft -= n;
            pos += n;
            if (m_bodyLeft == 0)
                m_state = State::ChunkSize;
            break;
        }
        case State::Rejected:
            return;
        }
    }
}

void BodyLimitGuard::reject(bool headersTooLarge)
{
    m_state = State::Rejected;
    QTcpSocket *socket = m_socket.data();
    // Cut QtHttpServer off this connection: it must not buffer or answer anything more on it.
    QObject::disconnect(socket, &QIODevice::readyRead, nullptr, nullptr);
    if (socket->isTransactionStarted())
        socket->commitTransaction();
    socket->readAll();
    connect(socket, &QIODevice::readyRead, this, &BodyLimitGuard::drain);

    const Response response =
        Response::problem(problems::tooLarge(headersTooLarge ? kMaxHeaderBytes : m_limit));
    socket->write(response.toWire(true));
    socket->flush();

    const QByteArray path = m_path.left(m_path.indexOf('?') < 0 ? m_path.size() : m_path.indexOf('?'));
    qCInfo(lcHttp).noquote() << QString::fromLatin1(m_method.left(16)) << QString::fromLatin1(path.left(200))
                             << response.status << m_started.elapsed() << "ms";

    m_lingerTimer = new QTimer(this);
    m_lingerTimer->setSingleShot(true);
    connect(m_lingerTimer, &QTimer::timeout, socket, &QAbstractSocket::disconnectFromHost);
    m_lingerTimer->start(kLingerIdleMs);
    QTimer::singleShot(kLingerMaxMs, socket, &QAbstractSocket::disconnectFromHost);
}

void BodyLimitGuard::drain()
{
    if (!m_socket)
        return;
    m_socket->readAll();
    if (m_lingerTimer)
        m_lingerTimer->start(kLingerIdleMs); // the client is still sending: give it another moment
}

} // namespace oblik::http

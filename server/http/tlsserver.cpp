#include "http/tlsserver.h"

#include "http/bodylimitguard.h"

#include <QTimer>

namespace oblik::http {

TlsServer::TlsServer(qint64 maxBodyBytes, QObject *parent) : QSslServer(parent), m_maxBody(maxBodyBytes)
{
    // A client that connects and never finishes the handshake must not hold a socket for long.
    setHandshakeTimeout(10000);
}

QTcpSocket *TlsServer::nextPendingConnection()
{
    QTcpSocket *socket = QSslServer::nextPendingConnection();
    if (!socket)
        return nullptr;
    // QtHttpServer connects its readyRead handler right after this returns; the guard's handler is
    // connected first and so runs first. Once QtHttpServer is connected, a second handler after
    // its one tells the guard what it left unread.
    auto *guard = new BodyLimitGuard(socket, m_maxBody);
    QTimer::singleShot(0, guard, [guard, socket] {
        connect(socket, &QIODevice::readyRead, guard, &BodyLimitGuard::noteUnread);
    });
    return socket;
}

} // namespace oblik::http

#pragma once
// The listening socket: a QSslServer that puts a BodyLimitGuard on every connection before
// QtHttpServer gets to see it.

#include <QSslServer>

namespace oblik::http {

class TlsServer : public QSslServer
{
    Q_OBJECT
public:
    TlsServer(qint64 maxBodyBytes, QObject *parent = nullptr);
    QTcpSocket *nextPendingConnection() override;

private:
    qint64 m_maxBody;
};

} // namespace oblik::http

#include "serverprocess.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSslSocket>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;

namespace oblik::testing {

ServerProcess::ServerProcess()
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
}

ServerProcess::~ServerProcess()
{
    stop();
}

QString ServerProcess::binary()
{
    return qEnvironmentVariable("OBLIK_SERVER_BIN");
}

bool ServerProcess::available()
{
    const QFileInfo fi(binary());
    return fi.exists() && fi.isExecutable();
}

QString ServerProcess::databaseUrl() const
{
    return m_dbUrl.isEmpty() ? u"sqlite:"_s + m_dir.filePath(u"demo.db"_s) : m_dbUrl;
}

bool ServerProcess::start(QString *error)
{
    const QString db = databaseUrl();
    QProcess demo;
    demo.setProcessChannelMode(QProcess::MergedChannels);
    demo.start(binary(), {u"demo"_s, u"--db"_s, db});
    if (!demo.waitForFinished(240000) || demo.exitStatus() != QProcess::NormalExit || demo.exitCode() != 0) {
        *error = u"oblik-server demo failed: "_s + QString::fromLocal8Bit(demo.readAll());
        return false;
    }
    return serve(error);
}

bool ServerProcess::restart(QString *error)
{
    stop();
    m_output.clear();
    m_url = QUrl();
    return serve(error);
}

void ServerProcess::kill()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.kill();
    m_process.waitForFinished(10000);
}

bool ServerProcess::serve(QString *error)
{
    // The development certificate's folder is fixed, so that a restart presents the same one.
    m_process.start(binary(), QStringList{u"serve"_s, u"--db"_s, databaseUrl(), u"--listen"_s,
                                          u"127.0.0.1:0"_s, u"--state-dir"_s, m_dir.filePath(u"state"_s)} +
                                  m_serveArguments);
    if (!m_process.waitForStarted(10000)) {
        *error = u"oblik-server serve did not start"_s;
        return false;
    }
    static const QRegularExpression listening(u"listening on (https://[^\\s]+)"_s);
    QDeadlineTimer deadline(60000);
    while (!deadline.hasExpired()) {
        if (m_process.state() != QProcess::Running)
            break;
        m_process.waitForReadyRead(200);
        m_output += QString::fromLocal8Bit(m_process.readAll());
        const auto match = listening.match(m_output);
        if (match.hasMatch()) {
            m_url = QUrl(match.captured(1));
            while (m_url.path().endsWith(u'/'))
                m_url.setPath(m_url.path().chopped(1));
            return true;
        }
    }
    *error = u"oblik-server serve did not announce its address:\n"_s + m_output;
    return false;
}

void ServerProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(10000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QString ServerProcess::hostKey() const
{
    return m_url.host() + u':' + QString::number(m_url.port(443));
}

QSslCertificate ServerProcess::fetchCertificate() const
{
    QSslSocket socket;
    // Only to read the certificate: nothing is sent over this connection.
    QObject::connect(&socket, &QSslSocket::sslErrors, &socket,
                     [&socket](const QList<QSslError> &) { socket.ignoreSslErrors(); });
    socket.connectToHostEncrypted(m_url.host(), quint16(m_url.port(443)));
    if (!socket.waitForEncrypted(15000))
        return QSslCertificate();
    const QSslCertificate cert = socket.peerCertificate();
    socket.disconnectFromHost();
    return cert;
}

quint16 closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 1;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

} // namespace oblik::testing

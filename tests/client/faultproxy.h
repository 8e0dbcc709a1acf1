#pragma once
// A fault-injecting TCP proxy for sync tests: listens on 127.0.0.1 and forwards each connection to
// oblik-server's port, byte for byte (TLS passes through untouched, so the client still pins the
// server's certificate). A script, indexed by connection number (1, 2, ... in accept order), says
// what goes wrong on which connection: refused, the request cut midway, the answer dropped after
// the whole request reached the server (the server commits, the client never hears), the answer cut
// midway, or a stall before the request or before the answer (the client's timeout fires).
//
// The proxy does not decrypt anything; it only reads the 5-byte TLS record headers to tell the
// request from the handshake and the answer from the server's session tickets. Under TLS 1.3 the
// client's first application-data record is its Finished message and everything after it is the
// request; the server sends its session tickets when it reads that Finished. So the proxy holds the
// request until the tickets went by (or a short while passed): every application-data record the
// server sends after that is the answer. Only connections whose fault concerns the answer are held. Used with
// one request per connection (a fresh QNetworkAccessManager per request, see FreshClientTransport), the
// connection number is the step of a sync round.

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <memory>

namespace oblik::testing {

class FaultProxy : public QObject
{
    Q_OBJECT
public:
    enum class Fault {
        None,           // forward both ways
        Refuse,         // accept and reset at once: nothing reaches the server
        CutRequest,     // the handshake and part of the request, then both sides closed
        DropAnswer,     // the whole request; the answer is swallowed and the client's side reset
        CutAnswer,      // the whole request and half of the answer's first record (nothing the
                        // client can decrypt), then both sides closed
        TruncateAnswer, // the whole request and the answer's first two records (the server
                        // writes the head, then the body: so the head and the body's first 16 KiB
                        // of a long answer), then both sides closed
        StallRequest,   // the handshake, then nothing: the request never reaches the server
        StallAnswer,    // the whole request, then nothing: the server commits, the client times out
        DelayRequest,   // the request is held until the client gave up (timeout) and its retry
                        // with the same key starts reaching the server, then forwarded right
                        // behind it: the server has both at once
    };
    Q_ENUM(Fault)

    explicit FaultProxy(QObject *parent = nullptr);
    ~FaultProxy() override;

    // Listens on 127.0.0.1 (an ephemeral port) and forwards to 127.0.0.1:upstreamPort.
    bool listen(quint16 upstreamPort);
    quint16 port() const { return m_server.serverPort(); }
    // A restarted server on another port: new connections go there.
    void setUpstreamPort(quint16 port) { m_upstreamPort = port; }
    // How long DelayRequest holds the request at most when no retry comes.
    void setRequestDelay(int ms) { m_requestDelayMs = ms; }

    // The fault of connection n (1-based). Connections without an entry get the default fault.
    void setFault(int connection, Fault fault) { m_script.insert(connection, fault); }
    void setDefaultFault(Fault fault) { m_default = fault; }
    // Forgets the script and the default, and numbers connections from 1 again.
    void reset();
    int connectionCount() const { return m_count; }
    // Closes every open connection (a cable pulled).
    void cutAll();

    static QString name(Fault fault);

Q_SIGNALS:
    // Connection n was accepted (nothing forwarded yet).
    void accepted(int connection);
    // The first request record of connection n was forwarded to the server.
    void requestStarted(int connection);
    // The server began answering on connection n: it has handled the request. Reliable only on
    // connections whose fault watches the answer (DropAnswer, CutAnswer, StallAnswer): the others
    // do not hold the request back until the session tickets went by.
    void answerStarted(int connection);
    // The script's fault took effect on connection n.
    void faultApplied(int connection, oblik::testing::FaultProxy::Fault fault);

private:
    struct Link;
    void onNewConnection();
    void fromClient(Link *link);
    void fromServer(Link *link);
    void releaseHeld(Link *link);
    void releaseDelayed(Link *link);
    void close(Link *link, bool graceful);
    void forward(QTcpSocket *to, const QByteArray &bytes);

    QTcpServer m_server;
    quint16 m_upstreamPort = 0;
    QHash<int, Fault> m_script;
    Fault m_default = Fault::None;
    int m_requestDelayMs = 3000;
    int m_count = 0;
    std::vector<std::unique_ptr<Link>> m_links;
};

} // namespace oblik::testing

#include "faultproxy.h"

#include <QDebug>
#include <QMetaEnum>

using namespace Qt::StringLiterals;

namespace oblik::testing {

namespace {

constexpr char kApplicationData = 23;
// How long the request is held when no session ticket comes (TLS 1.2, tickets off).
constexpr int kHoldMs = 300;
// How long after the first ticket record the request is still held, for a second one.
constexpr int kTicketGraceMs = 5;

// Only these faults need to tell the answer from the session tickets, so only their connections
// hold the request back.
bool watchesAnswer(FaultProxy::Fault f)
{
    return f == FaultProxy::Fault::DropAnswer || f == FaultProxy::Fault::CutAnswer ||
           f == FaultProxy::Fault::TruncateAnswer || f == FaultProxy::Fault::StallAnswer;
}

bool trace()
{
    static const bool on = qEnvironmentVariableIsSet("OBLIK_FAULTPROXY_TRACE");
    return on;
}

// Takes the complete TLS records off the front of buf. Bytes that are not TLS go as one record, so
// that the proxy still forwards them.
QList<QByteArray> takeRecords(QByteArray &buf)
{
    QList<QByteArray> out;
    while (buf.size() >= 5) {
        const auto type = quint8(buf.at(0));
        if (type < 20 || type > 24 || buf.at(1) != 3) {
            out.append(buf);
            buf.clear();
            break;
        }
        const int length = (quint8(buf.at(3)) << 8) | quint8(buf.at(4));
        if (buf.size() < 5 + length)
            break;
        out.append(buf.left(5 + length));
        buf.remove(0, 5 + length);
    }
    return out;
}

} // namespace

struct FaultProxy::Link
{
    int index = 0;
    Fault fault = Fault::None;
    QPointer<QTcpSocket> client;
    QPointer<QTcpSocket> server;
    QByteArray up;   // client bytes not yet a whole record
    QByteArray down; // server bytes not yet a whole record
    int clientAppRecords = 0;
    bool connected = false;
    bool ticketsPassed = false;
    QList<QByteArray> held; // request records waiting for the tickets
    QTimer holdTimer;
    bool requestStarted = false;
    bool answerStarted = false;
    bool swallowUp = false;
    bool swallowDown = false;
    bool closed = false;
    QList<QByteArray> delayed; // DelayRequest: the request, forwarded when the delay is over
    bool delaying = false;
    bool clientGone = false;
    int answerRecordsLeft = 0; // TruncateAnswer: answer records still to forward before the cut
};

FaultProxy::FaultProxy(QObject *parent) : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FaultProxy::onNewConnection);
}

FaultProxy::~FaultProxy()
{
    for (auto &link : m_links)
        if (!link->closed)
            close(link.get(), false);
}

bool FaultProxy::listen(quint16 upstreamPort)
{
    m_upstreamPort = upstreamPort;
    return m_server.listen(QHostAddress::LocalHost, 0);
}

void FaultProxy::reset()
{
    m_script.clear();
    m_default = Fault::None;
    m_count = 0;
    std::erase_if(m_links, [](const std::unique_ptr<Link> &l) { return l->closed; });
}

void FaultProxy::cutAll()
{
    for (auto &link : m_links)
        if (!link->closed)
            close(link.get(), false);
}

QString FaultProxy::name(Fault fault)
{
    return QString::fromLatin1(QMetaEnum::fromType<Fault>().valueToKey(int(fault)));
}

void FaultProxy::forward(QTcpSocket *to, const QByteArray &bytes)
{
    if (to && to->state() == QAbstractSocket::ConnectedState)
        to->write(bytes);
}

void FaultProxy::close(Link *link, bool graceful)
{
    if (link->closed)
        return;
    link->closed = true;
    link->holdTimer.stop();
    for (QTcpSocket *s : {link->client.data(), link->server.data()}) {
        if (!s)
            continue;
        s->disconnect(this);
        // Graceful: what was written still goes out, then FIN. Otherwise a reset.
        if (graceful)
            s->disconnectFromHost();
        else
            s->abort();
        s->deleteLater();
    }
}

void FaultProxy::onNewConnection()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        auto link = std::make_unique<Link>();
        Link *l = link.get();
        l->index = ++m_count;
        l->fault = m_script.value(l->index, m_default);
        l->ticketsPassed = !watchesAnswer(l->fault);
        l->client = client;
        client->setParent(this);
        m_links.push_back(std::move(link));
        if (trace())
            qDebug().noquote() << "proxy: connection" << l->index << name(l->fault);
        Q_EMIT accepted(l->index);
        if (l->closed)
            continue;
        if (l->fault == Fault::Refuse) {
            Q_EMIT faultApplied(l->index, l->fault);
            close(l, false);
            continue;
        }
        l->holdTimer.setSingleShot(true);
        connect(&l->holdTimer, &QTimer::timeout, this, [this, l] { releaseHeld(l); });
        auto *server = new QTcpSocket(this);
        l->server = server;
        connect(client, &QTcpSocket::readyRead, this, [this, l] { fromClient(l); });
        connect(client, &QTcpSocket::disconnected, this, [this, l] {
            // A delayed request still reaches the server after the client gave up.
            if (l->delaying) {
                l->clientGone = true;
                return;
            }
            close(l, true);
        });
        connect(server, &QTcpSocket::connected, this, [this, l] {
            l->connected = true;
            fromClient(l);
        });
        connect(server, &QTcpSocket::readyRead, this, [this, l] { fromServer(l); });
        connect(server, &QTcpSocket::disconnected, this, [this, l] {
            fromServer(l);
            close(l, true);
        });
        // The server is not there (killed, restarting): the client sees its connection reset.
        connect(server, &QTcpSocket::errorOccurred, this, [this, l](QAbstractSocket::SocketError e) {
            if (e != QAbstractSocket::RemoteHostClosedError)
                close(l, false);
        });
        server->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
    }
}

void FaultProxy::fromClient(Link *l)
{
    if (l->closed || !l->connected || !l->client)
        return;
    l->up += l->client->readAll();
    for (const QByteArray &record : takeRecords(l->up)) {
        if (l->closed)
            return;
        if (record.at(0) == kApplicationData)
            ++l->clientAppRecords;
        if (trace())
            qDebug().noquote() << "proxy:" << l->index << "c->s type" << int(record.at(0)) << "size"
                               << record.size();
        // Under TLS 1.3 the client's first application-data record is its Finished; the request
        // follows. It waits until the server's session tickets went by.
        const bool request = record.at(0) == kApplicationData && l->clientAppRecords >= 2;
        if ((request && !l->ticketsPassed) || !l->held.isEmpty()) {
            l->held.append(record);
            if (!l->holdTimer.isActive())
                l->holdTimer.start(kHoldMs);
            continue;
        }
        if (l->swallowUp)
            continue;
        if (request && !l->requestStarted) {
            l->requestStarted = true;
            if (l->fault == Fault::CutRequest) {
                forward(l->server, record.left(record.size() / 2));
                Q_EMIT faultApplied(l->index, l->fault);
                close(l, true);
                return;
            }
            if (l->fault == Fault::StallRequest) {
                l->swallowUp = true;
                Q_EMIT faultApplied(l->index, l->fault);
                continue;
            }
            if (l->fault == Fault::DelayRequest) {
                l->delaying = true;
                l->delayed.append(record);
                Q_EMIT faultApplied(l->index, l->fault);
                // Released when the client's retry starts reaching the server (below), at the
                // latest after the delay. The link's own timer is the context: a link forgotten by
                // reset() cancels it.
                QTimer::singleShot(m_requestDelayMs, &l->holdTimer, [this, l] { releaseDelayed(l); });
                continue;
            }
            forward(l->server, record);
            Q_EMIT requestStarted(l->index);
            // A delayed request goes now, right behind this one: both are at the server at once.
            for (const auto &other : m_links)
                if (other.get() != l && other->delaying)
                    releaseDelayed(other.get());
            continue;
        }
        if (l->delaying) {
            l->delayed.append(record);
            continue;
        }
        forward(l->server, record);
    }
}

void FaultProxy::releaseHeld(Link *l)
{
    if (l->closed)
        return;
    l->ticketsPassed = true;
    const QList<QByteArray> held = std::exchange(l->held, {});
    // Put them back in front of what came meanwhile and run them through again.
    QByteArray again;
    for (const QByteArray &r : held)
        again += r;
    l->up.prepend(again);
    // They were counted once already.
    for (const QByteArray &r : held)
        if (r.at(0) == kApplicationData)
            --l->clientAppRecords;
    fromClient(l);
}

void FaultProxy::releaseDelayed(Link *l)
{
    if (l->closed || !l->delaying)
        return;
    l->delaying = false;
    for (const QByteArray &r : std::exchange(l->delayed, {}))
        forward(l->server, r);
    Q_EMIT requestStarted(l->index);
    // The server's answer (or its end) closes the link; this is the last resort.
    QTimer::singleShot(5000, &l->holdTimer, [this, l] { close(l, false); });
}

void FaultProxy::fromServer(Link *l)
{
    if (l->closed || !l->server)
        return;
    l->down += l->server->readAll();
    for (const QByteArray &record : takeRecords(l->down)) {
        if (l->closed)
            return;
        if (trace())
            qDebug().noquote() << "proxy:" << l->index << "s->c type" << int(record.at(0)) << "size"
                               << record.size();
        if (record.at(0) == kApplicationData && !l->requestStarted) {
            // Handshake or session tickets. Tickets come once the client's Finished went by; the
            // request may follow shortly after.
            if (l->clientAppRecords >= 1 && !l->ticketsPassed) {
                l->holdTimer.start(kTicketGraceMs);
            }
            forward(l->client, record);
            continue;
        }
        if (record.at(0) == kApplicationData && !l->answerStarted) {
            l->answerStarted = true;
            Q_EMIT answerStarted(l->index);
            if (l->closed)
                return;
            switch (l->fault) {
            case Fault::DropAnswer:
                Q_EMIT faultApplied(l->index, l->fault);
                close(l, false);
                return;
            case Fault::CutAnswer:
                forward(l->client, record.left(record.size() / 2));
                Q_EMIT faultApplied(l->index, l->fault);
                close(l, true);
                return;
            case Fault::TruncateAnswer:
                // The head goes through; the cut comes after the next record (the body's start).
                l->answerRecordsLeft = 2;
                break;
            case Fault::StallAnswer:
                l->swallowDown = true;
                Q_EMIT faultApplied(l->index, l->fault);
                break;
            default:
                break;
            }
        }
        if (l->swallowDown)
            continue;
        if (l->answerRecordsLeft > 0 && record.at(0) == kApplicationData) {
            forward(l->client, record);
            if (--l->answerRecordsLeft == 0) {
                Q_EMIT faultApplied(l->index, l->fault);
                close(l, true);
                return;
            }
            continue;
        }
        if (l->clientGone && record.at(0) == kApplicationData) {
            // The delayed request was answered; nobody listens any more.
            close(l, false);
            return;
        }
        forward(l->client, record);
    }
}

} // namespace oblik::testing

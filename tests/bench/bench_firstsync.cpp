// sync.first_10k_s, sync.first_10k_bytes (scripts/bench sync): the first sync of a fresh client with
// the real client code (LocalStore + SyncEngine + ApiSyncTransport over ApiClient, HTTPS with the
// server's certificate pinned), for a login that sees one account with 10,000 metering points
// (`oblik-server demo --big-accounts 1 --big-account-points 10000`, login big-1). Prints
// "seconds=S bytes=B pages=P readings=R": the time from syncNow() to synced(), and the JSON bytes of
// the feed pages received (bodies, without HTTP headers and TLS). With --recent the client starts
// from the cursor "recent" (a bounded first sync: the last 3 periods, docs/readings-contract.md)
// instead of "0" (everything).
//
// usage: bench_firstsync [--recent] URL LOGIN [PASSWORD]

#include "api/apiclient.h"
#include "api/certificatestore.h"
#include "api/jobs.h"
#include "local/localstore.h"
#include "sync/apisynctransport.h"
#include "sync/syncengine.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace oblik;
using namespace oblik::client;

namespace {

// Counts what the feed pages bring in, and hands everything on.
class CountingTransport : public SyncTransport
{
public:
    explicit CountingTransport(SyncTransport *inner) : m_inner(inner) {}
    void push(const OutboxCommand &command, Done done) override { m_inner->push(command, std::move(done)); }
    void pull(const QString &cursor, int limit, Done done) override
    {
        m_inner->pull(cursor, limit, [this, done = std::move(done)](const TransportResult &r) {
            bytes += r.body.size();
            ++pages;
            done(r);
        });
    }
    qint64 bytes = 0;
    int pages = 0;

private:
    SyncTransport *m_inner;
};

int fail(const QString &why)
{
    QTextStream(stderr) << "bench_firstsync: " << why << Qt::endl;
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments();
    const bool recent = args.removeAll(u"--recent"_s) > 0;
    if (args.size() < 3)
        return fail(u"usage: bench_firstsync [--recent] URL LOGIN [PASSWORD]"_s);
    const QUrl url(args.at(1));
    const QString password = args.value(3, u"oblik-demo"_s);
    QTemporaryDir dir;

    // Pin the certificate the server presents (a benchmark on loopback: trust on first use).
    QSslSocket socket;
    QObject::connect(&socket, &QSslSocket::sslErrors, &socket,
                     [&socket](const QList<QSslError> &) { socket.ignoreSslErrors(); });
    socket.connectToHostEncrypted(url.host(), quint16(url.port(443)));
    if (!socket.waitForEncrypted(15000))
        return fail(u"no TLS handshake with "_s + url.toString());
    CertificateStore pins(dir.filePath(u"pins.ini"_s));
    pins.trust(url.host() + u':' + QString::number(url.port(443)),
               CertificateStore::fingerprintOf(socket.peerCertificate()));
    socket.disconnectFromHost();

    ApiClient api(&pins);
    api.setBaseUrl(url);
    {
        QEventLoop loop;
        bool ok = false;
        LoginJob *job = api.login(args.at(2), password);
        QObject::connect(job, &LoginJob::finished, &loop,
                         [&](const protocol::LoginResponse &) { ok = true; });
        QObject::connect(job, &ApiJob::done, &loop, &QEventLoop::quit);
        loop.exec();
        if (!ok)
            return fail(u"login failed"_s);
    }

    LocalStore store;
    if (const Error e = store.open(dir.filePath(u"local.db"_s)); !e.isNull())
        return fail(u"local store: "_s + e.code());
    if (recent)
        store.setSyncCursor(u"recent"_s);
    ApiSyncTransport http(&api);
    CountingTransport counting(&http);
    SyncEngine engine(&store, &counting);
    QEventLoop loop;
    bool failed = false;
    QObject::connect(&engine, &SyncEngine::synced, &loop, &QEventLoop::quit);
    QObject::connect(&engine, &SyncEngine::failed, &loop, [&] {
        failed = true;
        loop.quit();
    });
    QTimer::singleShot(600000, &loop, [&] {
        failed = true;
        loop.quit();
    });
    QElapsedTimer timer;
    timer.start();
    engine.syncNow();
    loop.exec();
    const double seconds = timer.nsecsElapsed() / 1e9;
    if (failed || engine.failures() > 0)
        return fail(u"sync failed: "_s + engine.lastError().code());
    QTextStream(stdout) << "seconds=" << QString::number(seconds, 'f', 2) << " bytes=" << counting.bytes
                        << " pages=" << counting.pages << Qt::endl;
    return 0;
}

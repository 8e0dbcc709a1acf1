#include "http/server.h"

#include "http/apiroutes.h"
#include "http/authservice.h"
#include "http/httpserver.h"
#include "http/logging.h"
#include "http/router.h"
#include "http/tlsserver.h"
#include "store/userrepository.h"

#include <QSslConfiguration>
#include <QTimer>

namespace oblik::http {

struct Server::Private
{
    Private(store::Database &db, const Clock &clock, ServerOptions o)
        : options(o), users(db), auth(users, clock, o.auth), api(&db, &auth),
          http(router, o.maxBodyBytes, o.workers)
    {
        api.setSigning(o.signer, o.trust);
        api.registerRoutes(router);
    }

    ServerOptions options;
    store::UserRepository users;
    AuthService auth;
    ApiRoutes api;
    Router router;
    HttpServer http;
    QTimer purgeTimer;
};

Server::Server(store::Database &db, const Clock &clock, ServerOptions options)
    : d(std::make_unique<Private>(db, clock, options))
{
    // Sessions that expired are useless; drop them now and then so the table stays small.
    auto purge = [this] {
        auto purged = d->auth.purgeExpired();
        if (!purged)
            qCWarning(lcHttp).noquote() << "purging sessions failed:" << purged.error().detail();
    };
    purge();
    QObject::connect(&d->purgeTimer, &QTimer::timeout, &d->purgeTimer, purge);
    d->purgeTimer.start(10 * 60 * 1000);
}

Server::~Server() = default;

Result<quint16> Server::listen(const TlsCredentials &tls)
{
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(tls.certificate);
    config.setLocalCertificateChain(QList<QSslCertificate>{tls.certificate} + tls.chain);
    config.setPrivateKey(tls.key);
    config.setProtocol(QSsl::TlsV1_2OrLater);
    config.setPeerVerifyMode(QSslSocket::VerifyNone); // no client certificates

    auto *tcp = new TlsServer(d->options.maxBodyBytes);
    tcp->setSslConfiguration(config);
    if (!tcp->listen(d->options.address, d->options.port)) {
        const QString reason = tcp->errorString();
        delete tcp;
        return Error::make(QStringLiteral("server.listen_failed"), QStringLiteral("listen"), {}, reason);
    }
    d->http.bind(tcp); // takes ownership
    return tcp->serverPort();
}

QStringList Server::routes()
{
    return ApiRoutes::list();
}

} // namespace oblik::http

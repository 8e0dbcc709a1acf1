#pragma once
// The sync engine's HTTPS transport with one connection per request, for fault tests: each push or
// pull gets a fresh ApiClient (and so a fresh QNetworkAccessManager and TCP connection), so that
// FaultProxy's connection number is the step of a sync round. Everything else is the real
// ApiSyncTransport: same routes, same Idempotency-Key, same sorting of failures.

#include "api/apiclient.h"
#include "api/certificatestore.h"
#include "sync/apisynctransport.h"

#include <QObject>
#include <QUrl>
#include <chrono>

namespace oblik::testing {

class FreshClientTransport : public QObject, public client::SyncTransport
{
public:
    FreshClientTransport(client::CertificateStore *pins, QUrl url, QString token,
                         std::chrono::milliseconds timeout, QObject *parent = nullptr)
        : QObject(parent), m_pins(pins), m_url(std::move(url)), m_token(std::move(token)), m_timeout(timeout)
    {}

    void setUrl(const QUrl &url) { m_url = url; }
    int requests() const { return m_requests; }

    void push(const client::OutboxCommand &command, Done done) override
    {
        auto [api, transport] = make();
        transport->push(command, [api, done](const client::TransportResult &r) {
            api->deleteLater();
            done(r);
        });
    }
    void pull(const QString &cursor, int limit, Done done) override
    {
        auto [api, transport] = make();
        transport->pull(cursor, limit, [api, done](const client::TransportResult &r) {
            api->deleteLater();
            done(r);
        });
    }

private:
    std::pair<client::ApiClient *, client::ApiSyncTransport *> make()
    {
        ++m_requests;
        auto *api = new client::ApiClient(m_pins, this);
        api->setBaseUrl(m_url);
        api->setToken(m_token);
        api->setTransferTimeout(m_timeout);
        return {api, new client::ApiSyncTransport(api, api)};
    }

    client::CertificateStore *m_pins;
    QUrl m_url;
    QString m_token;
    std::chrono::milliseconds m_timeout;
    int m_requests = 0;
};

} // namespace oblik::testing

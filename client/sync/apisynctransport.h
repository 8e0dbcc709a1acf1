#pragma once
// The sync engine's transport over HTTPS: an outbox command is POSTed to its route with its
// Idempotency-Key, a feed page is GET /sync. Failures are sorted as the engine expects: no answer
// (network, TLS, timeout), 5xx, 429 and 401 (the session ends; the command waits for the next
// login instead of being thrown away) may be repeated; any other 4xx is a permanent refusal.

#include "sync/synctransport.h"

#include <QObject>
#include <QPointer>

namespace oblik::client {

class ApiClient;
class RawJob;

// A QObject only to scope the connections to its jobs: when it goes, no answer reaches `done`.
class ApiSyncTransport : public QObject, public SyncTransport
{
public:
    // The client is not owned.
    explicit ApiSyncTransport(ApiClient *client, QObject *parent = nullptr);

    void push(const OutboxCommand &command, Done done) override;
    void pull(const QString &cursor, int limit, Done done) override;

    // The API path ("/accounts/3/readings") of an outbox command, empty for an unknown kind.
    static QString pathOf(const OutboxCommand &command);
    // Whether a failed request may be repeated, by its HTTP status (0 = no answer).
    static bool isTransientStatus(int status);

private:
    void watch(RawJob *job, Done done);

    QPointer<ApiClient> m_client;
};

} // namespace oblik::client

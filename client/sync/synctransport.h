#pragma once
// What the sync engine needs from the network, as an interface: push one outbox command (with
// its Idempotency-Key) and pull one page of the feed. The answer says whether the attempt may be
// repeated (network failure, timeout, 5xx, 429) or is a permanent refusal (other 4xx).

#include "core/error.h"
#include "local/localstore.h"

#include <QByteArray>
#include <functional>

namespace oblik::client {

struct TransportResult
{
    enum class Kind { Ok, Transient, Permanent };
    Kind kind = Kind::Ok;
    QByteArray body; // Ok: the JSON answer
    Error error;     // Transient / Permanent: why
};

class SyncTransport
{
public:
    using Done = std::function<void(const TransportResult &)>;
    virtual ~SyncTransport() = default;
    virtual void push(const OutboxCommand &command, Done done) = 0;
    virtual void pull(const QString &cursor, int limit, Done done) = 0;
};

} // namespace oblik::client

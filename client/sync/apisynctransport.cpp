#include "sync/apisynctransport.h"

#include "api/apiclient.h"
#include "api/jobs.h"

using namespace Qt::StringLiterals;

namespace oblik::client {

ApiSyncTransport::ApiSyncTransport(ApiClient *client, QObject *parent) : QObject(parent), m_client(client) {}

QString ApiSyncTransport::pathOf(const OutboxCommand &command)
{
    const QString account = u"/accounts/"_s + QString::number(command.accountId.value());
    if (command.kind == u"readings.save"_s)
        return account + u"/readings"_s;
    if (command.kind == u"readings.submit"_s)
        return account + u"/readings/submit"_s;
    return {};
}

bool ApiSyncTransport::isTransientStatus(int status)
{
    return status == 0 || status >= 500 || status == 429 || status == 401;
}

void ApiSyncTransport::push(const OutboxCommand &command, Done done)
{
    const QString path = pathOf(command);
    if (path.isEmpty() || !m_client) {
        // A command this client cannot send will not become sendable by waiting.
        done({TransportResult::Kind::Permanent,
              {},
              Error::make(u"request.invalid_field"_s, u"kind"_s, {}, command.kind)});
        return;
    }
    watch(m_client->postIdempotent(path, command.idempotencyKey, command.payload), std::move(done));
}

void ApiSyncTransport::pull(const QString &cursor, int limit, Done done)
{
    if (!m_client) {
        done({TransportResult::Kind::Transient, {}, Error::make(u"network.unreachable"_s)});
        return;
    }
    watch(m_client->syncPage(cursor, limit), std::move(done));
}

void ApiSyncTransport::watch(RawJob *raw, Done done)
{
    connect(raw, &RawJob::finished, this, [done](const QByteArray &body) {
        done({TransportResult::Kind::Ok, body, {}});
    });
    connect(raw, &ApiJob::failed, this, [raw, done](const Error &error) {
        const auto kind = isTransientStatus(raw->httpStatus()) ? TransportResult::Kind::Transient
                                                               : TransportResult::Kind::Permanent;
        done({kind, {}, error});
    });
}

} // namespace oblik::client

#include "api/jobs.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace oblik::client {

namespace {
// The body as a JSON object, or network.bad_response.
Result<QJsonObject> objectOf(const QByteArray &body)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return Error::make(u"network.bad_response"_s, {}, {},
                           err.error != QJsonParseError::NoError ? err.errorString()
                                                                 : u"not a JSON object"_s);
    return doc.object();
}

// Decodes with `decode` and emits through `emitter`, or fails the job.
template <typename Decode, typename Emit, typename Fail>
void decodeAndEmit(const QByteArray &body, Decode decode, Emit emitter, Fail failer)
{
    const auto obj = objectOf(body);
    if (!obj) {
        failer(obj.error());
        return;
    }
    const auto value = decode(obj.value());
    if (!value) {
        failer(value.error());
        return;
    }
    emitter(value.value());
}
} // namespace

void LoginJob::handleSuccess(int, const QByteArray &body)
{
    decodeAndEmit(
        body, protocol::loginResponseFromJson,
        [this](const protocol::LoginResponse &r) { Q_EMIT finished(r); },
        [this](const Error &e) { fail(e); });
}

void LogoutJob::handleSuccess(int, const QByteArray &)
{
    Q_EMIT finished();
}

void MeJob::handleSuccess(int, const QByteArray &body)
{
    decodeAndEmit(
        body, protocol::userFromJson, [this](const domain::User &u) { Q_EMIT finished(u); },
        [this](const Error &e) { fail(e); });
}

void AccountsJob::handleSuccess(int, const QByteArray &body)
{
    decodeAndEmit(
        body, protocol::accountListFromJson, [this](const protocol::AccountList &l) { Q_EMIT finished(l); },
        [this](const Error &e) { fail(e); });
}

void AccountJob::handleSuccess(int, const QByteArray &body)
{
    decodeAndEmit(
        body, protocol::accountDetailFromJson, [this](const domain::AccountDetail &a) { Q_EMIT finished(a); },
        [this](const Error &e) { fail(e); });
}

void HealthJob::handleSuccess(int, const QByteArray &body)
{
    const auto obj = objectOf(body);
    if (!obj) {
        fail(obj.error());
        return;
    }
    Q_EMIT finished(obj.value().value(u"version"_s).toString());
}

void RawJob::handleSuccess(int, const QByteArray &body)
{
    Q_EMIT finished(body);
}

} // namespace oblik::client

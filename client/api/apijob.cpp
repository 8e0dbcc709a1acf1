#include "api/apijob.h"

#include "api/apiclient.h"
#include "api/certificateinfo.h"
#include "api/certificatestore.h"
#include "protocol/problem.h"

#include <QLoggingCategory>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcApiJob, "oblik.client.api")

namespace oblik::client {

ApiJob::ApiJob(ApiClient *client, QNetworkReply *reply)
    : QObject(client), m_client(client), m_reply(reply), m_hostKey(client->hostKey())
{
    m_reply->setParent(this);
    connect(m_reply, &QNetworkReply::sslErrors, this, &ApiJob::onSslErrors);
    connect(m_reply, &QNetworkReply::finished, this, &ApiJob::onFinished);
}

ApiJob::~ApiJob() = default;

void ApiJob::abort()
{
    if (!m_running)
        return;
    m_aborted = true;
    m_reply->abort(); // finished() follows synchronously; onFinished() sees m_aborted
}

void ApiJob::onSslErrors(const QList<QSslError> &errors)
{
    QSslCertificate peer = m_reply->sslConfiguration().peerCertificate();
    if (peer.isNull()) {
        for (const QSslError &e : errors) {
            if (!e.certificate().isNull()) {
                peer = e.certificate();
                break;
            }
        }
    }
    CertificateStore *store = m_client ? m_client->certificateStore() : nullptr;
    if (store && !peer.isNull() && store->isTrusted(m_hostKey, peer)) {
        // The user pinned exactly this certificate for this server: accept exactly these
        // complaints about it (self-signed, name mismatch, ...) and nothing else.
        qCDebug(lcApiJob) << "pinned certificate for" << m_hostKey << "accepted";
        m_reply->ignoreSslErrors(errors);
        return;
    }
    m_untrusted = peer;
    m_sslErrorTexts.clear();
    for (const QSslError &e : errors)
        m_sslErrorTexts.append(e.errorString());
    qCInfo(lcApiJob) << "untrusted certificate for" << m_hostKey << m_sslErrorTexts;
}

void ApiJob::onFinished()
{
    if (!m_running)
        return;
    if (m_aborted) {
        finish();
        return;
    }
    const QVariant statusAttr = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int status = statusAttr.isValid() ? statusAttr.toInt() : 0;
    m_status = status;
    const QByteArray body = m_reply->readAll();
    if (status >= 200 && status < 300 && m_reply->error() == QNetworkReply::NoError) {
        if (m_client)
            m_client->noteReachable(true);
        handleSuccess(status, body);
        if (m_running) // handleSuccess emitted finished(...) without failing
            finish();
        return;
    }
    if (status > 0 && handleProblem(status, body)) {
        if (m_client)
            m_client->noteReachable(true);
        if (m_running)
            finish();
        return;
    }
    fail(errorFromReply(status, body));
}

Error ApiJob::errorFromReply(int status, const QByteArray &body) const
{
    const auto netError = m_reply->error();
    if (status > 0) {
        // The server answered: its problem+json says what went wrong.
        if (auto problem = protocol::Problem::fromJson(body)) {
            problem->retryAfterS = m_reply->rawHeader("Retry-After").toInt();
            return problem->toError();
        }
        const QString detail = u"HTTP %1"_s.arg(status);
        if (status == 401)
            return Error::make(u"auth.unauthorized"_s, {}, {}, detail);
        if (status == 404)
            return Error::make(u"not_found"_s, {}, {}, detail);
        if (status >= 500)
            return Error::make(u"server.internal"_s, {}, {}, detail);
        return Error::make(u"network.bad_response"_s, {}, {}, detail);
    }
    const QString detail = m_reply->errorString();
    switch (netError) {
    case QNetworkReply::SslHandshakeFailedError:
        if (!m_untrusted.isNull())
            return CertificateInfo::fromCertificate(m_hostKey, m_untrusted)
                .toError(m_sslErrorTexts.join(u"; "_s));
        return Error::make(u"network.tls_failed"_s, {}, {m_hostKey}, detail);
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: // QNetworkRequest's transfer timeout aborts the reply
        return Error::make(u"network.timeout"_s, {}, {m_hostKey}, detail);
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyNotFoundError:
    case QNetworkReply::ProxyTimeoutError:
        return Error::make(u"network.unreachable"_s, {}, {m_hostKey}, detail);
    default:
        return Error::make(u"network.unreachable"_s, {}, {m_hostKey}, detail);
    }
}

void ApiJob::fail(const Error &error)
{
    if (!m_running)
        return;
    qCInfo(lcApiJob) << m_reply->request().url().path() << "failed:" << error.code() << error.detail();
    if (m_client) {
        const bool networkDown =
            error.code() == u"network.unreachable"_s || error.code() == u"network.timeout"_s;
        m_client->noteReachable(!networkDown);
        if (error.code() == u"auth.unauthorized"_s && !m_client->token().isEmpty())
            m_client->noteUnauthorized();
    }
    Q_EMIT failed(error);
    finish();
}

void ApiJob::finish()
{
    if (!m_running)
        return;
    m_running = false;
    Q_EMIT done();
    deleteLater();
}

} // namespace oblik::client

#pragma once
// One request to the server, as an object that reports by signals and deletes itself afterwards.
// Subclasses decode the body and emit their own finished(...) signal; every failure, whatever its
// cause (network, TLS, HTTP problem, bad body), arrives as failed(Error) with a stable code.

#include "api/apiclient.h"
#include "core/error.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslError>

class QNetworkReply;

namespace oblik::client {

class ApiJob : public QObject
{
    Q_OBJECT
public:
    ~ApiJob() override;

    bool isRunning() const { return m_running; }
    // The HTTP status of the answer, 0 while running or when the server was never reached
    // (network, TLS, timeout): callers that retry tell transient from permanent failures by it.
    int httpStatus() const { return m_status; }
    // Stops the request; neither finished nor failed is emitted, done() is.
    void abort();

Q_SIGNALS:
    void failed(const oblik::Error &error);
    // After finished, failed or abort: for busy indicators.
    void done();

protected:
    ApiJob(ApiClient *client, QNetworkReply *reply);

    // Called for a 2xx answer; decode and emit finished(...), or call fail().
    virtual void handleSuccess(int status, const QByteArray &body) = 0;
    // Called for an answer outside 2xx before it becomes failed(Error): a job whose route answers
    // more than a problem (the signature upload's 422 with its explanation) handles it and returns
    // true; the job then ends without failed.
    virtual bool handleProblem(int status, const QByteArray &body)
    {
        Q_UNUSED(status);
        Q_UNUSED(body);
        return false;
    }
    void fail(const Error &error);
    ApiClient *client() const { return m_client; }
    // The answer's headers (ETag, Content-Disposition, ...), for jobs that need more than the body.
    QNetworkReply *reply() const { return m_reply; }

private:
    void onSslErrors(const QList<QSslError> &errors);
    void onFinished();
    Error errorFromReply(int status, const QByteArray &body) const;
    void finish();

    QPointer<ApiClient> m_client;
    QNetworkReply *m_reply = nullptr;
    QString m_hostKey;
    QSslCertificate m_untrusted;
    QStringList m_sslErrorTexts;
    int m_status = 0;
    bool m_running = true;
    bool m_aborted = false;
};

} // namespace oblik::client

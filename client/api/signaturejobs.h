#pragma once
// The signature routes of the API (docs/signatures.md, "API"): the signatures of a document as the
// server verified them, the upload of the consumer's signature (a PDF with the signature appended by
// an incremental update), and the document with its signatures as a ZIP or ASiC-S package.

#include "api/apijob.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace oblik::client {

// One item of GET .../signatures.
struct ServerSignature
{
    qint64 id = 0;
    QString side;   // "supplier" | "consumer"
    QString format; // "pades" | "cades"
    QString status; // "valid" | "rejected"
    QStringList problems;
    QString signerName, organization, taxId, serial, issuer, signerSha256;
    QDateTime notBefore, notAfter;
    QStringList chain;
    QDateTime signingTime, receivedAt;
    QString user;
    QString field;
    qint64 coveredLength = 0;
    QString coveredSha256;
};

struct ServerSignatures
{
    QString document;
    QString sha256;
    QString signatureStatus;
    QList<ServerSignature> items;
};
Result<ServerSignatures> serverSignaturesFromJson(const QByteArray &body);

// GET .../signatures.
class SignaturesJob : public ApiJob
{
    Q_OBJECT
public:
    SignaturesJob(ApiClient *client, QNetworkReply *reply) : ApiJob(client, reply) {}
Q_SIGNALS:
    void finished(const oblik::client::ServerSignatures &value);

protected:
    void handleSuccess(int status, const QByteArray &body) override;
};

// POST .../signatures with a signed PDF. 201: accepted(the new status, the body). 422
// signature.invalid / signature.not_an_update / signature.missing: rejected(code, the server's
// explanation in the caller's language, problem codes). Anything else (network, 5xx): failed.
class SignatureUploadJob : public ApiJob
{
    Q_OBJECT
public:
    SignatureUploadJob(ApiClient *client, QNetworkReply *reply) : ApiJob(client, reply) {}
Q_SIGNALS:
    void accepted(const QString &signatureStatus, const QByteArray &body);
    void rejected(const QString &code, const QString &explanation, const QStringList &problems);

protected:
    void handleSuccess(int status, const QByteArray &body) override;
    bool handleProblem(int status, const QByteArray &body) override;
};

// GET .../package?format=zip|asics: the bytes and the file name the server suggests.
class PackageJob : public ApiJob
{
    Q_OBJECT
public:
    PackageJob(ApiClient *client, QNetworkReply *reply) : ApiJob(client, reply) {}
Q_SIGNALS:
    void finished(const QByteArray &bytes, const QString &fileName);

protected:
    void handleSuccess(int status, const QByteArray &body) override;
};

// The API path of a document's signature routes ("/accounts/3/documents/tax_invoice:45/signatures").
QString signaturePath(AccountId account, const QString &docId, const QString &rest);

} // namespace oblik::client

Q_DECLARE_METATYPE(oblik::client::ServerSignatures)

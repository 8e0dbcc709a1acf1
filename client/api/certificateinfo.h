#pragma once
// What the user needs to decide whether to trust a server certificate, carried inside the
// network.tls_untrusted Error so that it crosses the job/signal boundary as a plain value.

#include "core/error.h"

#include <QDateTime>
#include <QSslCertificate>
#include <QString>
#include <optional>

namespace oblik::client {

struct CertificateInfo
{
    QString hostKey;     // "host:port" the certificate was presented for
    QString fingerprint; // SHA-256, "AB:CD:..."
    QString subject;
    QString issuer;
    QDateTime validFrom;
    QDateTime validUntil;

    static CertificateInfo fromCertificate(const QString &hostKey, const QSslCertificate &certificate);

    // network.tls_untrusted with args [hostKey, fingerprint, subject, validFrom, validUntil, issuer]
    // (instants as ISO 8601 UTC); detail holds the TLS library's own complaints.
    Error toError(const QString &detail) const;
    static std::optional<CertificateInfo> fromError(const Error &error);
};

} // namespace oblik::client

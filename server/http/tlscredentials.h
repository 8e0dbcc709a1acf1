#pragma once
// The server's certificate and key: the operator's own (--cert/--key), or a self-signed development
// certificate made once with OpenSSL and kept in a state folder, so its fingerprint stays the same
// across restarts (clients pin it).

#include "core/error.h"

#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

namespace oblik::http {

struct TlsCredentials
{
    QSslCertificate certificate;
    QList<QSslCertificate> chain; // intermediates after the leaf, if the file had them
    QSslKey key;
    QString certificatePath;
    bool developmentCertificate = false;

    // "AB:CD:..." SHA-256 of the DER certificate, as clients pin it.
    QString fingerprint() const;

    // PEM files. Error tls.unreadable (field "cert" or "key") with what is wrong as detail.
    static Result<TlsCredentials> load(const QString &certPath, const QString &keyPath);
    // Reuses <stateDir>/dev-cert.pem and dev-key.pem when they are valid for at least another day,
    // otherwise makes new ones (EC P-256, SAN IP:127.0.0.1, IP:::1 and DNS:localhost, one year).
    // Error tls.generate_failed with the reason as detail.
    static Result<TlsCredentials> development(const QString &stateDir);
};

} // namespace oblik::http

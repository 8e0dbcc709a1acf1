#pragma once
// An X.509 certificate as Oblik shows it (docs/signatures.md): who, issued by whom, valid when, what
// key, what for. Parsed with OpenSSL from DER or PEM; the DER stays inside for chains and reports.

#include "core/error.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace oblik::crypto {

enum class KeyUsage : unsigned {
    None = 0,
    DigitalSignature = 1u << 0,
    NonRepudiation = 1u << 1, // "contentCommitment"
    KeyEncipherment = 1u << 2,
    KeyCertSign = 1u << 5,
    CrlSign = 1u << 6,
};

struct CertificateInfo
{
    QByteArray der;
    QString subject;      // the whole subject, one line ("CN=Ivan Petrenko, O=TOV Teplomerezha, C=UA")
    QString commonName;   // CN
    QString organization; // O (empty when absent)
    QString taxId;        // serialNumber (2.5.4.5) or organizationIdentifier (2.5.4.97), empty when absent
    QString issuer;       // the issuer's whole name, one line
    QString issuerCommonName;
    QString serialHex;             // upper-case hex, no separators
    QDateTime notBefore, notAfter; // UTC
    QString keyAlgorithm;          // "RSA-2048", "RSA-3072", "ECDSA P-256", ...
    unsigned keyUsage = 0;         // KeyUsage bits; 0 with hasKeyUsage false when the extension is absent
    bool hasKeyUsage = false;
    bool isCa = false;
    QString sha256Hex; // fingerprint of the DER, lower-case hex

    bool isNull() const { return der.isEmpty(); }
    // The extension allows signing documents: digitalSignature or nonRepudiation (or no extension).
    bool allowsSigning() const;
    bool validAt(const QDateTime &t) const { return t >= notBefore && t <= notAfter; }
    // "Ivan Petrenko (TOV Teplomerezha)", for lists and panels.
    QString displayName() const;
};

// DER or PEM (the first certificate of a PEM). Error crypto.certificate_invalid.
Result<CertificateInfo> parseCertificate(const QByteArray &derOrPem);
// Every certificate of a PEM bundle or one DER. Error crypto.certificate_invalid.
Result<QList<CertificateInfo>> parseCertificates(const QByteArray &derOrPem);

} // namespace oblik::crypto

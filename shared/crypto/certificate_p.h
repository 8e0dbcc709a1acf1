#pragma once
// Internal to oblik_crypto: OpenSSL helpers shared by the certificate, key, CMS and PDF code.

#include "crypto/certificate.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <memory>
#include <openssl/asn1.h>
#include <openssl/x509.h>

namespace oblik::crypto::detail {

// OpenSSL's error queue as one line (and the queue emptied); empty when there was nothing.
QString opensslError();
// The certificate as Oblik shows it.
CertificateInfo certificateInfo(X509 *cert);
// A new X509 from DER (null when it is not a certificate).
X509 *x509FromDer(const QByteArray &der);
QByteArray x509ToDer(const X509 *cert);
QDateTime fromAsn1Time(const ASN1_TIME *t);
QString nameToString(const X509_NAME *name);
bool isSelfSigned(X509 *cert);
// "RSA-2048", "ECDSA P-256", ... and whether Oblik signs with such a key (RSA >= 2048, EC P-256).
QString keyAlgorithm(EVP_PKEY *key);
bool keySupported(EVP_PKEY *key);

struct X509Free
{
    void operator()(X509 *x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

} // namespace oblik::crypto::detail

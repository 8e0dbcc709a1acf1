#pragma once
// A private key that can sign, with its certificate and the chain above it (docs/signatures.md).
// From a PKCS#12 key file (fromPkcs12) or from a PKCS#11 token (Pkcs11Module::login, pkcs11.h): a
// token's private key never leaves the token, OpenSSL asks the token to sign through libp11.
// Copies share the key. A key from a token must be used by one thread at a time (the token's
// session); a key from a file may be used by several threads at once.

#include "core/error.h"
#include "crypto/certificate.h"

#include <QByteArray>
#include <QList>
#include <memory>

namespace oblik::crypto {

class SigningKey
{
public:
    SigningKey();
    ~SigningKey();
    SigningKey(const SigningKey &);
    SigningKey &operator=(const SigningKey &);

    bool isNull() const;
    const CertificateInfo &certificate() const;
    QList<CertificateInfo> chain() const; // intermediates (and root when the source had it), nearest first
    bool onToken() const;                 // PKCS#11: signatures are computed by the token

    // Errors: crypto.p12_password (wrong password), crypto.p12_invalid (not a PKCS#12 file, or no key
    // with its certificate), crypto.key_unsupported (not RSA >= 2048 nor ECDSA P-256).
    static Result<SigningKey> fromPkcs12(const QByteArray &p12, const QString &password);
    // Reads the file first: crypto.file_unreadable (args: path) besides the above.
    static Result<SigningKey> fromPkcs12File(const QString &path, const QString &password);

    // A raw signature (PKCS#1 v1.5 for RSA, DER ECDSA-Sig-Value for EC) of SHA-256(data); used by
    // the CMS builder and the benchmarks. crypto.sign_failed (args: OpenSSL's or the token's reason),
    // crypto.token_absent when a token was removed.
    Result<QByteArray> signSha256(const QByteArray &data) const;

    struct Private;
    // For the crypto library's own code: an EVP_PKEY* and X509* (opaque here so that callers do
    // not need OpenSSL's headers).
    const Private *d() const { return m_d.get(); }
    explicit SigningKey(std::shared_ptr<Private> d);

private:
    std::shared_ptr<Private> m_d;
};

} // namespace oblik::crypto

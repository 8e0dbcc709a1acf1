#pragma once
// Internal to oblik_crypto (and the PAdES code): what a SigningKey holds. The EVP_PKEY is either a
// software key (PKCS#12) or libp11's key whose operations run on the token.

#include "crypto/certificate.h"
#include "crypto/signingkey.h"

#include <QList>
#include <QString>
#include <functional>
#include <memory>
#include <openssl/evp.h>
#include <openssl/x509.h>

namespace oblik::crypto {

struct SigningKey::Private
{
    EVP_PKEY *pkey = nullptr; // owned
    X509 *cert = nullptr;     // owned
    STACK_OF(X509) *chain =
        nullptr; // owned: intermediates (and the root when the source had it), nearest first
    CertificateInfo certificate;
    QList<CertificateInfo> chainInfo;
    bool onToken = false;
    // PKCS#11: keeps the module, context and session alive while the key lives.
    std::shared_ptr<void> keepAlive;
    // PKCS#11: after a failed signature, tells why in Oblik's terms (crypto.token_absent, ...);
    // a null Error when it cannot tell.
    std::function<Error()> diagnoseFailure;

    Private() = default;
    Private(const Private &) = delete;
    Private &operator=(const Private &) = delete;
    ~Private();

    // Takes ownership of pkey, cert and chain (which may be null); orders the chain from the
    // certificate up and fills the CertificateInfos.
    void adopt(EVP_PKEY *key, X509 *certificate, STACK_OF(X509) * others);
};

} // namespace oblik::crypto

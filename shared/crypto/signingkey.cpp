#include "crypto/signingkey.h"

#include "crypto/certificate_p.h"
#include "crypto/signingkey_p.h"

#include <QFile>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509v3.h>

using namespace Qt::StringLiterals;

namespace oblik::crypto {

SigningKey::Private::~Private()
{
    EVP_PKEY_free(pkey);
    X509_free(cert);
    sk_X509_pop_free(chain, X509_free);
}

void SigningKey::Private::adopt(EVP_PKEY *key, X509 *certificateX509, STACK_OF(X509) * others)
{
    pkey = key;
    cert = certificateX509;
    // Nearest first: each next certificate issued the previous one; what is left goes after.
    chain = sk_X509_new_null();
    QList<X509 *> rest;
    for (int i = 0; others != nullptr && i < sk_X509_num(others); ++i)
        rest.append(sk_X509_value(others, i));
    X509 *current = cert;
    while (current != nullptr && !detail::isSelfSigned(current)) {
        X509 *next = nullptr;
        for (X509 *candidate : rest) {
            if (X509_check_issued(candidate, current) == X509_V_OK) {
                next = candidate;
                break;
            }
        }
        if (next == nullptr)
            break;
        rest.removeOne(next);
        sk_X509_push(chain, next);
        current = next;
    }
    for (X509 *x : rest)
        sk_X509_push(chain, x);
    sk_X509_free(others); // the certificates now belong to chain
    if (cert != nullptr)
        certificate = detail::certificateInfo(cert);
    for (int i = 0; i < sk_X509_num(chain); ++i)
        chainInfo.append(detail::certificateInfo(sk_X509_value(chain, i)));
}

SigningKey::SigningKey() = default;
SigningKey::~SigningKey() = default;
SigningKey::SigningKey(const SigningKey &) = default;
SigningKey &SigningKey::operator=(const SigningKey &) = default;
SigningKey::SigningKey(std::shared_ptr<Private> d) : m_d(std::move(d)) {}

bool SigningKey::isNull() const
{
    return !m_d || m_d->pkey == nullptr;
}

const CertificateInfo &SigningKey::certificate() const
{
    static const CertificateInfo none;
    return m_d ? m_d->certificate : none;
}

QList<CertificateInfo> SigningKey::chain() const
{
    return m_d ? m_d->chainInfo : QList<CertificateInfo>();
}

bool SigningKey::onToken() const
{
    return m_d && m_d->onToken;
}

namespace {

bool macVerifies(PKCS12 *p12, const QByteArray &pass, bool empty)
{
    if (empty)
        return PKCS12_verify_mac(p12, nullptr, 0) == 1 || PKCS12_verify_mac(p12, "", 0) == 1;
    return PKCS12_verify_mac(p12, pass.constData(), int(pass.size())) == 1;
}

} // namespace

Result<SigningKey> SigningKey::fromPkcs12(const QByteArray &p12Bytes, const QString &password)
{
    ERR_clear_error();
    BIO *bio = BIO_new_mem_buf(p12Bytes.constData(), int(p12Bytes.size()));
    PKCS12 *p12 = d2i_PKCS12_bio(bio, nullptr);
    BIO_free(bio);
    if (p12 == nullptr)
        return Error::make(u"crypto.p12_invalid"_s, {}, {}, detail::opensslError());
    const QByteArray pass = password.toUtf8();
    const bool empty = pass.isEmpty();
    if (PKCS12_mac_present(p12) && !macVerifies(p12, pass, empty)) {
        PKCS12_free(p12);
        ERR_clear_error();
        return Error::make(u"crypto.p12_password"_s);
    }
    EVP_PKEY *pkey = nullptr;
    X509 *cert = nullptr;
    STACK_OF(X509) *ca = nullptr;
    const char *p = empty ? "" : pass.constData();
    int ok = PKCS12_parse(p12, p, &pkey, &cert, &ca);
    if (ok != 1) {
        // Older key files use RC2/DES, which OpenSSL 3 keeps in its legacy provider.
        ERR_clear_error();
        if (OSSL_PROVIDER_available(nullptr, "legacy") == 0 &&
            OSSL_PROVIDER_try_load(nullptr, "legacy", 1) != nullptr)
            ok = PKCS12_parse(p12, p, &pkey, &cert, &ca);
    }
    PKCS12_free(p12);
    if (ok != 1) {
        const QString why = detail::opensslError();
        // Without a MAC the password is only checked by decrypting.
        return Error::make(why.contains(u"mac verify"_s, Qt::CaseInsensitive) ? u"crypto.p12_password"_s
                                                                              : u"crypto.p12_invalid"_s,
                           {}, {}, why);
    }
    auto d = std::make_shared<Private>();
    d->adopt(pkey, cert, ca);
    if (d->pkey == nullptr || d->cert == nullptr || X509_check_private_key(d->cert, d->pkey) != 1) {
        ERR_clear_error();
        return Error::make(u"crypto.p12_invalid"_s, {}, {}, u"no private key with its certificate"_s);
    }
    if (!detail::keySupported(d->pkey))
        return Error::make(u"crypto.key_unsupported"_s, {}, {detail::keyAlgorithm(d->pkey)});
    return SigningKey(std::move(d));
}

Result<SigningKey> SigningKey::fromPkcs12File(const QString &path, const QString &password)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error::make(u"crypto.file_unreadable"_s, {}, {path}, f.errorString());
    return fromPkcs12(f.readAll(), password);
}

Result<QByteArray> SigningKey::signSha256(const QByteArray &data) const
{
    if (isNull())
        return Error::make(u"crypto.sign_failed"_s, {}, {u"no key"_s});
    ERR_clear_error();
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    QByteArray sig;
    size_t len = 0;
    bool ok = EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, m_d->pkey) == 1 &&
              EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char *>(data.constData()),
                             size_t(data.size())) == 1;
    if (ok) {
        sig.resize(qsizetype(len));
        ok = EVP_DigestSign(ctx, reinterpret_cast<unsigned char *>(sig.data()), &len,
                            reinterpret_cast<const unsigned char *>(data.constData()),
                            size_t(data.size())) == 1;
        sig.resize(qsizetype(len));
    }
    EVP_MD_CTX_free(ctx);
    if (!ok || sig.isEmpty()) {
        const QString why = detail::opensslError();
        if (m_d->diagnoseFailure) {
            const Error e = m_d->diagnoseFailure();
            if (!e.isNull())
                return e;
        }
        return Error::make(u"crypto.sign_failed"_s, {}, {why.isEmpty() ? u"unknown error"_s : why});
    }
    return sig;
}

} // namespace oblik::crypto

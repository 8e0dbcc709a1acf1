#include "crypto/cades.h"

#include "crypto/certificate_p.h"
#include "crypto/signingkey_p.h"

#include <algorithm>
// pem.h before cms.h: cms.h declares PEM_read_bio_CMS only when pem.h came first.
#include <openssl/pem.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

using namespace Qt::StringLiterals;

namespace oblik::crypto {

namespace {

struct CmsFree
{
    void operator()(CMS_ContentInfo *c) const { CMS_ContentInfo_free(c); }
};
using CmsPtr = std::unique_ptr<CMS_ContentInfo, CmsFree>;

Error signFailed(const QString &why)
{
    const QString e = detail::opensslError();
    return Error::make(u"crypto.sign_failed"_s, {}, {e.isEmpty() ? why : why + u": "_s + e});
}

QByteArray toDer(CMS_ContentInfo *cms)
{
    unsigned char *buf = nullptr;
    const int len = i2d_CMS_ContentInfo(cms, &buf);
    if (len <= 0)
        return {};
    QByteArray out(reinterpret_cast<const char *>(buf), len);
    OPENSSL_free(buf);
    return out;
}

bool hasCertificate(CMS_ContentInfo *cms, X509 *cert)
{
    STACK_OF(X509) *certs = CMS_get1_certs(cms);
    bool found = false;
    for (int i = 0; certs != nullptr && i < sk_X509_num(certs) && !found; ++i)
        found = X509_cmp(sk_X509_value(certs, i), cert) == 0;
    sk_X509_pop_free(certs, X509_free);
    return found;
}

// The DER of the signed attributes as they are signed (RFC 5652 5.4: an explicit SET OF, its
// elements in DER order). OpenSSL does not export its CMS_Attributes_Sign item, so it is built here.
QByteArray signedAttributesDer(CMS_SignerInfo *si)
{
    QList<QByteArray> attrs;
    for (int i = 0; i < CMS_signed_get_attr_count(si); ++i) {
        unsigned char *buf = nullptr;
        const int len = i2d_X509_ATTRIBUTE(CMS_signed_get_attr(si, i), &buf);
        if (len <= 0)
            return {};
        attrs.append(QByteArray(reinterpret_cast<const char *>(buf), len));
        OPENSSL_free(buf);
    }
    std::sort(attrs.begin(), attrs.end(), [](const QByteArray &a, const QByteArray &b) {
        const int c = memcmp(a.constData(), b.constData(), size_t(std::min(a.size(), b.size())));
        return c != 0 ? c < 0 : a.size() < b.size();
    });
    QByteArray content;
    for (const QByteArray &a : attrs)
        content += a;
    QByteArray out(1, char(0x31));
    const qsizetype n = content.size();
    if (n < 0x80) {
        out += char(n);
    } else {
        QByteArray len;
        for (qsizetype v = n; v > 0; v >>= 8)
            len.prepend(char(v & 0xff));
        out += char(0x80 | len.size());
        out += len;
    }
    return out + content;
}

// Adds one SignerInfo by key to cms over the given SHA-256, with the CAdES-BES signed attributes,
// and signs it. The signature is computed here rather than by CMS_SignerInfo_sign, which would add
// a signing-time attribute that PAdES must not have.
Error addSigner(CMS_ContentInfo *cms, const SigningKey &key, const QByteArray &sha256,
                const CadesOptions &options)
{
    if (key.isNull())
        return Error::make(u"crypto.sign_failed"_s, {}, {u"no key"_s});
    if (sha256.size() != 32)
        return Error::make(u"crypto.sign_failed"_s, {}, {u"the digest is not SHA-256"_s});
    const SigningKey::Private *d = key.d();
    unsigned flags = CMS_BINARY | CMS_PARTIAL | CMS_CADES | CMS_NOSMIMECAP;
    if (hasCertificate(cms, d->cert))
        flags |= CMS_NOCERTS;
    CMS_SignerInfo *si = CMS_add1_signer(cms, d->cert, d->pkey, EVP_sha256(), flags);
    if (si == nullptr)
        return signFailed(u"cannot add the signer"_s);
    // CMS_CADES added signing-certificate-v2 (SHA-256 of the certificate, with issuer and serial).
    if (CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1) < 0)
        return signFailed(u"no signing-certificate-v2"_s);
    if (CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT, OBJ_nid2obj(NID_pkcs7_data),
                                    -1) != 1 ||
        CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, sha256.constData(),
                                    int(sha256.size())) != 1)
        return signFailed(u"cannot add the signed attributes"_s);
    if (options.withSigningTime) {
        const QDateTime when =
            (options.signingTime.isValid() ? options.signingTime : QDateTime::currentDateTimeUtc());
        ASN1_TIME *t = ASN1_TIME_set(nullptr, time_t(when.toSecsSinceEpoch()));
        const int ok =
            t != nullptr && CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, t->type, t, -1) == 1;
        ASN1_TIME_free(t);
        if (!ok)
            return signFailed(u"cannot add the signing time"_s);
    }
    const QByteArray toSign = signedAttributesDer(si);
    if (toSign.isEmpty())
        return signFailed(u"cannot encode the signed attributes"_s);
    auto sig = key.signSha256(toSign);
    if (!sig)
        return sig.error();
    ASN1_OCTET_STRING *value = CMS_SignerInfo_get0_signature(si);
    if (value == nullptr || ASN1_STRING_set(value, sig.value().constData(), int(sig.value().size())) != 1)
        return signFailed(u"cannot store the signature"_s);
    if (options.withChain) {
        for (int i = 0; i < sk_X509_num(d->chain); ++i) {
            X509 *c = sk_X509_value(d->chain, i);
            if (detail::isSelfSigned(c) || hasCertificate(cms, c))
                continue;
            if (CMS_add1_cert(cms, c) != 1)
                return signFailed(u"cannot add the chain"_s);
        }
    }
    return {};
}

// OpenSSL's SHA-256 (several times faster than QCryptographicHash's on a large document).
QByteArray sha256Of(const QByteArray &data)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.constData(), size_t(data.size()), digest, &len, EVP_sha256(), nullptr);
    return QByteArray(reinterpret_cast<const char *>(digest), int(len));
}

Result<QByteArray> newSignedData(const SigningKey &key, const QByteArray &sha256, const CadesOptions &options)
{
    ERR_clear_error();
    CmsPtr cms{CMS_sign(nullptr, nullptr, nullptr, nullptr, CMS_DETACHED | CMS_BINARY | CMS_PARTIAL)};
    if (!cms)
        return signFailed(u"cannot create the SignedData"_s);
    const Error e = addSigner(cms.get(), key, sha256, options);
    if (!e.isNull())
        return e;
    const QByteArray der = toDer(cms.get());
    if (der.isEmpty())
        return signFailed(u"cannot encode the SignedData"_s);
    return der;
}

} // namespace

Result<QByteArray> signDetached(const SigningKey &key, const QByteArray &data, const CadesOptions &options)
{
    return newSignedData(key, sha256Of(data), options);
}

Result<QByteArray> signDetachedDigest(const SigningKey &key, const QByteArray &sha256,
                                      const CadesOptions &options)
{
    return newSignedData(key, sha256, options);
}

Result<QByteArray> addParallelSignature(const QByteArray &existingCms, const SigningKey &key,
                                        const QByteArray &data, const CadesOptions &options)
{
    ERR_clear_error();
    BIO *bio = BIO_new_mem_buf(existingCms.constData(), int(existingCms.size()));
    CmsPtr cms{existingCms.contains("-----BEGIN") ? PEM_read_bio_CMS(bio, nullptr, nullptr, nullptr)
                                                  : d2i_CMS_bio(bio, nullptr)};
    BIO_free(bio);
    if (!cms || OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed)
        return Error::make(u"crypto.cms_invalid"_s, {}, {}, detail::opensslError());
    // A SignedData with its content inside (openssl -nodetach): the result is detached, as promised,
    // and only when that content is the data (else the earlier signers signed something else, or the
    // content is unsigned filler nobody should ship beside our signature).
    if (CMS_is_detached(cms.get()) == 0) {
        ASN1_OCTET_STRING **content = CMS_get0_content(cms.get());
        if (content == nullptr || *content == nullptr ||
            QByteArray::fromRawData(reinterpret_cast<const char *>(ASN1_STRING_get0_data(*content)),
                                    ASN1_STRING_length(*content)) != data)
            return Error::make(u"crypto.cms_content_mismatch"_s);
        if (CMS_set_detached(cms.get(), 1) != 1)
            return signFailed(u"cannot detach the content"_s);
    }
    // Each earlier signer's message digest must be data's: a parallel signature signs the same bytes.
    STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms.get());
    for (int i = 0; i < sk_CMS_SignerInfo_num(sis); ++i) {
        CMS_SignerInfo *si = sk_CMS_SignerInfo_value(sis, i);
        X509_ALGOR *digestAlg = nullptr;
        CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &digestAlg, nullptr);
        const ASN1_OBJECT *obj = nullptr;
        X509_ALGOR_get0(&obj, nullptr, nullptr, digestAlg);
        const EVP_MD *md = EVP_get_digestbyobj(obj);
        auto *stored = static_cast<ASN1_OCTET_STRING *>(
            CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
        if (md == nullptr || stored == nullptr)
            continue; // no signed attributes: nothing to compare without verifying the signature
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        if (EVP_Digest(data.constData(), size_t(data.size()), digest, &len, md, nullptr) != 1)
            return signFailed(u"cannot hash the data"_s);
        if (int(len) != ASN1_STRING_length(stored) || memcmp(digest, ASN1_STRING_get0_data(stored), len) != 0)
            return Error::make(u"crypto.cms_content_mismatch"_s);
    }
    const Error e = addSigner(cms.get(), key, sha256Of(data), options);
    if (!e.isNull())
        return e;
    const QByteArray der = toDer(cms.get());
    if (der.isEmpty())
        return signFailed(u"cannot encode the SignedData"_s);
    return der;
}

} // namespace oblik::crypto

#include "crypto/certificate.h"

#include "crypto/certificate_p.h"

#include <QCryptographicHash>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

using namespace Qt::StringLiterals;

namespace oblik::crypto {

namespace detail {

QString opensslError()
{
    QStringList parts;
    unsigned long e;
    while ((e = ERR_get_error()) != 0) {
        char buf[256];
        ERR_error_string_n(e, buf, sizeof buf);
        parts.append(QString::fromLatin1(buf));
    }
    return parts.join(u"; "_s);
}

X509 *x509FromDer(const QByteArray &der)
{
    const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
    return d2i_X509(nullptr, &p, der.size());
}

QByteArray x509ToDer(const X509 *cert)
{
    unsigned char *buf = nullptr;
    const int len = i2d_X509(cert, &buf);
    if (len <= 0)
        return {};
    QByteArray out(reinterpret_cast<const char *>(buf), len);
    OPENSSL_free(buf);
    return out;
}

QDateTime fromAsn1Time(const ASN1_TIME *t)
{
    struct tm tm = {};
    if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1)
        return {};
    return QDateTime(QDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday),
                     QTime(tm.tm_hour, tm.tm_min, tm.tm_sec), Qt::UTC);
}

static QString entryValue(const X509_NAME_ENTRY *entry)
{
    unsigned char *utf8 = nullptr;
    const int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(entry));
    if (len < 0)
        return {};
    QString s = QString::fromUtf8(reinterpret_cast<const char *>(utf8), len);
    OPENSSL_free(utf8);
    return s;
}

// "CN=..., O=..., C=UA": the most specific part first, as RFC 4514 writes names.
QString nameToString(const X509_NAME *name)
{
    QStringList parts;
    for (int i = X509_NAME_entry_count(name) - 1; i >= 0; --i) {
        const X509_NAME_ENTRY *entry = X509_NAME_get_entry(name, i);
        const ASN1_OBJECT *obj = X509_NAME_ENTRY_get_object(entry);
        const int nid = OBJ_obj2nid(obj);
        QString key;
        if (nid != NID_undef) {
            key = QString::fromLatin1(OBJ_nid2sn(nid));
        } else {
            char buf[80];
            OBJ_obj2txt(buf, sizeof buf, obj, 1);
            key = QString::fromLatin1(buf);
        }
        parts.append(key + u'=' + entryValue(entry));
    }
    return parts.join(u", "_s);
}

static QString nameEntry(const X509_NAME *name, int nid)
{
    const int i = X509_NAME_get_index_by_NID(name, nid, -1);
    return i < 0 ? QString() : entryValue(X509_NAME_get_entry(name, i));
}

bool isSelfSigned(X509 *cert)
{
    return X509_check_issued(cert, cert) == X509_V_OK;
}

QString keyAlgorithm(EVP_PKEY *key)
{
    if (key == nullptr)
        return {};
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
    case EVP_PKEY_RSA_PSS:
        return u"RSA-"_s + QString::number(EVP_PKEY_get_bits(key));
    case EVP_PKEY_EC: {
        char group[80] = {};
        size_t len = 0;
        QString curve;
        if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len) == 1)
            curve = QString::fromLatin1(group);
        else if (const EC_KEY *ec = EVP_PKEY_get0_EC_KEY(key)) // keys from a token (libp11) are legacy keys
            curve = QString::fromLatin1(OBJ_nid2sn(EC_GROUP_get_curve_name(EC_KEY_get0_group(ec))));
        if (curve == u"prime256v1" || curve == u"P-256")
            return u"ECDSA P-256"_s;
        if (curve == u"secp384r1" || curve == u"P-384")
            return u"ECDSA P-384"_s;
        if (curve == u"secp521r1" || curve == u"P-521")
            return u"ECDSA P-521"_s;
        return u"ECDSA "_s + curve;
    }
    case EVP_PKEY_ED25519:
        return u"Ed25519"_s;
    case EVP_PKEY_DSA:
        return u"DSA-"_s + QString::number(EVP_PKEY_get_bits(key));
    default:
        return QString::fromLatin1(OBJ_nid2sn(EVP_PKEY_get_base_id(key)));
    }
}

bool keySupported(EVP_PKEY *key)
{
    const QString alg = keyAlgorithm(key);
    if (alg == u"ECDSA P-256")
        return true;
    return EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA && EVP_PKEY_get_bits(key) >= 2048;
}

CertificateInfo certificateInfo(X509 *cert)
{
    CertificateInfo info;
    info.der = x509ToDer(cert);
    const X509_NAME *subject = X509_get_subject_name(cert);
    const X509_NAME *issuer = X509_get_issuer_name(cert);
    info.subject = nameToString(subject);
    info.commonName = nameEntry(subject, NID_commonName);
    info.organization = nameEntry(subject, NID_organizationName);
    info.taxId = nameEntry(subject, NID_serialNumber);
    if (info.taxId.isEmpty())
        info.taxId = nameEntry(subject, NID_organizationIdentifier);
    info.issuer = nameToString(issuer);
    info.issuerCommonName = nameEntry(issuer, NID_commonName);
    if (BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr)) {
        char *hex = BN_bn2hex(bn);
        info.serialHex = QString::fromLatin1(hex).toUpper();
        OPENSSL_free(hex);
        BN_free(bn);
    }
    info.notBefore = fromAsn1Time(X509_get0_notBefore(cert));
    info.notAfter = fromAsn1Time(X509_get0_notAfter(cert));
    info.keyAlgorithm = keyAlgorithm(X509_get0_pubkey(cert));
    const uint32_t flags = X509_get_extension_flags(cert); // also caches the extensions
    info.hasKeyUsage = (flags & EXFLAG_KUSAGE) != 0;
    if (info.hasKeyUsage) {
        const uint32_t ku = X509_get_key_usage(cert);
        if (ku & KU_DIGITAL_SIGNATURE)
            info.keyUsage |= unsigned(KeyUsage::DigitalSignature);
        if (ku & KU_NON_REPUDIATION)
            info.keyUsage |= unsigned(KeyUsage::NonRepudiation);
        if (ku & KU_KEY_ENCIPHERMENT)
            info.keyUsage |= unsigned(KeyUsage::KeyEncipherment);
        if (ku & KU_KEY_CERT_SIGN)
            info.keyUsage |= unsigned(KeyUsage::KeyCertSign);
        if (ku & KU_CRL_SIGN)
            info.keyUsage |= unsigned(KeyUsage::CrlSign);
    }
    info.isCa = (flags & EXFLAG_CA) != 0;
    info.sha256Hex =
        QString::fromLatin1(QCryptographicHash::hash(info.der, QCryptographicHash::Sha256).toHex());
    return info;
}

} // namespace detail

bool CertificateInfo::allowsSigning() const
{
    return !hasKeyUsage ||
           (keyUsage & (unsigned(KeyUsage::DigitalSignature) | unsigned(KeyUsage::NonRepudiation))) != 0;
}

QString CertificateInfo::displayName() const
{
    QString name = commonName.isEmpty() ? subject : commonName;
    if (!organization.isEmpty() && organization != name)
        name += u" ("_s + organization + u')';
    return name;
}

static bool isPem(const QByteArray &bytes)
{
    return bytes.contains("-----BEGIN");
}

Result<QList<CertificateInfo>> parseCertificates(const QByteArray &derOrPem)
{
    QList<CertificateInfo> out;
    if (isPem(derOrPem)) {
        BIO *bio = BIO_new_mem_buf(derOrPem.constData(), int(derOrPem.size()));
        while (X509 *x = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
            out.append(detail::certificateInfo(x));
            X509_free(x);
        }
        BIO_free(bio);
        ERR_clear_error(); // the end of the bundle reads as "no start line"
    } else if (detail::X509Ptr x{detail::x509FromDer(derOrPem)}) {
        out.append(detail::certificateInfo(x.get()));
    }
    if (out.isEmpty())
        return Error::make(u"crypto.certificate_invalid"_s, {}, {}, detail::opensslError());
    return out;
}

Result<CertificateInfo> parseCertificate(const QByteArray &derOrPem)
{
    auto all = parseCertificates(derOrPem);
    if (!all)
        return all.error();
    return all.value().first();
}

} // namespace oblik::crypto

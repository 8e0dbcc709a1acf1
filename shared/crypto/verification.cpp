#include "crypto/verification.h"

#include "crypto/certificate_p.h"
#include "crypto/verification_p.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
// pem.h before cms.h: cms.h declares PEM_read_bio_CMS only when pem.h came first.
#include <openssl/pem.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

using namespace Qt::StringLiterals;

namespace oblik::crypto {

// --- trust settings ---------------------------------------------------------------------------

Result<TrustSettings> TrustSettings::fromFiles(const QStringList &anchorFiles, const QStringList &crlFiles)
{
    TrustSettings trust;
    for (const QString &path : anchorFiles) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return Error::make(u"crypto.file_unreadable"_s, {}, {path}, f.errorString());
        auto certs = parseCertificates(f.readAll());
        if (!certs)
            return Error::make(u"crypto.certificate_invalid"_s, {}, {path}, certs.error().detail());
        for (const CertificateInfo &c : certs.value())
            trust.anchorsDer.append(c.der);
    }
    for (const QString &path : crlFiles) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return Error::make(u"crypto.file_unreadable"_s, {}, {path}, f.errorString());
        const QByteArray bytes = f.readAll();
        QList<QByteArray> found;
        BIO *bio = BIO_new_mem_buf(bytes.constData(), int(bytes.size()));
        if (bytes.contains("-----BEGIN")) {
            while (X509_CRL *crl = PEM_read_bio_X509_CRL(bio, nullptr, nullptr, nullptr)) {
                unsigned char *buf = nullptr;
                const int len = i2d_X509_CRL(crl, &buf);
                if (len > 0)
                    found.append(QByteArray(reinterpret_cast<const char *>(buf), len));
                OPENSSL_free(buf);
                X509_CRL_free(crl);
            }
        } else if (X509_CRL *crl = d2i_X509_CRL_bio(bio, nullptr)) {
            found.append(bytes);
            X509_CRL_free(crl);
        }
        BIO_free(bio);
        ERR_clear_error();
        if (found.isEmpty())
            return Error::make(u"crypto.crl_invalid"_s, {}, {path});
        trust.crlsDer += found;
    }
    return trust;
}

// --- texts ------------------------------------------------------------------------------------

namespace {

struct ProblemText
{
    SignatureProblem problem;
    const char *code;
    const char *title;
    const char *advice;
};

// Written for the accountant who receives the signed document: what is wrong, then what to do.
constexpr ProblemText kProblems[] = {
    {SignatureProblem::Modified, "modified",
     QT_TRANSLATE_NOOP("oblik::crypto", "The document was changed after it was signed"),
     QT_TRANSLATE_NOOP("oblik::crypto", "Do not rely on this copy. Ask the signer for the original signed "
                                        "document, or sign the current version again.")},
    {SignatureProblem::BadSignature, "bad_signature",
     QT_TRANSLATE_NOOP("oblik::crypto", "The signature is damaged or forged: it does not match the signer's "
                                        "key"),
     QT_TRANSLATE_NOOP("oblik::crypto", "Do not accept this signature. Ask the signer to sign the document "
                                        "again.")},
    {SignatureProblem::SignerCertMissing, "signer_cert_missing",
     QT_TRANSLATE_NOOP("oblik::crypto", "The signature does not contain the signer's certificate"),
     QT_TRANSLATE_NOOP("oblik::crypto",
                       "The signer cannot be identified. Ask the signer to sign again with a "
                       "program that includes the certificate in the signature.")},
    {SignatureProblem::SignerCertMismatch, "signer_cert_mismatch",
     QT_TRANSLATE_NOOP("oblik::crypto", "The signature names a different certificate than the one it was "
                                        "made with"),
     QT_TRANSLATE_NOOP("oblik::crypto", "Do not accept this signature: its certificate may have been "
                                        "substituted. Ask the signer to sign again.")},
    {SignatureProblem::UntrustedRoot, "untrusted_root",
     QT_TRANSLATE_NOOP("oblik::crypto", "The certificate was issued by a certification authority this "
                                        "program does not trust"),
     QT_TRANSLATE_NOOP("oblik::crypto", "Add the authority's root certificate to the trusted list, or ask "
                                        "the signer for a qualified certificate.")},
    {SignatureProblem::ChainIncomplete, "chain_incomplete",
     QT_TRANSLATE_NOOP("oblik::crypto", "The certificate cannot be traced to a trusted certification "
                                        "authority: a certificate in between is missing"),
     QT_TRANSLATE_NOOP("oblik::crypto", "Add the authority's intermediate certificate (from its website) to "
                                        "the program, or ask the signer to include the whole chain.")},
    {SignatureProblem::Expired, "expired",
     QT_TRANSLATE_NOOP("oblik::crypto", "The signer's certificate had expired when the document was signed"),
     QT_TRANSLATE_NOOP("oblik::crypto", "The signature is not valid. Ask the signer to renew the certificate "
                                        "and sign the document again.")},
    {SignatureProblem::NotYetValid, "not_yet_valid",
     QT_TRANSLATE_NOOP("oblik::crypto", "The signer's certificate was not yet valid when the document was "
                                        "signed"),
     QT_TRANSLATE_NOOP("oblik::crypto",
                       "Check the date and time of the signer's computer, and ask the signer "
                       "to sign again.")},
    {SignatureProblem::Revoked, "revoked",
     QT_TRANSLATE_NOOP("oblik::crypto", "The signer's certificate has been revoked by the certification "
                                        "authority"),
     QT_TRANSLATE_NOOP("oblik::crypto", "Do not accept this signature. The signer must get a new certificate "
                                        "and sign the document again.")},
    {SignatureProblem::CrlMissing, "crl_missing",
     QT_TRANSLATE_NOOP("oblik::crypto", "It cannot be checked whether the certificate was revoked: the "
                                        "authority's revocation list is missing"),
     QT_TRANSLATE_NOOP("oblik::crypto", "Download the current certificate revocation list (CRL) from the "
                                        "authority's website and add it to the program, then check again.")},
    {SignatureProblem::CrlExpired, "crl_expired",
     QT_TRANSLATE_NOOP("oblik::crypto", "The certificate revocation list is out of date"),
     QT_TRANSLATE_NOOP("oblik::crypto", "Download the current certificate revocation list (CRL) from the "
                                        "authority's website and check again.")},
    {SignatureProblem::WrongKeyUsage, "wrong_key_usage",
     QT_TRANSLATE_NOOP("oblik::crypto", "The signer's certificate is not meant for signing documents"),
     QT_TRANSLATE_NOOP("oblik::crypto", "Ask the signer to sign with a signing certificate (many authorities "
                                        "issue a separate one for encryption).")},
    {SignatureProblem::WeakAlgorithm, "weak_algorithm",
     QT_TRANSLATE_NOOP("oblik::crypto", "The signature uses an outdated algorithm that is no longer secure"),
     QT_TRANSLATE_NOOP("oblik::crypto", "Ask the signer to sign again with current software and a current "
                                        "certificate.")},
    {SignatureProblem::ModifiedAfterSigning, "modified_after_signing",
     QT_TRANSLATE_NOOP("oblik::crypto", "The document was changed after this signature: more than other "
                                        "signatures was added"),
     QT_TRANSLATE_NOOP("oblik::crypto", "The signed version may differ from what you see. Ask the signer for "
                                        "the original signed document.")},
    {SignatureProblem::Malformed, "malformed",
     QT_TRANSLATE_NOOP("oblik::crypto",
                       "The signature cannot be read: it is damaged or in an unknown format"),
     QT_TRANSLATE_NOOP("oblik::crypto", "Ask the signer to send the signed document again.")},
    {SignatureProblem::SigningTimeImplausible, "signing_time_implausible",
     QT_TRANSLATE_NOOP("oblik::crypto", "The signing time is outside the document's lifetime"),
     QT_TRANSLATE_NOOP("oblik::crypto", "Check the clock of the computer that signed, then sign again")},
};

const ProblemText *textOf(SignatureProblem p)
{
    for (const ProblemText &t : kProblems) {
        if (t.problem == p)
            return &t;
    }
    return nullptr;
}

QString tr(const char *text)
{
    return QCoreApplication::translate("oblik::crypto", text);
}

} // namespace

QString problemTitle(SignatureProblem problem)
{
    const ProblemText *t = textOf(problem);
    return t ? tr(t->title) : QString();
}

QString problemAdvice(SignatureProblem problem)
{
    const ProblemText *t = textOf(problem);
    return t ? tr(t->advice) : QString();
}

QString problemCode(SignatureProblem problem)
{
    const ProblemText *t = textOf(problem);
    return t ? QString::fromLatin1(t->code) : QString();
}

std::optional<SignatureProblem> problemFromCode(const QString &code)
{
    for (const ProblemText &t : kProblems) {
        if (code == QLatin1StringView(t.code))
            return t.problem;
    }
    return std::nullopt;
}

QString statusText(SignatureStatus status)
{
    switch (status) {
    case SignatureStatus::Valid:
        return QCoreApplication::translate("oblik::crypto", "The signature is valid");
    case SignatureStatus::Invalid:
        return QCoreApplication::translate("oblik::crypto", "The signature is NOT valid");
    case SignatureStatus::Indeterminate:
        return QCoreApplication::translate("oblik::crypto", "The signature could not be fully checked");
    }
    return {};
}

SignatureStatus statusFor(const QList<SignatureProblem> &problems)
{
    if (problems.isEmpty())
        return SignatureStatus::Valid;
    for (SignatureProblem p : problems) {
        switch (p) {
        case SignatureProblem::Modified:
        case SignatureProblem::BadSignature:
        case SignatureProblem::SignerCertMismatch:
        case SignatureProblem::Expired:
        case SignatureProblem::NotYetValid:
        case SignatureProblem::Revoked:
        case SignatureProblem::WrongKeyUsage:
        case SignatureProblem::WeakAlgorithm:
        case SignatureProblem::ModifiedAfterSigning:
        case SignatureProblem::Malformed:
        case SignatureProblem::SigningTimeImplausible:
            return SignatureStatus::Invalid;
        default:
            break;
        }
    }
    return SignatureStatus::Indeterminate;
}

bool VerificationReport::allValid() const
{
    if (signatures.isEmpty())
        return false;
    for (const SignatureReport &s : signatures) {
        if (!s.isValid())
            return false;
    }
    return true;
}

QString VerificationReport::toText() const
{
    auto t = [](const char *s) { return QCoreApplication::translate("oblik::crypto", s); };
    auto when = [](const QDateTime &d) { return d.toUTC().toString(u"yyyy-MM-dd HH:mm:ss 'UTC'"_s); };
    QString out;
    if (signatures.isEmpty())
        return t("No signatures found.") + u'\n';
    for (qsizetype i = 0; i < signatures.size(); ++i) {
        const SignatureReport &s = signatures[i];
        out +=
            t("Signature %1 of %2: %3").arg(i + 1).arg(signatures.size()).arg(statusText(s.status)) + u'\n';
        if (!s.format.isEmpty())
            out += u"  "_s + t("Format: %1").arg(s.format) + u'\n';
        if (!s.fieldName.isEmpty())
            out += u"  "_s + t("Field: %1").arg(s.fieldName) + u'\n';
        if (!s.signer.isNull()) {
            out += u"  "_s + t("Signer: %1").arg(s.signer.displayName()) + u'\n';
            if (!s.signer.taxId.isEmpty())
                out += u"  "_s + t("Tax number: %1").arg(s.signer.taxId) + u'\n';
            out += u"  "_s +
                   t("Certificate: serial %1, issued by %2, valid from %3 to %4")
                       .arg(s.signer.serialHex, s.signer.issuer, when(s.signer.notBefore),
                            when(s.signer.notAfter)) +
                   u'\n';
        }
        if (!s.chain.isEmpty()) {
            QStringList names;
            for (const CertificateInfo &c : s.chain)
                names.append(c.subject);
            out += u"  "_s + t("Chain: %1").arg(names.join(u" ← "_s)) + u'\n';
        }
        out += u"  "_s +
               (s.signingTime.isValid() ? t("Signing time: %1").arg(when(s.signingTime))
                                        : t("Signing time: not stated")) +
               u'\n';
        if (!s.reason.isEmpty())
            out += u"  "_s + t("Reason: %1").arg(s.reason) + u'\n';
        if (!s.location.isEmpty())
            out += u"  "_s + t("Location: %1").arg(s.location) + u'\n';
        for (qsizetype p = 0; p < s.problems.size(); ++p) {
            const QString arg = p < s.problemArgs.size() ? s.problemArgs[p] : QString();
            out += u"  - "_s + problemTitle(s.problems[p]) +
                   (arg.isEmpty() ? QString() : u" ("_s + arg + u')') + u".\n    "_s +
                   problemAdvice(s.problems[p]) + u'\n';
        }
    }
    return out;
}

// --- verification -----------------------------------------------------------------------------

namespace {

struct CmsFree
{
    void operator()(CMS_ContentInfo *c) const { CMS_ContentInfo_free(c); }
};

struct Problems
{
    QList<SignatureProblem> list;
    QStringList args;
    void add(SignatureProblem p, const QString &arg = {})
    {
        if (list.contains(p))
            return;
        list.append(p);
        args.append(arg);
    }
};

// A minimal DER reader for the ESS attribute (OpenSSL 3.0 keeps ESS_CERT_ID_V2 opaque).
struct Tlv
{
    unsigned char tag = 0;
    const unsigned char *start = nullptr; // the tag
    const unsigned char *content = nullptr;
    size_t length = 0;
    const unsigned char *end() const { return content + length; }
};

bool readTlv(const unsigned char *p, const unsigned char *end, Tlv &t)
{
    if (p == nullptr || end - p < 2)
        return false;
    t.start = p;
    t.tag = *p++;
    size_t len = *p++;
    if (len & 0x80) {
        const int n = int(len & 0x7f);
        if (n == 0 || n > 4 || end - p < n)
            return false;
        len = 0;
        for (int i = 0; i < n; ++i)
            len = (len << 8) | *p++;
    }
    if (size_t(end - p) < len)
        return false;
    t.content = p;
    t.length = len;
    return true;
}

// The hash (and its algorithm) of the first certificate an ESS signing-certificate(-v2) attribute
// names. v1 hashes are SHA-1.
bool essFirstCertHash(const ASN1_STRING *seq, bool v2, const EVP_MD **md, QByteArray *hash)
{
    const unsigned char *p = ASN1_STRING_get0_data(seq);
    const unsigned char *end = p + ASN1_STRING_length(seq);
    Tlv outer, certs, id, first;
    if (!readTlv(p, end, outer) || outer.tag != 0x30 || !readTlv(outer.content, outer.end(), certs) ||
        certs.tag != 0x30 || !readTlv(certs.content, certs.end(), id) || id.tag != 0x30 ||
        !readTlv(id.content, id.end(), first))
        return false;
    *md = v2 ? EVP_sha256() : EVP_sha1();
    if (first.tag == 0x30) { // hashAlgorithm (v2 only; DEFAULT sha256 when absent)
        const unsigned char *a = first.start;
        X509_ALGOR *alg = d2i_X509_ALGOR(nullptr, &a, long(first.end() - first.start));
        if (alg == nullptr)
            return false;
        const ASN1_OBJECT *obj = nullptr;
        X509_ALGOR_get0(&obj, nullptr, nullptr, alg);
        *md = EVP_get_digestbyobj(obj);
        X509_ALGOR_free(alg);
        if (*md == nullptr || !readTlv(first.end(), id.end(), first))
            return false;
    }
    if (first.tag != 0x04)
        return false;
    *hash = QByteArray(reinterpret_cast<const char *>(first.content), qsizetype(first.length));
    return true;
}

QDateTime signingTimeOf(CMS_SignerInfo *si)
{
    const int idx = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
    if (idx < 0)
        return {};
    ASN1_TYPE *t = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, idx), 0);
    if (t == nullptr || (t->type != V_ASN1_UTCTIME && t->type != V_ASN1_GENERALIZEDTIME))
        return {};
    return detail::fromAsn1Time(t->value.asn1_string);
}

struct ChainErrors
{
    QList<int> errors;
    QString revokedArg;
};

int collectErrors(int ok, X509_STORE_CTX *ctx)
{
    if (ok)
        return 1;
    auto *c = static_cast<ChainErrors *>(X509_STORE_CTX_get_app_data(ctx));
    const int err = X509_STORE_CTX_get_error(ctx);
    c->errors.append(err);
    if (err == X509_V_ERR_CERT_REVOKED && c->revokedArg.isEmpty()) {
        X509_CRL *crl = X509_STORE_CTX_get0_current_crl(ctx);
        X509 *cert = X509_STORE_CTX_get_current_cert(ctx);
        X509_REVOKED *rev = nullptr;
        if (crl != nullptr && cert != nullptr && X509_CRL_get0_by_cert(crl, &rev, cert) == 1 &&
            rev != nullptr) {
            c->revokedArg = detail::fromAsn1Time(X509_REVOKED_get0_revocationDate(rev)).toString(Qt::ISODate);
            if (auto *reason = static_cast<ASN1_ENUMERATED *>(
                    X509_REVOKED_get_ext_d2i(rev, NID_crl_reason, nullptr, nullptr))) {
                const long r = ASN1_ENUMERATED_get(reason);
                static const char *const names[] = {
                    "unspecified",   "keyCompromise",        "cACompromise",    "affiliationChanged",
                    "superseded",    "cessationOfOperation", "certificateHold", "",
                    "removeFromCRL", "privilegeWithdrawn",   "aACompromise"};
                if (r >= 0 && r <= 10 && names[r][0] != 0)
                    c->revokedArg += u", "_s + QString::fromLatin1(names[r]);
                ASN1_ENUMERATED_free(reason);
            }
        }
    }
    X509_STORE_CTX_set_error(ctx, X509_V_OK);
    return 1; // go on: every problem of the chain is reported, not only the first
}

void checkChain(X509 *signer, STACK_OF(X509) * cmsCerts, const TrustSettings &trust, const QDateTime &at,
                Problems &problems, SignatureReport &report)
{
    X509_STORE *store = X509_STORE_new();
    STACK_OF(X509) *untrusted = sk_X509_new_null();
    QList<X509_CRL *> crls;
    for (const QByteArray &der : trust.anchorsDer) {
        if (X509 *x = detail::x509FromDer(der)) {
            X509_STORE_add_cert(store, x);
            X509_free(x);
        }
    }
    for (int i = 0; cmsCerts != nullptr && i < sk_X509_num(cmsCerts); ++i) {
        X509_up_ref(sk_X509_value(cmsCerts, i));
        sk_X509_push(untrusted, sk_X509_value(cmsCerts, i));
    }
    for (const QByteArray &der : trust.intermediatesDer) {
        if (X509 *x = detail::x509FromDer(der))
            sk_X509_push(untrusted, x);
    }
    for (const QByteArray &der : trust.crlsDer) {
        const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
        if (X509_CRL *crl = d2i_X509_CRL(nullptr, &p, der.size())) {
            X509_STORE_add_crl(store, crl);
            crls.append(crl);
        }
    }
    X509_STORE_CTX *ctx = X509_STORE_CTX_new();
    ChainErrors collected;
    if (X509_STORE_CTX_init(ctx, store, signer, untrusted) == 1) {
        X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(ctx);
        X509_VERIFY_PARAM_set_time(param, time_t(at.toSecsSinceEpoch()));
        if (!trust.crlsDer.isEmpty() || trust.requireCrl)
            X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
        X509_STORE_CTX_set_app_data(ctx, &collected);
        X509_STORE_CTX_set_verify_cb(ctx, collectErrors);
        // The callback accepts every error it is shown; a failure it was not shown (an internal
        // error) must still keep the chain from counting as verified.
        if (X509_verify_cert(ctx) != 1 && collected.errors.isEmpty())
            problems.add(SignatureProblem::Malformed,
                         u"the chain cannot be verified: "_s + detail::opensslError());
        if (STACK_OF(X509) *chain = X509_STORE_CTX_get0_chain(ctx)) {
            for (int i = 0; i < sk_X509_num(chain); ++i)
                report.chain.append(detail::certificateInfo(sk_X509_value(chain, i)));
            // A CRL is out of date when its nextUpdate has passed now (not at the signing time: a CRL
            // issued after the signature is the better evidence, so "not yet valid" is no problem).
            const QDateTime now = trust.now.isValid() ? trust.now : QDateTime::currentDateTimeUtc();
            for (X509_CRL *crl : crls) {
                bool relevant = false;
                for (int i = 1; i < sk_X509_num(chain) && !relevant; ++i)
                    relevant = X509_NAME_cmp(X509_CRL_get_issuer(crl),
                                             X509_get_subject_name(sk_X509_value(chain, i))) == 0;
                const ASN1_TIME *next = X509_CRL_get0_nextUpdate(crl);
                if (relevant && next != nullptr && detail::fromAsn1Time(next) < now)
                    problems.add(SignatureProblem::CrlExpired);
            }
        }
    } else {
        problems.add(SignatureProblem::Malformed, detail::opensslError());
    }
    for (int err : collected.errors) {
        switch (err) {
        case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
        case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
        case X509_V_ERR_CERT_UNTRUSTED:
        case X509_V_ERR_CERT_REJECTED:
        case X509_V_ERR_INVALID_CA:
        case X509_V_ERR_PATH_LENGTH_EXCEEDED:
        case X509_V_ERR_INVALID_PURPOSE:
            problems.add(SignatureProblem::UntrustedRoot);
            break;
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
        case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
            // The issuer is nowhere. Of a CA certificate that is most likely a root this program
            // does not know (signatures carry the chain without the root), as it is when nothing
            // is trusted at all; of the signer's own certificate, a missing intermediate.
            if (trust.anchorsDer.isEmpty() || (!report.chain.isEmpty() && report.chain.last().isCa))
                problems.add(SignatureProblem::UntrustedRoot);
            else
                problems.add(SignatureProblem::ChainIncomplete);
            break;
        case X509_V_ERR_CERT_HAS_EXPIRED:
            problems.add(SignatureProblem::Expired);
            break;
        case X509_V_ERR_CERT_NOT_YET_VALID:
            problems.add(SignatureProblem::NotYetValid);
            break;
        case X509_V_ERR_CERT_REVOKED:
            problems.add(SignatureProblem::Revoked, collected.revokedArg);
            break;
        case X509_V_ERR_UNABLE_TO_GET_CRL:
        case X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER:
        case X509_V_ERR_DIFFERENT_CRL_SCOPE:
            if (trust.requireCrl)
                problems.add(SignatureProblem::CrlMissing);
            break;
        case X509_V_ERR_CRL_HAS_EXPIRED:
        case X509_V_ERR_CRL_NOT_YET_VALID:
            break; // judged against the current time above
        case X509_V_ERR_CERT_SIGNATURE_FAILURE:
        case X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
        case X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY:
            problems.add(SignatureProblem::BadSignature, u"certificate"_s);
            break;
        case X509_V_ERR_CRL_SIGNATURE_FAILURE:
        case X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE:
            problems.add(SignatureProblem::CrlMissing);
            break;
        case X509_V_ERR_EE_KEY_TOO_SMALL:
        case X509_V_ERR_CA_KEY_TOO_SMALL:
        case X509_V_ERR_CA_MD_TOO_WEAK:
            problems.add(SignatureProblem::WeakAlgorithm);
            break;
        default:
            problems.add(SignatureProblem::UntrustedRoot,
                         QString::fromLatin1(X509_verify_cert_error_string(err)));
            break;
        }
    }
    X509_STORE_CTX_free(ctx);
    X509_STORE_free(store);
    sk_X509_pop_free(untrusted, X509_free);
    for (X509_CRL *crl : crls)
        X509_CRL_free(crl);
}

SignatureReport verifyOne(CMS_ContentInfo *cms, CMS_SignerInfo *si, STACK_OF(X509) * cmsCerts,
                          const QByteArray &data, const TrustSettings &trust, const QDateTime &fallbackTime,
                          const QString &format)
{
    SignatureReport report;
    report.format = format;
    Problems problems;
    Q_UNUSED(cms);

    // The signer's certificate: in the CMS, else among the configured certificates.
    X509 *signer = nullptr;
    for (int i = 0; cmsCerts != nullptr && i < sk_X509_num(cmsCerts) && signer == nullptr; ++i) {
        if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(cmsCerts, i)) == 0)
            signer = sk_X509_value(cmsCerts, i);
    }
    detail::X509Ptr external;
    for (const QByteArray &der : trust.intermediatesDer + trust.anchorsDer) {
        if (signer != nullptr)
            break;
        external.reset(detail::x509FromDer(der));
        if (external && CMS_SignerInfo_cert_cmp(si, external.get()) == 0)
            signer = external.get();
    }
    if (signer != nullptr) {
        CMS_SignerInfo_set1_signer_cert(si, signer);
        report.signer = detail::certificateInfo(signer);
    }

    const QDateTime stated = signingTimeOf(si);
    report.signingTime = stated.isValid() ? stated : fallbackTime;
    const QDateTime at = report.signingTime.isValid()
                             ? report.signingTime
                             : (trust.now.isValid() ? trust.now : QDateTime::currentDateTimeUtc());

    X509_ALGOR *digestAlg = nullptr;
    CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &digestAlg, nullptr);
    const ASN1_OBJECT *digestObj = nullptr;
    X509_ALGOR_get0(&digestObj, nullptr, nullptr, digestAlg);
    const EVP_MD *md = EVP_get_digestbyobj(digestObj);
    const int mdNid = OBJ_obj2nid(digestObj);
    if (mdNid == NID_md5 || mdNid == NID_sha1 || mdNid == NID_md2 || mdNid == NID_md4)
        problems.add(SignatureProblem::WeakAlgorithm, QString::fromLatin1(OBJ_nid2sn(mdNid)));
    if (md == nullptr) {
        problems.add(SignatureProblem::Malformed, u"unknown digest algorithm"_s);
    } else {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        // A digest that cannot be computed (an algorithm the providers lack) must not compare equal
        // to an empty message-digest attribute.
        const bool hashed =
            EVP_Digest(data.constData(), size_t(data.size()), digest, &len, md, nullptr) == 1 && len > 0;
        const QByteArray dataDigest(reinterpret_cast<const char *>(digest), hashed ? int(len) : 0);
        const bool hasAttrs = CMS_signed_get_attr_count(si) > 0;
        if (!hashed) {
            problems.add(SignatureProblem::Malformed, u"the digest algorithm is not available"_s);
        } else if (hasAttrs) {
            auto *stored = static_cast<ASN1_OCTET_STRING *>(CMS_signed_get0_data_by_OBJ(
                si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
            if (stored == nullptr)
                problems.add(SignatureProblem::Malformed, u"no message digest"_s);
            else if (QByteArray(reinterpret_cast<const char *>(ASN1_STRING_get0_data(stored)),
                                ASN1_STRING_length(stored)) != dataDigest)
                problems.add(SignatureProblem::Modified);
            if (signer != nullptr && CMS_SignerInfo_verify(si) != 1)
                problems.add(SignatureProblem::BadSignature);
        } else if (signer != nullptr) {
            // No signed attributes: the signature is over the data itself.
            ASN1_OCTET_STRING *sig = CMS_SignerInfo_get0_signature(si);
            EVP_MD_CTX *ctx = EVP_MD_CTX_new();
            const bool ok = EVP_DigestVerifyInit(ctx, nullptr, md, nullptr, X509_get0_pubkey(signer)) == 1 &&
                            EVP_DigestVerify(ctx, ASN1_STRING_get0_data(sig), size_t(ASN1_STRING_length(sig)),
                                             reinterpret_cast<const unsigned char *>(data.constData()),
                                             size_t(data.size())) == 1;
            EVP_MD_CTX_free(ctx);
            if (!ok)
                problems.add(SignatureProblem::BadSignature);
        }
    }
    ERR_clear_error();

    // CAdES-BES and PAdES B-B (ETSI.CAdES.detached) require signed attributes with an ESS
    // signing-certificate(-v2): without it the signer's certificate could be swapped for another one
    // of the same key (RFC 5035). Legacy PDF signatures (adbe.pkcs7.detached) may lack both.
    const bool etsi = format == u"CAdES-BES"_s || format == u"PAdES-B-B"_s;
    if (etsi && CMS_signed_get_attr_count(si) <= 0)
        problems.add(SignatureProblem::Malformed, u"no signed attributes"_s);
    else if (etsi && CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2, -1) < 0 &&
             CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificate, -1) < 0)
        problems.add(SignatureProblem::Malformed, u"no signing-certificate attribute"_s);

    if (signer == nullptr) {
        problems.add(SignatureProblem::SignerCertMissing);
    } else {
        // ESS signing-certificate(-v2): the certificate the signer meant is the one that verifies.
        for (const bool v2 : {true, false}) {
            const int idx = CMS_signed_get_attr_by_NID(
                si, v2 ? NID_id_smime_aa_signingCertificateV2 : NID_id_smime_aa_signingCertificate, -1);
            if (idx < 0)
                continue;
            ASN1_TYPE *t = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, idx), 0);
            const EVP_MD *essMd = nullptr;
            QByteArray hash;
            if (t == nullptr || t->type != V_ASN1_SEQUENCE ||
                !essFirstCertHash(t->value.sequence, v2, &essMd, &hash)) {
                problems.add(SignatureProblem::Malformed, u"signing-certificate attribute"_s);
                break;
            }
            const QByteArray der = detail::x509ToDer(signer);
            unsigned char digest[EVP_MAX_MD_SIZE];
            unsigned int len = 0;
            EVP_Digest(der.constData(), size_t(der.size()), digest, &len, essMd, nullptr);
            if (hash != QByteArray(reinterpret_cast<const char *>(digest), int(len)))
                problems.add(SignatureProblem::SignerCertMismatch);
            break;
        }
        EVP_PKEY *pub = X509_get0_pubkey(signer);
        if (pub != nullptr && EVP_PKEY_get_base_id(pub) == EVP_PKEY_RSA && EVP_PKEY_get_bits(pub) < 2048)
            problems.add(SignatureProblem::WeakAlgorithm, detail::keyAlgorithm(pub));
        checkChain(signer, cmsCerts, trust, at, problems, report);
        if (!report.signer.allowsSigning())
            problems.add(SignatureProblem::WrongKeyUsage);
    }
    ERR_clear_error();
    report.problems = problems.list;
    report.problemArgs = problems.args;
    report.status = statusFor(report.problems);
    return report;
}

SignatureReport malformed(const QString &format, const QString &why)
{
    SignatureReport r;
    r.format = format;
    r.problems = {SignatureProblem::Malformed};
    r.problemArgs = {why};
    r.status = SignatureStatus::Invalid;
    return r;
}

CMS_ContentInfo *readCms(const QByteArray &bytes)
{
    BIO *bio = BIO_new_mem_buf(bytes.constData(), int(bytes.size()));
    CMS_ContentInfo *cms = bytes.contains("-----BEGIN") ? PEM_read_bio_CMS(bio, nullptr, nullptr, nullptr)
                                                        : d2i_CMS_bio(bio, nullptr);
    BIO_free(bio);
    if (cms != nullptr && OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed) {
        CMS_ContentInfo_free(cms);
        return nullptr;
    }
    return cms;
}

} // namespace

QList<SignatureReport> verifySignerInfos(const QByteArray &cmsDer, const QByteArray &signedBytes,
                                         const TrustSettings &trust, const QDateTime &fallbackTime,
                                         const QString &format)
{
    ERR_clear_error();
    std::unique_ptr<CMS_ContentInfo, CmsFree> cms{readCms(cmsDer)};
    if (!cms)
        return {malformed(format, detail::opensslError())};
    STACK_OF(X509) *certs = CMS_get1_certs(cms.get());
    QList<SignatureReport> out;
    STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms.get());
    for (int i = 0; i < sk_CMS_SignerInfo_num(sis); ++i)
        out.append(verifyOne(cms.get(), sk_CMS_SignerInfo_value(sis, i), certs, signedBytes, trust,
                             fallbackTime, format));
    sk_X509_pop_free(certs, X509_free);
    ERR_clear_error();
    return out;
}

SignatureReport verifySignedDataOver(const QByteArray &cmsDer, const QByteArray &signedBytes,
                                     const TrustSettings &trust, QDateTime fallbackTime, QString format)
{
    const QList<SignatureReport> all = verifySignerInfos(cmsDer, signedBytes, trust, fallbackTime, format);
    if (all.isEmpty())
        return malformed(format, u"no SignerInfo"_s);
    // A PDF signature has exactly one signer (ETSI EN 319 142-1 6.3): reporting the first of
    // several would hide what the others are (and whether they verify).
    if (all.size() > 1) {
        SignatureReport r = all.first();
        if (!r.problems.contains(SignatureProblem::Malformed)) {
            r.problems.append(SignatureProblem::Malformed);
            r.problemArgs.append(u"%1 SignerInfos in one PDF signature"_s.arg(all.size()));
        }
        r.status = statusFor(r.problems);
        return r;
    }
    return all.first();
}

Result<VerificationReport> verifyCades(const QByteArray &cms, const QByteArray &data,
                                       const TrustSettings &trust)
{
    ERR_clear_error();
    std::unique_ptr<CMS_ContentInfo, CmsFree> parsed{readCms(cms)};
    if (!parsed)
        return Error::make(u"crypto.cms_invalid"_s, {}, {}, detail::opensslError());
    VerificationReport report;
    report.signatures = verifySignerInfos(cms, data, trust, {}, u"CAdES-BES"_s);
    return report;
}

} // namespace oblik::crypto

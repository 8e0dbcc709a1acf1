#pragma once
// Verifies CAdES (detached CMS) and PAdES signatures (docs/signatures.md, "Verification"): every
// SignerInfo's signature over the data, the ESS signing certificate, the chain to the configured
// trust anchors at the signing time, CRLs where configured, the key usage, and for a PDF that the
// signed revision is unchanged. The report lists every signature with signer, chain and status, and
// each problem explains in words what is wrong and what to do.

#include "core/error.h"
#include "crypto/certificate.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QStringList>
#include <optional>

namespace oblik::crypto {

struct TrustSettings
{
    QList<QByteArray> anchorsDer;       // trusted roots (or any trusted CA)
    QList<QByteArray> intermediatesDer; // extra untrusted CA certificates to build chains
    QList<QByteArray> crlsDer;          // CRLs; when a chain's CA has one here, it is checked
    bool requireCrl = false;            // every CA of the chain must have a CRL here (else crl_missing)
    QDateTime now;                      // null: the current time (tests pin it)

    // PEM or DER files: each --trust file may hold several certificates; a --crl file one CRL.
    // crypto.file_unreadable (args: path), crypto.certificate_invalid, crypto.crl_invalid (args: path).
    static Result<TrustSettings> fromFiles(const QStringList &anchorFiles, const QStringList &crlFiles = {});
};

enum class SignatureProblem {
    Modified,               // the data (or the PDF's signed revision) changed after signing
    BadSignature,           // the signature value does not match the signer's key: forged or damaged
    SignerCertMissing,      // the signer's certificate is not in the signature
    SignerCertMismatch,     // signing-certificate-v2 names another certificate than the one used
    UntrustedRoot,          // the chain ends at a root that is not among the trust anchors
    ChainIncomplete,        // an intermediate certificate is missing
    Expired,                // the signer's (or a CA's) certificate was not valid at the signing time
    NotYetValid,            // ... not yet valid at the signing time
    Revoked,                // in a CRL (args: revocation date, reason)
    CrlMissing,             // requireCrl, and no CRL for a CA of the chain
    CrlExpired,             // the CRL's nextUpdate has passed
    WrongKeyUsage,          // the certificate may not sign documents (no digitalSignature/nonRepudiation)
    WeakAlgorithm,          // SHA-1/MD5 digest, RSA < 2048
    ModifiedAfterSigning,   // PDF: later revisions change more than signatures and form fields
    Malformed,              // not a CMS SignedData, a PDF signature dictionary we cannot read, ...
    SigningTimeImplausible, // the claimed signing time is outside the document's lifetime (server)
};

enum class SignatureStatus { Valid, Invalid, Indeterminate };

struct SignatureReport
{
    QString format;               // "CAdES-BES", "PAdES-B-B", "PAdES (adbe.pkcs7.detached)"
    CertificateInfo signer;       // null when SignerCertMissing
    QList<CertificateInfo> chain; // signer first, up to the root as built (even when untrusted)
    QDateTime signingTime;        // signing-time attribute or the PDF's /M; null when none
    SignatureStatus status = SignatureStatus::Indeterminate;
    QList<SignatureProblem> problems; // empty exactly when status is Valid
    QStringList problemArgs;          // per problem, in order: extra text (e.g. the revocation date) or ""
    // PDF only
    QString fieldName;              // "Signature1"
    qint64 signedLength = 0;        // bytes from 0 the signature's ByteRange spans (its revision)
    bool coversWholeFile = false;   // the last revision: nothing was appended after it
    QString reason, location, name; // the signature dictionary's /Reason, /Location, /Name
    bool isValid() const { return status == SignatureStatus::Valid; }
};

struct VerificationReport
{
    QList<SignatureReport> signatures;
    // At least one signature and all valid.
    bool allValid() const;
    // A plain-text report in the current translation, as `oblik-server verify` prints it: per
    // signature its status, signer, chain, time and every problem's explanation.
    QString toText() const;
};

// One line: what is wrong. The second: what to do. Both translated (context "oblik::crypto").
QString problemTitle(SignatureProblem problem);
QString problemAdvice(SignatureProblem problem);
QString statusText(SignatureStatus status);
// Stable codes for the API and the database: "modified", "bad_signature", "untrusted_root", ...
QString problemCode(SignatureProblem problem);
std::optional<SignatureProblem> problemFromCode(const QString &code);

// A detached CMS (DER or PEM) over data: one report entry per SignerInfo.
// crypto.cms_invalid when it is not a CMS SignedData at all.
Result<VerificationReport> verifyCades(const QByteArray &cms, const QByteArray &data,
                                       const TrustSettings &trust);

// Every signature field of a PDF (PAdES and adbe.pkcs7.detached), each over its byte ranges.
// A PDF without signatures gives an empty report. crypto.pdf_invalid when the PDF cannot be read.
Result<VerificationReport> verifyPdf(const QByteArray &pdf, const TrustSettings &trust);

} // namespace oblik::crypto

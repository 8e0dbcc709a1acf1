#pragma once
// Internal to oblik_crypto: the verification of one CMS SignedData over given bytes, shared by
// verifyCades (cades) and verifyPdf (PAdES, each signature over its ByteRange).

#include "crypto/verification.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace oblik::crypto {

// One report per SignerInfo of cmsDer (DER or PEM) over signedBytes. fallbackTime is the signing
// time when a SignerInfo has no signing-time attribute (a PDF's /M; null: trust.now or the current
// time); it becomes the report's signingTime then. format is copied into each report.
// A cmsDer that is not a SignedData gives one report with the problem Malformed.
QList<SignatureReport> verifySignerInfos(const QByteArray &cmsDer, const QByteArray &signedBytes,
                                         const TrustSettings &trust, const QDateTime &fallbackTime,
                                         const QString &format);

// The first SignerInfo's report (a PDF signature has exactly one); Malformed when there is none.
SignatureReport verifySignedDataOver(const QByteArray &cmsDer, const QByteArray &signedBytes,
                                     const TrustSettings &trust, QDateTime fallbackTime, QString format);

// The status a list of problems gives (docs/signatures.md): none → Valid; any of modified, bad
// signature, revoked, wrong key usage, expired, not yet valid, signer certificate mismatch, modified
// after signing, weak algorithm, malformed → Invalid; otherwise Indeterminate.
SignatureStatus statusFor(const QList<SignatureProblem> &problems);

} // namespace oblik::crypto

#pragma once
// PAdES baseline B-B (ETSI EN 319 142-1): a CAdES detached signature without signing-time (the time
// is /M) with signing-certificate-v2, embedded by pdf::prepare/embed (docs/signatures.md). A second
// signature is a second incremental update: the first one stays valid (pdfsig checks both).

#include "core/error.h"
#include "crypto/pdfsignature.h"
#include "crypto/signingkey.h"

#include <QByteArray>

namespace oblik::crypto {

// Errors: those of pdf::prepare/embed and signDetachedDigest.
Result<QByteArray> signPdf(const QByteArray &pdf, const SigningKey &key,
                           const pdf::SignatureFieldOptions &options = {});

// Cheap check without parsing: the bytes start with "%PDF-".
bool looksLikePdf(const QByteArray &bytes);

} // namespace oblik::crypto
